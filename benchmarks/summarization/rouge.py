"""ROUGE of Warta's extractive summarizer against lead baselines on XL-Sum Indonesian.

    python benchmarks/summarization/rouge.py

Reads ``../shared/data/xlsum-id/test100.jsonl`` (100 BBC Indonesia articles, one-sentence reference
summaries). Scores with the ``rouge-score`` package: ROUGE-1, ROUGE-2 and ROUGE-L F1, no stemming (its
stemmer is English), its default tokenizer (lower-cased alphanumeric tokens), averaged over articles.
Articles are segmented with Warta's own segmenter, exactly as jobs are. Published anchor for the
abstractive mT5_multilingual_XLSum on the full XL-Sum Indonesian test: 37.0 / 17.0 / 30.8.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
XLSUM = ROOT.parent / "shared" / "data" / "xlsum-id" / "test100.jsonl"
sys.path.insert(0, str(ROOT))

from rouge_score import rouge_scorer  # noqa: E402

from workers.extractive import extract  # noqa: E402
from workers.text.prepare import prepare_text  # noqa: E402

METHODS = {
    "lead-1": lambda s: s[:1],
    "lead-3": lambda s: s[:3],
    "textrank-1": lambda s: extract(s, 1),
    "textrank-2": lambda s: extract(s, 2),
    "textrank-3": lambda s: extract(s, 3),
}


def main() -> int:
    if not XLSUM.exists():
        print(f"{XLSUM} not found")
        return 0
    rows = [json.loads(line) for line in XLSUM.read_text(encoding="utf-8").splitlines() if line.strip()]
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=False)
    print(f"articles: {len(rows)}   ROUGE F1 x 100 (rouge-score {rouge_scorer.__name__}, no stemming)")
    print(f"{'method':12} {'R-1':>6} {'R-2':>6} {'R-L':>6}")
    for name, method in METHODS.items():
        totals = {"rouge1": 0.0, "rouge2": 0.0, "rougeL": 0.0}
        for row in rows:
            summary = " ".join(method(prepare_text(row["text"]).sentences))
            for key, score in scorer.score(row["summary"], summary).items():
                totals[key] += score.fmeasure
        r1, r2, rl = (100 * totals[k] / len(rows) for k in ("rouge1", "rouge2", "rougeL"))
        print(f"{name:12} {r1:6.2f} {r2:6.2f} {rl:6.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
