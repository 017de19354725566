"""Opening a model on CTranslate2: find or make the converted copy, then start the engine.

``WARTA_MT_MODEL`` may name a transformers model (hub id or directory), converted once into
``WARTA_MODEL_CACHE`` on first use, or a directory ``warta models convert`` already wrote. Threads: on a
CPU, ``WARTA_THREADS`` single-threaded replicas (``inter_threads``) run batches side by side, which on
2 cores measured faster than one replica with 2 threads (../shared/MODELS.md: 55 vs 32 sentences/s
greedy, 21 vs 17 beam 4); on a GPU one replica uses every thread.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from workers.ct2_convert import cache_dir, conversion_info, convert, default_compute_type, is_converted
from workers.pieces import PieceTokenizer, SentencePieceTokenizer

log = logging.getLogger(__name__)


def resolve_source(model_id: str) -> Path:
    """The local directory of a transformers model: the path itself, or the hub cache's snapshot."""
    if Path(model_id).is_dir():
        return Path(model_id)
    if model_id.startswith(("/", "./", "../", "~")):
        raise FileNotFoundError("no such directory")
    from huggingface_hub import snapshot_download

    try:
        return Path(snapshot_download(model_id, local_files_only=True))
    except (OSError, ValueError):
        return Path(snapshot_download(model_id))  # the hub, where it is reachable


def converted_copy(model_id: str, cache_root: Path, quantization: str | None = None) -> Path:
    """A CTranslate2 directory for ``model_id``, converting it into the cache the first time.

    The cached copy is stored already quantized to the compute type it will run in: loading a float32
    copy and quantizing it at load time would first hold the float32 weights (a 1.2 GB peak for
    mt5-small where int8 needs 0.3 GB).
    """
    if is_converted(Path(model_id)) or (Path(model_id) / "model.bin").is_file():
        return Path(model_id)
    source = resolve_source(model_id)
    target = cache_dir(cache_root, source, quantization)
    if not is_converted(target):
        log.info("converting %s for CTranslate2 (%s) into %s", model_id, quantization or "float32", target)
        convert(source, target, quantization=quantization)
    return target


def stored_quantization(device: str, compute_type: str) -> str | None:
    """What to store on disk for this compute type (None: float32, CTranslate2 converts at load)."""
    resolved = default_compute_type(device) if compute_type == "auto" else compute_type
    return None if resolved in ("float32", "default") else resolved


def open_engine(path: Path, device: str, compute_type: str, threads: int) -> Any:
    import ctranslate2

    kind, _, index = device.partition(":")
    threads = threads or os.cpu_count() or 1
    on_gpu = kind == "cuda"
    return ctranslate2.Translator(
        str(path), device=kind, device_index=int(index or 0),
        compute_type=default_compute_type(device) if compute_type == "auto" else compute_type,
        inter_threads=1 if on_gpu else threads, intra_threads=threads if on_gpu else 1,
    )  # fmt: skip


def load_tokenizer(path: Path) -> PieceTokenizer:
    """Pieces straight from the sentencepiece files (copied beside model.bin, else the original's)."""
    source = Path(conversion_info(path).get("source", ""))
    has_files = any((path / name).is_file() for name in ("source.spm", "spiece.model", "tokenizer.json"))
    return SentencePieceTokenizer.from_dir(path if has_files or not source.is_dir() else source)


def max_positions(path: Path) -> int:
    return int(conversion_info(path).get("max_positions", 512))
