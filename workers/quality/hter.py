"""HTER: how much editing the machine English needed, as sacrebleu's TER of the machine English (the
hypothesis) against the English an editor left (the reference).

The score is ``Ter``'s, so it is the number ``sacrebleu EDITED -i MACHINE -m ter`` prints, with its
signature. ``edit_counts`` gives TER's two sums for one sentence (edits, reference words): summed over
any set of sentences they give that set's corpus TER, which is how ``/metrics`` reports HTER over time.
"""

from __future__ import annotations

from typing import Any

from sacrebleu.metrics import TER

from workers.quality.sacrebleu_metrics import Ter

_TER = TER()


def hter(machine: list[str], edited: list[str]) -> dict[str, Any] | None:
    """``{"score", "signature"}`` over the pairs, or None without any."""
    return Ter().corpus(machine, edited) if machine else None


def edit_counts(machine: str, edited: str) -> tuple[float, float]:
    """TER's edits and reference words for one pair."""
    score = _TER.sentence_score(machine, [edited])
    return float(score.num_edits), float(score.ref_length)
