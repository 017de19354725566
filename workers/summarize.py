"""Abstractive summaries with an mT5/T5 model, hierarchical and batched across articles.

mT5_multilingual_XLSum was trained on 512 input tokens. A longer article is never cut: it is split at
sentence boundaries into chunks that fit, each chunk is summarized, and the joined chunk summaries are
summarized again until they fit (hierarchical summarization). The result says how many chunks and
rounds it took. The articles of a job are summarized together: each round sends the chunks of every
article still too long in one batch, and the final round every article's last chunk. Backends (transformers
here, CTranslate2 in ``summarize_ct2``) only implement ``_generate``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from workers.batching import halving
from workers.pieces import HuggingFacePieces, PieceTokenizer
from workers.text.segment import split_sentences, split_to_fit

# The XL-Sum authors' decoding settings for news (model card of csebuetnlp/mT5_multilingual_XLSum).
NO_REPEAT_NGRAM_SIZE = 2
LENGTH_PENALTY = 1.0
MAX_ROUNDS = 4


@dataclass(frozen=True)
class Summary:
    text: str
    input_tokens: int
    chunks: int
    rounds: int
    input_truncated: bool = False


class ChunkedSummarizer:
    backend = ""

    def __init__(
        self, pieces: PieceTokenizer, *, model_id: str, num_beams: int, max_new_tokens: int,
        max_input_tokens: int, batch_size: int = 8,
    ) -> None:  # fmt: skip
        self.pieces, self.model_id, self.num_beams = pieces, model_id, num_beams
        self.max_new_tokens, self.max_input_tokens = max_new_tokens, max_input_tokens
        self.batch_size = batch_size
        # Benchmarks fix the output length so random weights do not distort timing; None in service.
        self.fixed_output_tokens: int | None = None

    def count_tokens(self, text: str) -> int:
        return len(self.pieces.encode(text))

    def summarize(self, text: str, max_new_tokens: int | None = None) -> Summary:
        return self.summarize_many([text], max_new_tokens)[0]

    def summarize_many(self, texts: list[str], max_new_tokens: int | None = None) -> list[Summary]:
        limit = self.fixed_output_tokens or max_new_tokens or self.max_new_tokens
        texts = [" ".join(t.split()) for t in texts]
        chunks = [self.chunk(t) for t in texts]
        first_round = [len(c) for c in chunks]
        rounds = [1] * len(texts)
        while True:
            open_ = [i for i, c in enumerate(chunks) if len(c) > 1 and rounds[i] < MAX_ROUNDS]
            if not open_:
                break
            partial = iter(self._generate_all([c for i in open_ for c in chunks[i]], limit))
            for i in open_:
                chunks[i] = self.chunk(" ".join(next(partial) for _ in chunks[i]))
                rounds[i] += 1
        # After MAX_ROUNDS a text that still does not fit is cut, and the result says so.
        finals = self._generate_all([" ".join(c) for c in chunks], limit)
        return [
            Summary(final, self.count_tokens(text), first, n, input_truncated=len(c) > 1)
            for final, text, first, n, c in zip(finals, texts, first_round, rounds, chunks, strict=True)
        ]

    def chunk(self, text: str) -> list[str]:
        """Consecutive runs of whole sentences, each within the model's input (sentences cut only if alone
        too long)."""
        pieces = [
            p
            for s in split_sentences(text)
            for p in split_to_fit(s, self.count_tokens, self.max_input_tokens)
        ]
        chunks: list[str] = []
        for piece in pieces:
            candidate = f"{chunks[-1]} {piece}" if chunks else piece
            if chunks and self.count_tokens(candidate) <= self.max_input_tokens:
                chunks[-1] = candidate
            else:
                chunks.append(piece)
        return chunks or [text]

    def _generate_all(self, texts: list[str], max_new_tokens: int) -> list[str]:
        """Longest first in batches of similar length, results back in the caller's order."""
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        out: list[str] = [""] * len(texts)
        for batch in _groups(order, self.batch_size):
            made = halving(lambda items: self._generate(items, max_new_tokens), [texts[i] for i in batch])
            for i, summary in zip(batch, made, strict=True):
                out[i] = summary
        return out

    def _generate(self, texts: list[str], max_new_tokens: int) -> list[str]:
        raise NotImplementedError


class TransformersSummarizer(ChunkedSummarizer):
    backend = "transformers"

    def __init__(self, model: Any, tokenizer: Any, **options: Any) -> None:
        self.model, self.tokenizer = model, tokenizer
        super().__init__(HuggingFacePieces(tokenizer), **options)

    def _generate(self, texts: list[str], max_new_tokens: int) -> list[str]:
        import torch

        inputs = self.tokenizer(texts, return_tensors="pt", padding=True, truncation=True,
                                max_length=self.max_input_tokens).to(self.model.device)  # fmt: skip
        with torch.inference_mode():
            output = self.model.generate(
                **inputs, num_beams=self.num_beams, max_new_tokens=max_new_tokens,
                min_new_tokens=max_new_tokens if self.fixed_output_tokens else None,
                no_repeat_ngram_size=NO_REPEAT_NGRAM_SIZE, length_penalty=LENGTH_PENALTY,
            )  # fmt: skip
        return [t.strip() for t in self.tokenizer.batch_decode(output, skip_special_tokens=True)]


def _groups(items: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(items), max(1, size)):
        yield items[start : start + size]
