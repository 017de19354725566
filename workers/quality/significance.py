"""Did a change help? Paired bootstrap resampling of BLEU and chrF++ between two benchmark reports."""

from __future__ import annotations

from typing import Any

from sacrebleu.metrics import BLEU, CHRF
from sacrebleu.significance import PairedTest


def compare(baseline: dict[str, Any], candidate: dict[str, Any], samples: int = 1000) -> dict[str, Any]:
    """Paired bootstrap resampling (sacrebleu) of BLEU and chrF++: did the change help?"""
    if "summary" in (baseline["dataset"].get("kind"), candidate["dataset"].get("kind")):
        raise ValueError("comparisons are of translation runs (BLEU and chrF++ resampling)")
    references = [s["reference"] for s in baseline["sentences"]]
    if references != [s["reference"] for s in candidate["sentences"]]:
        raise ValueError("the two runs were not made on the same references")
    systems = [("baseline", [s["hypothesis"] for s in baseline["sentences"]]),
               ("candidate", [s["hypothesis"] for s in candidate["sentences"]])]  # fmt: skip
    signatures, results = PairedTest(systems, {"bleu": BLEU(), "chrf": CHRF(word_order=2)}, [references],
                                     test_type="bs", n_samples=samples)()  # fmt: skip
    report: dict[str, Any] = {"samples": samples}
    for key, name in (("bleu", "BLEU"), ("chrf", "chrF2++")):
        base, cand = results[name]
        report[key] = {
            "baseline": round(base.score, 2), "candidate": round(cand.score, 2),
            "difference": round(cand.score - base.score, 2), "p_value": round(float(cand.p_value), 4),
            "signature": str(signatures[name]),
        }  # fmt: skip
    return report
