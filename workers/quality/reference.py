"""Scores against a reference translation the user sent, at the level the reference allows.

A reference with one line (or one sentence) per output sentence is aligned sentence by sentence and
scored at corpus and sentence level; any other reference is scored against the whole translation at
document level, since forcing an alignment would score the aligner, not the translation.
"""

from __future__ import annotations

from typing import Any

from workers.quality.sacrebleu_metrics import METRICS
from workers.text.segment import split_sentences


def reference_sentences(reference: str, wanted: int) -> list[str] | None:
    lines = [" ".join(line.split()) for line in reference.splitlines() if line.strip()]
    if len(lines) == wanted:
        return lines
    sentences = [s for line in lines for s in split_sentences(line)]
    return sentences if len(sentences) == wanted else None


def reference_scores(hypotheses: list[str], reference: str) -> dict[str, Any]:
    aligned = reference_sentences(reference, len(hypotheses))
    if aligned is None:
        document = [" ".join(hypotheses)], [" ".join(reference.split())]
        return {"level": "document", **{m.name: m.corpus(*document) for m in METRICS}}
    return {
        "level": "sentence",
        **{m.name: m.corpus(hypotheses, aligned) for m in METRICS},
        "sentences": [
            {m.name: m.sentence(h, r) for m in METRICS} for h, r in zip(hypotheses, aligned, strict=True)
        ],
    }
