"""The CTranslate2 translation backend: the same tokenizer and interface, a faster engine.

CTranslate2 runs ``inter_threads`` batches at once (one per replica), so ``translate_batches`` submits
every batch asynchronously and then collects them in order; on two cores two single-threaded replicas
beat one two-threaded one (see ``workers/ct2_engine.py``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

from workers.translate import TokenizedTranslator


class CTranslate2Translator(TokenizedTranslator):
    backend = "ctranslate2"

    def __init__(
        self, engine: Any, tokenizer: Any, *, model_id: str, num_beams: int, max_positions: int
    ) -> None:
        self.engine = engine
        super().__init__(tokenizer, model_id=model_id, num_beams=num_beams, max_positions=max_positions)

    def _tokens(self, text: str) -> list[str]:
        return self.tokenizer.convert_ids_to_tokens(self.tokenizer(text).input_ids)

    def translate_batches(self, batches: list[list[str]]) -> Iterator[list[str]]:
        pending = [self._submit([self._model_text(t) for t in batch]) if batch else [] for batch in batches]
        for results in pending:
            yield [self._detokenize(r.result().hypotheses[0]) for r in results]

    def _submit(self, texts: list[str]) -> list[Any]:
        tokens = [self._tokens(t) for t in texts]
        bound = self.output_bound(max(map(len, tokens)))
        return self.engine.translate_batch(
            tokens, beam_size=self.num_beams, max_decoding_length=bound,
            min_decoding_length=bound if self.fixed_output_tokens else 0,
            max_batch_size=0, asynchronous=True,
        )  # fmt: skip

    def _detokenize(self, tokens: list[str]) -> str:
        ids = self.tokenizer.convert_tokens_to_ids(tokens)
        return self.tokenizer.decode(ids, skip_special_tokens=True).strip()

    def _strongest_links(self, pairs: list[tuple[list[int], list[int]]]) -> list[list[int]]:
        """Teacher-forced on each target (given as prefix), averaged over the last layer's heads."""
        if not pairs:
            return []
        sources = [self.tokenizer.convert_ids_to_tokens(s) for s, _ in pairs]
        prefixes = [self.tokenizer.convert_ids_to_tokens(t[:-1]) for _, t in pairs]  # without </s>
        results = self.engine.translate_batch(
            sources, target_prefix=prefixes, beam_size=1, max_decoding_length=max(len(t) for _, t in pairs),
            return_attention=True, max_batch_size=32,
        )  # fmt: skip
        return [
            np.asarray(r.attention[0][: len(t)], dtype=np.float32).argmax(axis=1).tolist()
            for r, (_, t) in zip(results, pairs, strict=True)
        ]
