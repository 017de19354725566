"""Precision and recall of Warta's entity detector against IndoNLU NER test sets.

    python benchmarks/glossary/entity_detection.py [--show 20]

Reads ``../shared/data/indonlu-ner/*.test.conll`` (token, BIO tag). Sentences are rebuilt by joining
tokens with spaces; a predicted entity counts when its character span equals a gold person,
organization or place mention (untyped), and again when its type matches too (typed). NER-Prosa is
all lower-case, which a capitalization-based detector cannot read: it is reported for completeness.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NER = ROOT.parent / "shared" / "data" / "indonlu-ner"
sys.path.insert(0, str(ROOT))

from glossary.entities import find_entities, lowercase_vocabulary  # noqa: E402

TYPES = {"PERSON": "person", "PPL": "person", "ORGANISATION": "organization", "IND": "organization",
         "PLACE": "place", "PLC": "place"}  # fmt: skip


def sentences(path: Path):
    tokens: list[tuple[str, str]] = []
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if line.strip():
            token, tag = line.split("\t")[:2]
            tokens.append((token, tag))
        elif tokens:
            yield tokens
            tokens = []


def gold_spans(tokens: list[tuple[str, str]]) -> tuple[str, set[tuple[int, int, str]]]:
    text, spans, position, current = "", set(), 0, None
    for token, tag in tokens:
        start = position + (1 if text else 0)
        text = f"{text} {token}" if text else token
        position = start + len(token)
        kind = tag[2:] if len(tag) > 2 else ""
        if tag.startswith("B-") or (tag.startswith("I-") and (current is None or current[2] != kind)):
            if current:
                spans.add(current)
            current = (start, position, kind)
        elif tag.startswith("I-") and current:
            current = (current[0], position, kind)
        else:
            if current:
                spans.add(current)
            current = None
    if current:
        spans.add(current)
    return text, {(s, e, TYPES[k]) for s, e, k in spans if k in TYPES}


def evaluate(path: Path, show: int) -> None:
    tp = fp = fn = typed_tp = 0
    misses: Counter[str] = Counter()
    rebuilt = [gold_spans(tokens) for tokens in sentences(path)]
    common = lowercase_vocabulary([text for text, _ in rebuilt])  # the whole set plays the part of one job
    for text, gold in rebuilt:
        predicted = {(e.start, e.end, e.type) for e in find_entities(text, common=common)}
        gold_untyped, predicted_untyped = {g[:2] for g in gold}, {p[:2] for p in predicted}
        tp += len(gold_untyped & predicted_untyped)
        fp += len(predicted_untyped - gold_untyped)
        fn += len(gold_untyped - predicted_untyped)
        typed_tp += len(gold & predicted)
        for s, e in list(predicted_untyped - gold_untyped)[:1]:
            misses[f"extra  {text[s:e]}"] += 1
        for s, e in list(gold_untyped - predicted_untyped)[:1]:
            misses[f"missed {text[s:e]}"] += 1
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    tp_ = typed_tp / (tp + fp) if tp + fp else 0.0
    tr_ = typed_tp / (tp + fn) if tp + fn else 0.0
    print(
        f"{path.name:32} untyped P {p:.3f} R {r:.3f} F1 {f:.3f} | typed P {tp_:.3f} R {tr_:.3f} "
        f"| gold {tp + fn} predicted {tp + fp}"
    )
    for text, count in misses.most_common(show):
        print(f"    {count:3d} {text}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show", type=int, default=0, help="most frequent errors to list per set")
    args = parser.parse_args(argv)
    if not NER.is_dir():
        print(f"{NER} not found")
        return 0
    for path in sorted(NER.glob("*.test.conll")):
        evaluate(path, args.show)
    return 0


if __name__ == "__main__":
    sys.exit(main())
