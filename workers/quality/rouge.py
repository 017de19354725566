"""ROUGE-1/2/L F1 for summaries (the ``rouge-score`` package, no stemming: its stemmer is English)."""

from __future__ import annotations

from rouge_score import rouge_scorer

_scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=False)
SIGNATURE = "rouge-score|f1|no-stemmer|default-tokenizer"


def rouge(summary: str, reference: str) -> dict[str, float | str]:
    """The scores with their signature, as a result reports them."""
    return {**rouge_scores(summary, reference), "signature": SIGNATURE}


def rouge_scores(summary: str, reference: str) -> dict[str, float]:
    """ROUGE-1, -2 and -L F1 in percent, alone: what a benchmark averages over its articles."""
    return {key: round(100 * value.fmeasure, 2) for key, value in _scorer.score(reference, summary).items()}
