"""The CTranslate2 translation backend: the same tokenizer and interface, a faster engine.

CTranslate2 runs ``inter_threads`` batches at once (one per replica), so ``translate_batches`` submits
every batch asynchronously and then collects them in order; on two cores two single-threaded replicas
beat one two-threaded one (see ``workers/ct2_engine.py``).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import numpy as np

from workers.alignment import piece_offsets
from workers.pieces import PieceTokenizer
from workers.translate import TokenizedTranslator


class CTranslate2Translator(TokenizedTranslator):
    backend = "ctranslate2"

    def __init__(
        self, engine: Any, pieces: PieceTokenizer, *, model_id: str, num_beams: int, max_positions: int
    ) -> None:
        self.engine = engine
        super().__init__(pieces, model_id=model_id, num_beams=num_beams, max_positions=max_positions)

    def translate_batches(self, batches: list[list[str]]) -> Iterator[list[str]]:
        """Every batch submitted at once, each split across the engine's replicas; results in order.

        The attention of each best hypothesis comes back with it, so aligning a term or a name in this
        output later costs no second model pass.
        """
        encoded = [[self._source(self._model_text(t)) for t in batch] for batch in batches]
        pending = [self._submit(pieces) if pieces else [] for pieces in encoded]
        for batch, pieces, results in zip(batches, encoded, pending, strict=True):
            texts = []
            for source, source_pieces, result in zip(
                batch, pieces, (r.result() for r in results), strict=True
            ):
                tokens = result.hypotheses[0]
                texts.append(self._text(tokens))
                if result.attention:
                    self._remember_decoding(source, source_pieces, tokens, texts[-1], result.attention[0])
            yield texts

    def _text(self, tokens: list[str]) -> str:
        """A hypothesis as text: CTranslate2 returns the forced target tokens with it."""
        return self.pieces.decode(tokens[len(self.steering.target_prefix) :])

    def _prefixes(self, count: int) -> list[list[str]] | None:
        forced = list(self.steering.target_prefix)
        return [forced] * count if forced else None

    def _n_best(self, texts: list[str], count: int) -> list[list[str]]:
        tokens = [self._source(t) for t in texts]
        results = self.engine.translate_batch(
            tokens, beam_size=max(self.num_beams, count), num_hypotheses=count,
            max_decoding_length=self._decoding_bound(tokens), target_prefix=self._prefixes(len(tokens)),
        )  # fmt: skip
        return [[self._text(h) for h in result.hypotheses] for result in results]

    def _decoding_bound(self, tokens: list[list[str]]) -> int:
        """CTranslate2 counts the forced target tokens in the decoding length."""
        return self.output_bound(max(map(len, tokens))) + len(self.steering.target_prefix)

    def _submit(self, tokens: list[list[str]]) -> list[Any]:
        bound = self._decoding_bound(tokens)
        return self.engine.translate_batch(
            tokens, beam_size=self.num_beams, max_decoding_length=bound,
            min_decoding_length=bound if self.fixed_output_tokens else 0, return_attention=True,
            max_batch_size=split_for_replicas(len(tokens), self.engine), asynchronous=True,
            target_prefix=self._prefixes(len(tokens)),
        )  # fmt: skip

    def _remember_decoding(
        self,
        source: str,
        source_pieces: list[str],
        tokens: list[str],
        text: str,
        attention: list[list[float]],
    ) -> None:
        """Links of a pair decoded just now, from the attention that came with it (no second pass)."""
        target_pieces = [*tokens, self.pieces.eos]
        links = np.asarray(attention, dtype=np.float32).argmax(axis=1).tolist()
        links += [len(source_pieces) - 1] * (len(target_pieces) - len(links))
        offsets = piece_offsets(source_pieces, source), piece_offsets(target_pieces, text)
        self.remember_links((source, text), (links, *offsets))

    def _strongest_links(self, pairs: list[tuple[list[str], list[str]]]) -> list[list[int]]:
        """Teacher-forced on each target (given as prefix), averaged over the last layer's heads."""
        if not pairs:
            return []
        sources = [source for source, _ in pairs]
        prefixes = [target[:-1] for _, target in pairs]  # without </s>
        results = self.engine.translate_batch(
            sources, target_prefix=prefixes, beam_size=1, max_decoding_length=max(len(t) for _, t in pairs),
            return_attention=True, max_batch_size=split_for_replicas(len(pairs), self.engine),
        )  # fmt: skip
        return [
            np.asarray(r.attention[0][: len(t)], dtype=np.float32).argmax(axis=1).tolist()
            for r, (_, t) in zip(results, pairs, strict=True)
        ]


def split_for_replicas(items: int, engine: Any, most: int = 32) -> int:
    """A sub-batch size that keeps every replica busy: CTranslate2 runs one sub-batch per replica."""
    replicas = max(1, int(getattr(engine, "num_translators", 1)))
    return max(1, min(most, math.ceil(items / replicas)))
