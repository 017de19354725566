"""``warta models make-tiny``: small random-weight Marian and mT5 models that load like real ones.

Real weights cannot be fetched in CI, and a fake model would test nothing. These models are built with
the real transformers classes and saved with ``save_pretrained``, so tests exercise exactly the loading,
tokenization and ``generate`` code that real opus-mt and mT5 checkpoints go through; only the weights
are random. The tokenizer is a sentencepiece model trained on sentences shipped in ``tiny_corpus/``.
The layouts follow opus-mt-id-en and mT5 (special-token ids, embedding scaling, tied embeddings).
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

CORPUS_DIR = Path(__file__).with_name("tiny_corpus")
MARIAN_DIR, MT5_DIR = "marian", "mt5"
SEED = 1234


def make_tiny_models(target: Path) -> dict[str, Path]:
    """Build both models under ``target``; returns their directories."""
    import torch

    torch.manual_seed(SEED)
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        spm_path = _train_sentencepiece(Path(tmp))
        return {
            "translation": _make_marian(spm_path, target / MARIAN_DIR),
            "summarization": _make_mt5(spm_path, target / MT5_DIR),
        }


def _train_sentencepiece(workdir: Path) -> Path:
    import sentencepiece as spm

    corpus = workdir / "corpus.txt"
    corpus.write_text(
        "".join(p.read_text(encoding="utf-8") for p in sorted(CORPUS_DIR.glob("*.txt"))), encoding="utf-8"
    )
    prefix = workdir / "tiny"
    # mT5's id layout: pad 0, eos 1, unk 2, no bos.
    spm.SentencePieceTrainer.train(
        input=str(corpus),
        model_prefix=str(prefix),
        vocab_size=1200,
        model_type="unigram",
        hard_vocab_limit=False,
        character_coverage=1.0,
        pad_id=0,
        eos_id=1,
        unk_id=2,
        bos_id=-1,
        num_threads=1,
        minloglevel=2,
    )
    return prefix.with_suffix(".model")


def _make_marian(spm_path: Path, out: Path) -> Path:
    import sentencepiece as spm
    from transformers import GenerationConfig, MarianConfig, MarianMTModel, MarianTokenizer

    processor = spm.SentencePieceProcessor(model_file=str(spm_path))
    specials = {"<pad>", "</s>", "<unk>"}
    pieces = [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
    # opus-mt layout: </s> = 0, <unk> = 1, the pieces, <pad> last.
    vocab = {"</s>": 0, "<unk>": 1}
    for piece in pieces:
        if piece not in specials:
            vocab.setdefault(piece, len(vocab))
    pad = vocab.setdefault("<pad>", len(vocab))
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp)
        for name in ("source.spm", "target.spm"):
            (src / name).write_bytes(spm_path.read_bytes())
        (src / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
        tokenizer = MarianTokenizer(
            source_spm=str(src / "source.spm"),
            target_spm=str(src / "target.spm"),
            vocab=str(src / "vocab.json"),
            source_lang="id",
            target_lang="en",
        )
        tokenizer.save_pretrained(out)
    config = MarianConfig(
        vocab_size=len(vocab),
        d_model=64,
        encoder_layers=2,
        decoder_layers=2,
        encoder_attention_heads=4,
        decoder_attention_heads=4,
        encoder_ffn_dim=128,
        decoder_ffn_dim=128,
        max_position_embeddings=512,
        scale_embedding=True,
        activation_function="swish",
        share_encoder_decoder_embeddings=True,
        pad_token_id=pad,
        decoder_start_token_id=pad,
        eos_token_id=0,
        bos_token_id=0,
        forced_eos_token_id=0,
    )
    model = MarianMTModel(config)
    model.generation_config = GenerationConfig(
        bad_words_ids=[[pad]],
        bos_token_id=0,
        eos_token_id=0,
        forced_eos_token_id=0,
        decoder_start_token_id=pad,
        pad_token_id=pad,
        max_length=512,
        num_beams=4,
    )
    model.save_pretrained(out)
    return out


def _make_mt5(spm_path: Path, out: Path) -> Path:
    from transformers import GenerationConfig, MT5Config, MT5ForConditionalGeneration, T5Tokenizer

    out.mkdir(parents=True, exist_ok=True)
    (out / "spiece.model").write_bytes(spm_path.read_bytes())
    tokenizer = T5Tokenizer.from_pretrained(out, extra_ids=100)
    tokenizer.save_pretrained(out)
    config = MT5Config(
        vocab_size=len(tokenizer),
        d_model=64,
        d_kv=16,
        d_ff=128,
        num_layers=2,
        num_decoder_layers=2,
        num_heads=4,
        feed_forward_proj="gated-gelu",
        pad_token_id=0,
        eos_token_id=1,
        decoder_start_token_id=0,
    )
    model = MT5ForConditionalGeneration(config)
    model.generation_config = GenerationConfig(pad_token_id=0, eos_token_id=1, decoder_start_token_id=0)
    model.save_pretrained(out)
    return out
