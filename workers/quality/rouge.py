"""ROUGE-1/2/L F1 for summaries (the ``rouge-score`` package, no stemming: its stemmer is English)."""

from __future__ import annotations

from rouge_score import rouge_scorer

_scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=False)
SIGNATURE = "rouge-score|f1|no-stemmer|default-tokenizer"


def rouge(summary: str, reference: str) -> dict[str, float | str]:
    scores = _scorer.score(reference, summary)
    return {
        **{key: round(100 * value.fmeasure, 2) for key, value in scores.items()},
        "signature": SIGNATURE,
    }
