"""Where to draw the line between "same story" and "different stories" for the digest.

    python benchmarks/summarization/clustering.py

Cosine similarity of TF-IDF article vectors (computed, as in jobs, over the articles being compared)
for every pair of the five ``../shared/samples`` articles (one story) and for every pair of the 100
XL-Sum BBC articles (``../shared/data/xlsum-id``: a hundred different stories), plus the project's own
unrelated test articles. Prints both distributions and the margin around Warta's threshold.
"""

from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

from workers.digest import SAME_STORY  # noqa: E402
from workers.extractive import tfidf_vectors  # noqa: E402
from workers.text.prepare import prepare_text  # noqa: E402


def pair_similarities(texts: list[str]) -> list[float]:
    vectors = tfidf_vectors([prepare_text(t).clean_text for t in texts], names=True)
    return [float(vectors[i] @ vectors[j]) for i, j in itertools.combinations(range(len(texts)), 2)]


def describe(name: str, values: list[float]) -> None:
    values = sorted(values)
    above = sum(v >= SAME_STORY for v in values)
    print(
        f"{name:28} pairs {len(values):5d}  min {values[0]:.3f}  median {values[len(values) // 2]:.3f}  "
        f"max {values[-1]:.3f}  >= threshold: {above}"
    )


def main() -> int:
    samples = sorted((SHARED / "samples").glob("*.txt"))
    xlsum = SHARED / "data" / "xlsum-id" / "test100.jsonl"
    own = sorted((ROOT / "tests" / "data" / "unrelated").glob("*.txt"))
    print(f"threshold (workers.digest.SAME_STORY): {SAME_STORY}")
    if samples:
        describe("same story (samples)", pair_similarities([p.read_text(encoding="utf-8") for p in samples]))
    if xlsum.exists():
        texts = [
            json.loads(line)["text"]
            for line in xlsum.read_text(encoding="utf-8").splitlines()
            if line.strip()
        ]
        describe("different stories (XL-Sum)", pair_similarities(texts))
    if own:
        describe("different stories (own)", pair_similarities([p.read_text(encoding="utf-8") for p in own]))
    if samples and own:
        mixed = [p.read_text(encoding="utf-8") for p in (*samples, *own)]
        vectors = tfidf_vectors([prepare_text(t).clean_text for t in mixed], names=True)
        cross = [
            float(vectors[i] @ vectors[j])
            for i in range(len(samples))
            for j in range(len(samples), len(mixed))
        ]
        describe("samples vs own unrelated", cross)
    return 0


if __name__ == "__main__":
    sys.exit(main())
