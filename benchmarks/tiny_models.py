"""``warta models make-tiny``: small random-weight Marian and mT5 models that load like real ones.

Real weights cannot be fetched in CI, and a fake model would test nothing. These models are built with
the real transformers classes and saved with ``save_pretrained``, so tests exercise exactly the loading,
tokenization and ``generate`` code that real opus-mt and mT5 checkpoints go through; only the weights
are random. The tokenizer is a sentencepiece model trained on sentences shipped in ``tiny_corpus/``.
The layouts follow opus-mt-id-en and mT5 (special-token ids, embedding scaling, tied embeddings).

``make_multilingual_models`` adds the language-token families a multi-language service meets: a second
one-pair Marian (en→es), an opus-mt-en-mul style Marian whose source starts with ``>>spa<<``, an
NLLB-200 style M2M100 with ``eng_Latn``-style codes, and an M2M-100 style one with ``__en__``-style
codes. It is a separate function, seeded per model, so the two models above stay bit-identical.
"""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

CORPUS_DIR = Path(__file__).with_name("tiny_corpus")
MARIAN_DIR, MT5_DIR = "marian", "mt5"
MARIAN_EN_ES_DIR, MARIAN_EN_MUL_DIR, NLLB_DIR, M2M100_DIR = "marian-en-es", "marian-en-mul", "nllb", "m2m100"
SEED = 1234
# The tiny size of the Marian and M2M-100 family models: ~0.5M parameters, seconds to build.
TINY_SEQ2SEQ = {
    "d_model": 64, "encoder_layers": 2, "decoder_layers": 2, "encoder_attention_heads": 4,
    "decoder_attention_heads": 4, "encoder_ffn_dim": 128, "decoder_ffn_dim": 128,
}  # fmt: skip
# Target-language tokens of an opus-mt-en-mul style model: the source text starts with one of them. The real
# model lists hundreds (ISO 639-3, some with a script suffix); these are the ones a news service asks for.
MARIAN_MUL_LANGUAGE_TOKENS = (
    ">>spa<<", ">>fra<<", ">>ind<<", ">>zsm<<", ">>zsm_Latn<<", ">>deu<<", ">>por<<", ">>ita<<", ">>nld<<",
    ">>rus<<", ">>ara<<", ">>cmn_Hans<<", ">>jpn<<", ">>kor<<", ">>vie<<", ">>tha<<", ">>tgl_Latn<<",
    ">>jav<<",
)  # fmt: skip
# NLLB-200's config.json says vocab_size 256206 for a 256204-entry tokenizer; CTranslate2 pads the vocabulary
# with "madeupword" tokens to match, and the tiny model keeps that mismatch.
NLLB_MADEUP_WORDS = 2


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


def make_multilingual_models(target: Path) -> dict[str, Path]:
    """Build the language-token models under ``target`` (one directory each); returns their directories.

    Separate from ``make_tiny_models`` so its models, which golden tests compare bit for bit, keep their
    random-number sequence. Each model here has a seed of its own: adding one never changes another, and
    en→es does not come out with the very weights of id→en (a request routed to the wrong model must show).
    """
    import torch

    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        unigram = _train_sentencepiece(Path(tmp))
        bpe = _train_fairseq_bpe(Path(tmp))
        builders: dict[str, Callable[[], Path]] = {
            "marian-en-es": lambda: _make_marian(
                unigram, target / MARIAN_EN_ES_DIR, source_lang="en", target_lang="es"
            ),
            "marian-en-mul": lambda: _make_marian(
                unigram,
                target / MARIAN_EN_MUL_DIR,
                source_lang="en",
                target_lang="mul",
                language_tokens=MARIAN_MUL_LANGUAGE_TOKENS,
            ),
            "nllb": lambda: _make_nllb(bpe, target / NLLB_DIR),
            "m2m100": lambda: _make_m2m100(bpe, target / M2M100_DIR),
        }
        built = {}
        for offset, (name, build) in enumerate(builders.items(), start=1):
            torch.manual_seed(SEED + offset)
            built[name] = build()
        return built


def _train_sentencepiece(workdir: Path) -> Path:
    """mT5's id layout: pad 0, eos 1, unk 2, no bos (the Marian models re-number it in their vocab)."""
    corpus = _write_corpus(workdir)
    return _train(workdir / "tiny", corpus, "unigram", 1200, pad_id=0, eos_id=1, unk_id=2, bos_id=-1)


def _train(prefix: Path, corpus: Path, model_type: str, vocab_size: int, **layout: int) -> Path:
    """A sentencepiece model of ``corpus``, its special pieces' ids as ``layout`` says."""
    import sentencepiece as spm

    spm.SentencePieceTrainer.train(
        input=str(corpus), model_prefix=str(prefix), vocab_size=vocab_size, model_type=model_type,
        hard_vocab_limit=False, character_coverage=1.0, num_threads=1, minloglevel=2, **layout,
    )  # fmt: skip
    return prefix.with_suffix(".model")


def _write_corpus(workdir: Path) -> Path:
    corpus = workdir / "corpus.txt"
    corpus.write_text(
        "".join(p.read_text(encoding="utf-8") for p in sorted(CORPUS_DIR.glob("*.txt"))), encoding="utf-8"
    )
    return corpus


def _train_fairseq_bpe(workdir: Path) -> Path:
    """A BPE sentencepiece model in NLLB's and M2M-100's layout (``<unk>`` 0, ``<s>`` 1, ``</s>`` 2).

    Both ship a BPE ``sentencepiece.bpe.model``, and transformers 5's ``NllbTokenizer`` is a BPE
    ``tokenizers`` model converted from it: a unigram spm would be re-read as BPE and split words
    differently from ``sentencepiece`` itself, which CTranslate2 users encode with.
    """
    corpus = _write_corpus(workdir)
    return _train(workdir / "fairseq-bpe", corpus, "bpe", 2000, unk_id=0, bos_id=1, eos_id=2, pad_id=-1)


def _make_marian(
    spm_path: Path,
    out: Path,
    *,
    source_lang: str = "id",
    target_lang: str = "en",
    language_tokens: Sequence[str] = (),
) -> Path:
    """An opus-mt style model; ``language_tokens`` (``>>spa<<``…) make it a multi-target one.

    The language tokens take ids right after ``<unk>`` in ``vocab.json``: ``MarianTokenizer`` cuts a
    leading ``>>xxx<<`` off the text before sentencepiece and looks it up there, so the spm never sees it.
    """
    import sentencepiece as spm
    from transformers import GenerationConfig, MarianConfig, MarianMTModel, MarianTokenizer

    processor = spm.SentencePieceProcessor(model_file=str(spm_path))
    specials = {"<pad>", "</s>", "<unk>"}
    pieces = [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
    # opus-mt layout: </s> = 0, <unk> = 1, language tokens, the pieces, <pad> last.
    vocab = {"</s>": 0, "<unk>": 1}
    for token in language_tokens:
        vocab.setdefault(token, len(vocab))
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
            source_lang=source_lang,
            target_lang=target_lang,
        )
        tokenizer.save_pretrained(out)
    config = MarianConfig(
        vocab_size=len(vocab),
        **TINY_SEQ2SEQ,
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


def _make_nllb(spm_path: Path, out: Path) -> Path:
    """An NLLB-200 style model: M2M100 weights, ``NllbTokenizer`` with the 202 ``eng_Latn``-style codes.

    Ids follow the real checkpoint: ``<s>`` 0, ``<pad>`` 1, ``</s>`` 2, ``<unk>`` 3, then each spm piece at
    its spm id + 1 (fairseq's offset), the language codes in FAIRSEQ_LANGUAGE_CODES order, ``<mask>`` last.
    Loading with ``mask_token=None`` and adding it afterwards is what puts ``<mask>`` after the codes.
    """
    from transformers import GenerationConfig, M2M100ForConditionalGeneration, NllbTokenizer
    from transformers.models.nllb.tokenization_nllb import FAIRSEQ_LANGUAGE_CODES

    out.mkdir(parents=True, exist_ok=True)
    (out / "sentencepiece.bpe.model").write_bytes(spm_path.read_bytes())
    tokenizer = NllbTokenizer.from_pretrained(
        out, extra_special_tokens=list(FAIRSEQ_LANGUAGE_CODES), mask_token=None
    )
    tokenizer.add_special_tokens({"mask_token": "<mask>"})
    tokenizer.save_pretrained(out)
    model = M2M100ForConditionalGeneration(
        _m2m100_config(len(tokenizer) + NLLB_MADEUP_WORDS, tokenizer_class="NllbTokenizer")
    )
    model.generation_config = GenerationConfig(
        bos_token_id=0, decoder_start_token_id=2, eos_token_id=2, pad_token_id=1, max_length=200
    )
    model.save_pretrained(out)
    return out


def _make_m2m100(spm_path: Path, out: Path) -> Path:
    """An M2M-100 style model: ``M2M100Tokenizer`` with ``vocab.json``, the spm and ``__en__``-style codes.

    ``vocab.json`` is fairseq's dictionary: the four specials, then pieces by falling frequency in the
    corpus, so (as in the real model) a piece's id is not its spm id + 1 and must be looked up. The
    tokenizer appends the 100 language tokens after it and counts 8 "madeup words" the model also has.
    """
    import sentencepiece as spm
    from transformers import GenerationConfig, M2M100ForConditionalGeneration, M2M100Tokenizer
    from transformers.models.m2m_100.tokenization_m2m_100 import FAIRSEQ_LANGUAGE_CODES

    processor = spm.SentencePieceProcessor(model_file=str(spm_path))
    counts = Counter(
        piece
        for path in sorted(CORPUS_DIR.glob("*.txt"))
        for line in path.read_text(encoding="utf-8").splitlines()
        for piece in processor.encode(line, out_type=str)
    )
    specials = ("<s>", "<pad>", "</s>", "<unk>")
    pieces = [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
    ranked = [p for *_, p in sorted((-counts[p], i, p) for i, p in enumerate(pieces) if p not in specials)]
    vocab = {token: i for i, token in enumerate([*specials, *ranked])}
    with tempfile.TemporaryDirectory() as tmp:
        vocab_file, spm_file = Path(tmp) / "vocab.json", Path(tmp) / "sentencepiece.bpe.model"
        vocab_file.write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
        spm_file.write_bytes(spm_path.read_bytes())
        # Without the explicit list, transformers 5 leaves the language tokens out of the added tokens (the
        # class passes them as ``additional_special_tokens``, which 5.x ignores): ``len()`` and
        # ``get_vocab()`` then miss them, CTranslate2's converter leaves them out, and sentencepiece splits
        # ``"__en__"``. A hub checkpoint's tokenizer_config.json lists them and loads right.
        languages = [f"__{code}__" for code in FAIRSEQ_LANGUAGE_CODES["m2m100"]]
        tokenizer = M2M100Tokenizer(
            vocab_file=str(vocab_file), spm_file=str(spm_file), extra_special_tokens=languages
        )
        if len(tokenizer) != len(vocab) + len(languages):
            raise RuntimeError(
                f"M2M100Tokenizer holds {len(tokenizer)} tokens, not {len(vocab) + len(languages)}"
            )
        tokenizer.save_pretrained(out)
    model = M2M100ForConditionalGeneration(
        _m2m100_config(len(tokenizer) + tokenizer.num_madeup_words, tokenizer_class="M2M100Tokenizer")
    )
    model.generation_config = GenerationConfig(
        bos_token_id=0,
        decoder_start_token_id=2,
        eos_token_id=2,
        pad_token_id=1,
        max_length=200,
        num_beams=5,
        early_stopping=True,
    )
    model.save_pretrained(out)
    return out


def _m2m100_config(vocab_size: int, *, tokenizer_class: str) -> Any:
    """facebook/nllb-200-distilled-600M's and m2m100_418M's config (they agree) at the tiny size."""
    from transformers import M2M100Config

    return M2M100Config(
        vocab_size=vocab_size,
        **TINY_SEQ2SEQ,
        max_position_embeddings=1024,
        encoder_layerdrop=0.0,
        decoder_layerdrop=0.0,
        activation_function="relu",
        scale_embedding=True,
        tie_word_embeddings=True,
        pad_token_id=1,
        bos_token_id=0,
        eos_token_id=2,
        decoder_start_token_id=2,
        tokenizer_class=tokenizer_class,
    )
