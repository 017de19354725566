"""Build a tiny CometKiwi-shaped model (random weights) so Warta's COMET path runs for real offline.

Run it with the Python of the environment where unbabel-comet is installed (it needs transformers<5,
so not Warta's own): ``/path/to/comet-env/bin/python benchmarks/quality/make_tiny_comet.py OUT``.
It writes ``OUT/checkpoints/model.ckpt`` and ``OUT/hparams.yaml``, the layout ``comet-score --model``
loads, with a small XLM-R encoder and sentencepiece tokenizer trained on Warta's tiny corpus. The
scores it gives are meaningless; what it proves is that the files, flags and JSON round-trip work.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import sentencepiece as spm
import torch
import yaml
from comet.models import UnifiedMetric
from transformers import XLMRobertaConfig, XLMRobertaTokenizer

CORPUS = Path(__file__).resolve().parents[1] / "tiny_corpus"


def build_encoder(folder: Path) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        text = Path(scratch) / "corpus.txt"
        text.write_text("".join(p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))))
        prefix = Path(scratch) / "spm"
        spm.SentencePieceTrainer.train(
            input=str(text), model_prefix=str(prefix), vocab_size=800, hard_vocab_limit=False,
            model_type="unigram", character_coverage=1.0, num_threads=1, minloglevel=2,
        )  # fmt: skip
        tokenizer = XLMRobertaTokenizer(vocab_file=f"{prefix}.model")
        tokenizer.save_pretrained(folder)
    config = XLMRobertaConfig(
        vocab_size=len(tokenizer) + 1, hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
        intermediate_size=64, max_position_embeddings=514,
    )  # fmt: skip
    config.save_pretrained(folder)


def main(out: Path) -> None:
    encoder = out / "encoder"
    build_encoder(encoder)
    torch.manual_seed(0)
    model = UnifiedMetric(
        pretrained_model=str(encoder), load_pretrained_weights=False, hidden_sizes=[32],
        input_segments=["mt", "src"], word_layer=2, layer_transformation="softmax",
    )  # fmt: skip
    (out / "checkpoints").mkdir(parents=True, exist_ok=True)
    torch.save({"state_dict": model.state_dict(), "hyper_parameters": dict(model.hparams),
                "pytorch-lightning_version": "2.0.0"}, out / "checkpoints" / "model.ckpt")  # fmt: skip
    hparams = {"class_identifier": "unified_metric", **dict(model.hparams)}
    (out / "hparams.yaml").write_text(yaml.safe_dump(hparams), encoding="utf-8")
    print(out / "checkpoints" / "model.ckpt")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
