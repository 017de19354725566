"""Fuzzy matches of a job's sentences against a memory's units, scored in bounded blocks.

rapidfuzz's ``cdist`` over every sentence and every unit allocates the whole score matrix: 4,004
sentences against a 110,000-unit TMX import made a worker 1.8 GB of float32 scores. Here units come in
pages and sentences in blocks, so one block of scores is held at a time, and only the best few
candidates of each sentence survive a block. Memory depends on the block sizes and on how many matches a
sentence may get, never on the product of the two counts.

The results must stay exactly those of the full matrix: each cell is the same ``cdist`` call (float32
scores, the same cutoff), rounded to one decimal before ranking, best first and then by the unit's
sentence, the sentence itself never its own match.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Generic, TypeVar

import numpy as np
from rapidfuzz import fuzz, process

T = TypeVar("T")

SENTENCE_BLOCK = 512
# Also the page of units the store reads at a time: one block of scores is 512 x 2,048 float32, 4 MB.
UNIT_BLOCK = 2048
# A score rounded to one decimal moves by at most 0.05, so two that round to the same value are less than
# 0.1 apart: a cell within this of the block's last kept score may still tie with it once rounded.
ROUNDING = 0.11


class BestMatches(Generic[T]):
    """The best ``limit`` units for each of ``sentences`` whose ratio reaches ``threshold``, fed page by
    page. Where two units share a sentence, the one added first is kept: the store adds a key's own
    units before the shared ones, and a key's own unit wins. ``block`` sentences are scored at a time."""

    def __init__(
        self, sentences: Sequence[str], threshold: float, limit: int, block: int = SENTENCE_BLOCK
    ) -> None:
        self.sentences, self.threshold, self.limit, self.block = list(sentences), threshold, limit, block
        self._lowered = [s.lower() for s in self.sentences]
        # Per sentence: (negated rounded score, unit sentence, unit), best first, at most ``limit``.
        self._best: list[list[tuple[float, str, T]]] = [[] for _ in self.sentences]

    def add(self, texts: Sequence[str], units: Sequence[T]) -> None:
        """Score one page of units (``texts`` their sources, no two alike: one owner's units) against
        every sentence, block by block."""
        lowered = [t.lower() for t in texts]
        for start in range(0, len(self.sentences), self.block):
            scores = process.cdist(self._lowered[start : start + self.block], lowered, scorer=fuzz.ratio,
                                   score_cutoff=self.threshold, dtype=np.float32, workers=1)  # fmt: skip
            for offset, row in enumerate(scores):
                self._keep(start + offset, row, texts, units)

    def _keep(self, index: int, row: np.ndarray, texts: Sequence[str], units: Sequence[T]) -> None:
        columns = np.flatnonzero(row)
        if len(columns) > self.limit + 1:
            # One more than the limit: the sentence itself may be among the best and is dropped below.
            floor = np.partition(row[columns], -(self.limit + 1))[-(self.limit + 1)]
            columns = columns[row[columns] >= floor - ROUNDING]
        sentence, best = self.sentences[index], self._best[index]
        held = {text for _, text, _ in best}
        found = [(-round(float(row[j]), 1), texts[j], units[j]) for j in columns.tolist()
                 if texts[j] != sentence and texts[j] not in held]  # fmt: skip
        if found:
            self._best[index] = sorted(best + found, key=lambda c: (c[0], c[1]))[: self.limit]

    def matches(self) -> dict[str, list[tuple[T, float]]]:
        """Each sentence with a match, in the order given: its units and their scores, best first."""
        return {
            sentence: [(unit, -score) for score, _, unit in best]
            for sentence, best in zip(self.sentences, self._best, strict=True)
            if best
        }
