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


def post_edit_report(sources: list[str], machine: list[str], human: list[str]) -> dict[str, Any]:
    """A post-edited set's HTER: over the set (sacrebleu's corpus TER, with its signature), the share of
    sentences the editors changed at all, and each sentence's TER, the most edited first."""
    ter = Ter()
    sentences = [
        {"index": i, "source": s, "machine": m, "human": h, "hter": ter.sentence(m, h), "edited": m != h}
        for i, (s, m, h) in enumerate(zip(sources, machine, human, strict=True))
    ]
    edited = sum(1 for row in sentences if row["edited"])
    return {
        "lines": len(sentences),
        "edited": edited,
        "edit_rate": round(edited / len(sentences), 4) if sentences else 0.0,
        "hter": hter(machine, human),
        "sentences": sorted(sentences, key=lambda row: (-row["hter"], row["index"])),
    }
