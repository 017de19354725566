"""Sentence-boundary precision, recall and F1 of segmenters on Warta's Indonesian gold set.

    python benchmarks/segmentation/evaluate.py [--candidates warta,sentencex,pysbd,naive] [--min-f1 0.98]

Two gold sets: ``gold_hard.txt`` (hard cases written for the project) and ``gold_samples.json``
(boundary offsets into ``../shared/samples``, used when that folder is there). A boundary is the offset
where a sentence starts, other than the first; a segmenter is scored on the boundaries it predicts in
each paragraph. With ``--min-f1`` the script exits non-zero when Warta's segmenter scores below it on
any gold set, which is how CI holds the floor.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SAMPLES = ROOT.parent / "shared" / "samples"
sys.path.insert(0, str(ROOT))

Segmenter = Callable[[str], list[str]]


@dataclass(frozen=True)
class Case:
    paragraph: str
    boundaries: frozenset[int]


def hard_cases(path: Path = HERE / "gold_hard.txt") -> list[Case]:
    cases, block = [], []
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if line.startswith("#"):
            continue
        if line.strip():
            block.append(" ".join(line.split()))
        elif block:
            cases.append(_case_from_sentences(block))
            block = []
    return cases


def _case_from_sentences(sentences: list[str]) -> Case:
    offsets, position = [], 0
    for sentence in sentences[:-1]:
        position += len(sentence) + 1
        offsets.append(position)
    return Case(" ".join(sentences), frozenset(offsets))


def sample_cases(path: Path = HERE / "gold_samples.json", samples: Path = SAMPLES) -> list[Case]:
    if not samples.is_dir() or not path.exists():
        return []
    gold = json.loads(path.read_text(encoding="utf-8"))
    cases = []
    for name, lines in gold.items():
        if name.startswith("_"):
            continue
        text_lines = (samples / name).read_text(encoding="utf-8").splitlines()
        for number, offsets in lines.items():
            cases.append(Case(" ".join(text_lines[int(number) - 1].split()), frozenset(offsets)))
    return cases


def predicted_boundaries(paragraph: str, sentences: list[str]) -> frozenset[int]:
    """Offsets where each predicted sentence starts, found in order in the paragraph."""
    offsets, position = set(), 0
    for sentence in sentences:
        stripped = sentence.strip()
        if not stripped:
            continue
        start = paragraph.find(stripped, position)
        if start < 0:
            raise ValueError(f"segmenter changed the text: {stripped!r}")
        if start > 0:
            offsets.add(start)
        position = start + len(stripped)
    return frozenset(offsets)


def score(segmenter: Segmenter, cases: list[Case]) -> dict[str, float]:
    tp = fp = fn = 0
    for case in cases:
        predicted = predicted_boundaries(case.paragraph, segmenter(case.paragraph))
        tp += len(predicted & case.boundaries)
        fp += len(predicted - case.boundaries)
        fn += len(case.boundaries - predicted)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "boundaries": tp + fn, "errors": fp + fn}


def errors(segmenter: Segmenter, cases: list[Case]) -> Iterator[str]:
    for case in cases:
        predicted = predicted_boundaries(case.paragraph, segmenter(case.paragraph))
        for offset in sorted(predicted ^ case.boundaries):
            kind = "extra" if offset in predicted else "missed"
            before, after = case.paragraph[max(0, offset - 40) : offset], case.paragraph[offset : offset + 30]
            yield f"{kind:6} …{before}|{after}…"


def candidates() -> dict[str, Segmenter]:
    from workers.text.segment import split_sentences

    found: dict[str, Segmenter] = {
        "warta": split_sentences,
        "naive": lambda p: re.split(r"(?<=[.!?])\s+", p),
    }
    try:
        from sentencex import segment

        found["sentencex"] = lambda p: list(segment("id", p))
    except ImportError:
        pass
    try:
        import pysbd

        found["pysbd"] = pysbd.Segmenter(language="en", clean=False).segment
    except ImportError:
        pass
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--candidates", default="", help="comma-separated; default: all installed")
    parser.add_argument("--min-f1", type=float, default=None, help="fail when Warta scores below this")
    parser.add_argument("--show-errors", action="store_true", help="print Warta's wrong boundaries")
    args = parser.parse_args(argv)
    available = candidates()
    chosen = [c for c in args.candidates.split(",") if c] or list(available)
    gold = {"hard": hard_cases(), "samples": sample_cases()}
    print(
        f"gold: {', '.join(f'{k} {len(v)} paragraphs' for k, v in gold.items())}"
        + ("" if SAMPLES.is_dir() else f" ({SAMPLES} not found)")
    )
    print(f"{'segmenter':10} {'set':8} {'P':>7} {'R':>7} {'F1':>7} {'errors':>7} {'bounds':>7}")
    failed = False
    for name in chosen:
        for set_name, cases in gold.items():
            if not cases:
                continue
            s = score(available[name], cases)
            print(
                f"{name:10} {set_name:8} {s['precision']:7.4f} {s['recall']:7.4f} {s['f1']:7.4f} "
                f"{s['errors']:7d} {s['boundaries']:7d}"
            )
            if name == "warta" and args.min_f1 is not None and s["f1"] < args.min_f1:
                failed = True
    if args.show_errors:
        for set_name, cases in gold.items():
            for line in errors(available["warta"], cases):
                print(f"[{set_name}] {line}")
    if failed:
        print(f"FAIL: warta F1 below {args.min_f1}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
