"""The CTranslate2 summarization backend (mT5/T5): chunking and batching from ``ChunkedSummarizer``."""

from __future__ import annotations

from typing import Any

from workers.pieces import PieceTokenizer
from workers.summarize import LENGTH_PENALTY, NO_REPEAT_NGRAM_SIZE, ChunkedSummarizer
from workers.translate_ct2 import split_for_replicas


class CTranslate2Summarizer(ChunkedSummarizer):
    backend = "ctranslate2"

    def __init__(self, engine: Any, pieces: PieceTokenizer, **options: Any) -> None:
        self.engine = engine
        super().__init__(pieces, **options)

    def _generate_all(self, texts: list[str], max_new_tokens: int) -> list[str]:
        """CTranslate2 sorts by length, splits into batches and runs them on its replicas at once."""
        return self._generate(texts, max_new_tokens) if texts else []

    def _generate(self, texts: list[str], max_new_tokens: int) -> list[str]:
        tokens = [self.pieces.encode(t) for t in texts]
        results = self.engine.translate_batch(
            tokens, beam_size=self.num_beams, max_decoding_length=max_new_tokens,
            min_decoding_length=max_new_tokens if self.fixed_output_tokens else 0,
            no_repeat_ngram_size=NO_REPEAT_NGRAM_SIZE, length_penalty=LENGTH_PENALTY,
            max_input_length=self.max_input_tokens + 1,
            max_batch_size=split_for_replicas(len(texts), self.engine, self.batch_size),
        )  # fmt: skip
        return [self.pieces.decode(r.hypotheses[0]) for r in results]
