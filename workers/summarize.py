"""Abstractive summaries with an mT5/T5 model through transformers ``generate``.

mT5_multilingual_XLSum was trained on 512 input tokens. A longer article is never cut: it is split at
sentence boundaries into chunks that fit, each chunk is summarized, and the joined chunk summaries are
summarized again until they fit (hierarchical summarization). The result says how many chunks and
rounds it took.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import torch

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


class TransformersSummarizer:
    backend = "transformers"

    def __init__(
        self,
        model: Any,
        tokenizer: Any,
        *,
        model_id: str,
        num_beams: int,
        max_new_tokens: int,
        max_input_tokens: int,
    ) -> None:
        self.model, self.tokenizer, self.model_id = model, tokenizer, model_id
        self.num_beams, self.max_new_tokens, self.max_input_tokens = (
            num_beams,
            max_new_tokens,
            max_input_tokens,
        )

    def count_tokens(self, text: str) -> int:
        return len(self.tokenizer(text).input_ids)

    def summarize(self, text: str, max_new_tokens: int | None = None) -> Summary:
        limit = max_new_tokens or self.max_new_tokens
        text = " ".join(text.split())
        input_tokens = self.count_tokens(text)
        chunks = self.chunk(text)
        first_round = len(chunks)
        rounds = 1
        while len(chunks) > 1 and rounds < MAX_ROUNDS:
            partial = self._generate(chunks, limit)
            chunks = self.chunk(" ".join(partial))
            rounds += 1
        # After MAX_ROUNDS a text that still does not fit is cut, and the result says so.
        [summary] = self._generate([" ".join(chunks)], limit)
        return Summary(summary, input_tokens, first_round, rounds, input_truncated=len(chunks) > 1)

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

    def _generate(self, texts: list[str], max_new_tokens: int) -> list[str]:
        inputs = self.tokenizer(texts, return_tensors="pt", padding=True, truncation=True,
                                max_length=self.max_input_tokens).to(self.model.device)  # fmt: skip
        with torch.inference_mode():
            output = self.model.generate(
                **inputs, num_beams=self.num_beams, max_new_tokens=max_new_tokens,
                no_repeat_ngram_size=NO_REPEAT_NGRAM_SIZE, length_penalty=LENGTH_PENALTY,
            )  # fmt: skip
        return [t.strip() for t in self.tokenizer.batch_decode(output, skip_special_tokens=True)]
