"""BLEU, chrF++ and TER through sacrebleu, reported exactly as ``sacrebleu`` on the command line does.

Scores are formatted with sacrebleu's own width (one decimal) and carry its signature, so a number in a
Warta report is the number a user gets from ``sacrebleu REF -i HYP -m bleu chrf ter --chrf-word-order 2``.
"""

from __future__ import annotations

from typing import Any

from sacrebleu.metrics import BLEU, CHRF, TER

from workers.quality.base import Metric

WIDTH = 1  # sacrebleu's default --width


class _Sacrebleu(Metric):
    def __init__(self, corpus_metric: Any, sentence_metric: Any) -> None:
        self._corpus, self._sentence = corpus_metric, sentence_metric

    def corpus(self, hypotheses: list[str], references: list[str]) -> dict[str, Any]:
        score = self._corpus.corpus_score(hypotheses, [references])
        return {"score": float(f"{score.score:.{WIDTH}f}"), "signature": str(self._corpus.get_signature())}

    def sentence(self, hypothesis: str, reference: str) -> float:
        return float(f"{self._sentence.sentence_score(hypothesis, [reference]).score:.{WIDTH}f}")


class Bleu(_Sacrebleu):
    name = "bleu"

    def __init__(self) -> None:
        # Sentence BLEU needs effective order, or short sentences score zero (sacrebleu's advice).
        super().__init__(BLEU(), BLEU(effective_order=True))


class ChrfPlusPlus(_Sacrebleu):
    name = "chrf"

    def __init__(self) -> None:
        super().__init__(CHRF(word_order=2), CHRF(word_order=2))


class Ter(_Sacrebleu):
    name = "ter"

    def __init__(self) -> None:
        super().__init__(TER(), TER())


METRICS: tuple[Metric, ...] = (Bleu(), ChrfPlusPlus(), Ter())
