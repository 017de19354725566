"""Making the CTranslate2 copy of a transformers model, and finding it again in the model cache.

Two corrections to CTranslate2 4.8's ``TransformersConverter`` are applied here:

* transformers 5 forces ``tie_word_embeddings=True`` on every MT5Config, and the converter then scales
  the decoder output by ``d_model**-0.5``, which transformers 5 itself does not do. Greedy tokens
  survive, but log-probabilities are off by several nats, which breaks beam search. Whether the model
  scales is *measured* (logits vs ``lm_head`` of the last hidden state) rather than assumed.
* Alignment uses the average of all heads of the last decoder layer instead of the first head only,
  because a single head is a much noisier word aligner.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

CONVERTED_MARK = "warta-conversion.json"
# Files the backends read beside model.bin (tokenizers, generation settings).
TOKENIZER_FILES = (
    "source.spm", "target.spm", "vocab.json", "spiece.model", "tokenizer.json", "tokenizer_config.json",
    "special_tokens_map.json", "generation_config.json", "sentencepiece.bpe.model", "added_tokens.json",
)  # fmt: skip
DEFAULT_POSITIONS = 512  # T5-family models have relative positions; 512 is what they were trained on


def default_compute_type(device: str) -> str:
    """int8 on a CPU; int8 weights with float16 activations on a GPU."""
    return "int8_float16" if device.startswith("cuda") else "int8"


def cache_dir(cache_root: Path, model_dir: Path, quantization: str | None = None) -> Path:
    """One cache entry per source model directory, its weights' identity (names, sizes) and quantization."""
    weights = sorted(p for p in model_dir.iterdir() if p.suffix in (".safetensors", ".bin"))
    identity = json.dumps([str(model_dir.resolve())] + [[p.name, p.stat().st_size] for p in weights])
    digest = hashlib.sha256(identity.encode()).hexdigest()[:16]
    return cache_root / f"{model_dir.name}-{quantization or 'float32'}-{digest}"


def is_converted(path: Path) -> bool:
    return (path / "model.bin").is_file() and (path / CONVERTED_MARK).is_file()


def convert(model_dir: Path, output_dir: Path, *, quantization: str | None = None) -> Path:
    """Convert ``model_dir`` (a saved transformers model) into ``output_dir``, atomically.

    Weights are kept in float32 unless ``quantization`` is given; CTranslate2 quantizes at load time to
    the compute type asked for, so one float32 copy serves int8 on a CPU and float16 on a GPU.
    """
    output_dir.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=output_dir.parent, prefix=".converting-") as scratch:
        staging = Path(scratch) / "model"
        converter = _converter(model_dir)
        converter.convert(str(staging), quantization=quantization, force=True)
        for name in TOKENIZER_FILES:
            if (model_dir / name).is_file() and not (staging / name).exists():
                shutil.copy2(model_dir / name, staging / name)
        mark = {
            "source": str(model_dir.resolve()), "quantization": quantization or "float32",
            "unscaled_decoder_output": converter.unscaled, "max_positions": converter.max_positions,
        }  # fmt: skip
        (staging / CONVERTED_MARK).write_text(json.dumps(mark), encoding="utf-8")
        if is_converted(output_dir):
            return output_dir  # another worker finished the same conversion first
        if output_dir.exists():
            shutil.rmtree(output_dir)
        staging.rename(output_dir)
    return output_dir


def _converter(model_dir: Path) -> Any:
    from ctranslate2.converters import TransformersConverter

    class WartaConverter(TransformersConverter):  # type: ignore[misc]  # ctranslate2 ships no stubs: its classes are Any
        unscaled = False
        max_positions = DEFAULT_POSITIONS

        def load_model(self, model_class: Any, model_name_or_path: str, **kwargs: Any) -> Any:
            model = super().load_model(model_class, model_name_or_path, **kwargs)
            self.max_positions = int(getattr(model.config, "max_position_embeddings", 0) or DEFAULT_POSITIONS)
            t5_family = getattr(model.config, "model_type", "") in ("t5", "mt5")
            if t5_family and model.config.tie_word_embeddings and not _scales_decoder_output(model):
                model.config.tie_word_embeddings = False
                self.unscaled = True
            return model

        def _load(self) -> Any:
            spec = super()._load()
            decoder = getattr(spec, "decoder", None)
            if decoder is not None and hasattr(decoder, "alignment_heads") and hasattr(decoder, "num_heads"):
                decoder.alignment_heads = type(decoder.alignment_heads)(decoder.num_heads)
            return spec

    return WartaConverter(str(model_dir), low_cpu_mem_usage=True)


def _scales_decoder_output(model: Any) -> bool:
    """Does this seq2seq model multiply the decoder output by ``d_model**-0.5`` before ``lm_head``?"""
    import torch

    if not hasattr(model, "lm_head") or not hasattr(model.config, "d_model"):
        return True
    probe = torch.tensor([[5, 6, 7, 1]])
    start = torch.tensor([[model.config.decoder_start_token_id or 0]])
    with torch.inference_mode():
        out = model(input_ids=probe, decoder_input_ids=start, output_hidden_states=True)
        plain = model.lm_head(out.decoder_hidden_states[-1])
    return not torch.allclose(out.logits, plain, atol=1e-4)


def conversion_info(path: Path) -> dict[str, Any]:
    mark = path / CONVERTED_MARK
    return json.loads(mark.read_text(encoding="utf-8")) if mark.is_file() else {}
