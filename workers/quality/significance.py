"""Did a change help? Paired bootstrap resampling of BLEU and chrF++ between two benchmark reports."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sacrebleu.metrics import BLEU, CHRF
from sacrebleu.significance import PairedTest, Result


def compare(baseline: dict[str, Any], candidate: dict[str, Any], samples: int = 1000) -> dict[str, Any]:
    """Paired bootstrap resampling (sacrebleu) of BLEU and chrF++: did the change help?"""
    if "summary" in (baseline["dataset"].get("kind"), candidate["dataset"].get("kind")):
        raise ValueError("comparisons are of translation runs (BLEU and chrF++ resampling)")
    references = [s["reference"] for s in baseline["sentences"]]
    if references != [s["reference"] for s in candidate["sentences"]]:
        raise ValueError("the two runs were not made on the same references")
    systems: list[tuple[str, Sequence[str]]] = [
        ("baseline", [s["hypothesis"] for s in baseline["sentences"]]),
        ("candidate", [s["hypothesis"] for s in candidate["sentences"]]),
    ]
    signatures, results = PairedTest(systems, {"bleu": BLEU(), "chrf": CHRF(word_order=2)}, [references],
                                     test_type="bs", n_samples=samples)()  # fmt: skip
    report: dict[str, Any] = {"samples": samples}
    for key, name in (("bleu", "BLEU"), ("chrf", "chrF2++")):
        base, cand, p_value = _paired(results[name])
        report[key] = {
            "baseline": round(base, 2), "candidate": round(cand, 2),
            "difference": round(cand - base, 2), "p_value": round(p_value, 4),
            "signature": str(signatures[name]),
        }  # fmt: skip
    return report


def _paired(column: list[str | Result]) -> tuple[float, float, float]:
    """The baseline's and the candidate's scores in a metric's column, and the candidate's p-value.

    sacrebleu types every column as the ``System`` one's (names or results); a metric's holds results, and
    the candidate's carries its p-value against the baseline.
    """
    base, cand = column
    if not isinstance(base, Result) or not isinstance(cand, Result) or cand.p_value is None:
        raise TypeError(f"sacrebleu returned no paired results: {column!r}")
    return base.score, cand.score, float(cand.p_value)
