"""Tokenizers at the level of sentencepiece pieces: what the translation and summary backends need.

CTranslate2 takes and returns piece strings, so its backends tokenize with ``sentencepiece`` alone
(``SentencePieceTokenizer``): importing transformers' tokenizers pulls in torch, about 200 MB of a
worker's memory for nothing. The transformers backends wrap their Hugging Face tokenizer
(``HuggingFacePieces``) behind the same small interface; tests hold the two to the same pieces.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Protocol

EOS, PAD, UNK = "</s>", "<pad>", "<unk>"
M2M_SPM = "sentencepiece.bpe.model"
_EXTRA_ID = re.compile(r"^<extra_id_\d+>$")
UNBOUNDED = 1_000_000


class PieceTokenizer(Protocol):
    eos: str
    max_length: int

    def encode(self, text: str) -> list[str]: ...
    def encode_target(self, text: str) -> list[str]: ...
    def decode(self, pieces: list[str]) -> str: ...
    def is_unknown(self, char: str) -> bool: ...


def count(tokenizer: PieceTokenizer, text: str) -> int:
    """Pieces of ``text`` without the end-of-sequence marker."""
    return len(tokenizer.encode(text)) - 1


class SentencePieceTokenizer:
    """Marian (``source.spm``, ``target.spm``, ``vocab.json``) or T5 (``spiece.model``) from the files."""

    eos = EOS

    def __init__(self, source: Any, target: Any, vocabulary: set[str], max_length: int) -> None:
        self.source, self.target, self.vocabulary, self.max_length = source, target, vocabulary, max_length

    @classmethod
    def from_dir(cls, folder: Path) -> SentencePieceTokenizer | TokenizersPieces:
        """From the sentencepiece files (Marian's, T5's); else from ``tokenizer.json`` (NLLB's, which
        transformers reads as BPE, so sentencepiece would split some text differently); else from
        M2M-100's ``sentencepiece.bpe.model`` with ``vocab.json``, which it ships without one."""
        import sentencepiece as spm

        config = _json(folder / "tokenizer_config.json")
        max_length = int(min(config.get("model_max_length", UNBOUNDED), UNBOUNDED))
        if not any((folder / name).is_file() for name in ("source.spm", "spiece.model")):
            if (folder / "tokenizer.json").is_file() or not (folder / M2M_SPM).is_file():
                return TokenizersPieces(folder)
            model = spm.SentencePieceProcessor(model_file=str(folder / M2M_SPM))
            return cls(model, model, set(_json(folder / "vocab.json")), max_length)
        if (folder / "source.spm").is_file():
            source = spm.SentencePieceProcessor(model_file=str(folder / "source.spm"))
            target = spm.SentencePieceProcessor(model_file=str(folder / "target.spm"))
            return cls(source, target, set(_json(folder / "vocab.json")), max_length)
        model = spm.SentencePieceProcessor(model_file=str(folder / "spiece.model"))
        pieces = {model.id_to_piece(i) for i in range(model.get_piece_size()) if not model.is_unknown(i)}
        return cls(model, model, pieces, max_length)

    def encode(self, text: str) -> list[str]:
        return [*self._known(self.source.encode(text, out_type=str)), EOS]

    def encode_target(self, text: str) -> list[str]:
        return [*self._known(self.target.encode(text, out_type=str)), EOS]

    def _known(self, pieces: list[str]) -> list[str]:
        return [p if p in self.vocabulary else UNK for p in pieces]

    def decode(self, pieces: list[str]) -> str:
        kept = [p for p in pieces if not _special(p)]
        return self.source.decode_pieces(kept).strip()

    def is_unknown(self, char: str) -> bool:
        return UNK in self._known(self.source.encode(char, out_type=str))


class TokenizersPieces:
    """A ``tokenizer.json`` through the ``tokenizers`` library (no torch either)."""

    eos = EOS

    def __init__(self, folder: Path) -> None:
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        config = _json(folder / "tokenizer_config.json")
        self.max_length = int(min(config.get("model_max_length", UNBOUNDED), UNBOUNDED))
        self.unk_id = self.tokenizer.token_to_id(UNK)

    def encode(self, text: str) -> list[str]:
        encoding = self.tokenizer.encode(text, add_special_tokens=False)
        return [
            *(UNK if i == self.unk_id else t for t, i in zip(encoding.tokens, encoding.ids, strict=True)),
            EOS,
        ]

    encode_target = encode

    def decode(self, pieces: list[str]) -> str:
        # A piece the vocabulary lacks reads as <unk>; a vocabulary without <unk> has nothing to read it as.
        ids = (self.tokenizer.token_to_id(p) for p in pieces if not _special(p))
        known = [self.unk_id if i is None else i for i in ids]
        return self.tokenizer.decode([i for i in known if i is not None]).strip()

    def is_unknown(self, char: str) -> bool:
        return self.unk_id in self.tokenizer.encode(char, add_special_tokens=False).ids


class HuggingFacePieces:
    """A transformers tokenizer seen as pieces (for the transformers backends)."""

    def __init__(self, tokenizer: Any) -> None:
        self.hf = tokenizer
        self.eos = tokenizer.eos_token
        self.max_length = int(min(tokenizer.model_max_length, UNBOUNDED))

    def encode(self, text: str) -> list[str]:
        """The text's pieces and the end of sequence, and nothing else: a tokenizer that adds its
        current language's token itself (NLLB, M2M-100) would otherwise add the wrong one; the language
        tokens are the translator's to add (``Steering``)."""
        ids = self.hf(text, add_special_tokens=False).input_ids
        return self.hf.convert_ids_to_tokens([*ids, self.hf.eos_token_id])

    def encode_target(self, text: str) -> list[str]:
        """Through the target side's own sentencepiece model where there is one (Marian's); NLLB's and
        M2M-100's target side differs only in the language token, which the translator adds."""
        if not hasattr(self.hf, "spm_target"):
            return self.encode(text)
        ids = self.hf(text_target=text, add_special_tokens=False).input_ids
        return self.hf.convert_ids_to_tokens([*ids, self.hf.eos_token_id])

    def decode(self, pieces: list[str]) -> str:
        return self.hf.decode(self.hf.convert_tokens_to_ids(pieces), skip_special_tokens=True).strip()

    def is_unknown(self, char: str) -> bool:
        return self.hf.unk_token_id in self.hf(char, add_special_tokens=False).input_ids


def _special(piece: str) -> bool:
    return piece in (EOS, PAD, UNK) or bool(_EXTRA_ID.match(piece))


def _json(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
