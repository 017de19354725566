"""Does the default glossary say what human translators wrote?

    python benchmarks/glossary/reference_agreement.py [--show 40]

For every FLORES-200 devtest Indonesian line (``../shared/data/flores200-devtest``) where the default
glossary matches a term, checks whether the English reference contains the term's target or one of its
accepted forms. Prints the agreement rate and the disagreements, grouped by term, worst first.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FLORES = ROOT.parent / "shared" / "data" / "flores200-devtest"
sys.path.insert(0, str(ROOT))

from glossary.default import default_glossary  # noqa: E402
from glossary.matcher import Matcher  # noqa: E402


def contains(reference: str, rendering: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(rendering)}(?!\w)", reference, re.IGNORECASE) is not None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show", type=int, default=40, help="how many disagreeing terms to list")
    parser.add_argument("--min-agreement", type=float, default=None)
    args = parser.parse_args(argv)
    if not FLORES.is_dir():
        print(f"{FLORES} not found")
        return 0
    sources = (FLORES / "ind_Latn.devtest").read_text(encoding="utf-8").splitlines()
    references = (FLORES / "eng_Latn.devtest").read_text(encoding="utf-8").splitlines()
    matcher = Matcher(default_glossary())
    agree, total = 0, 0
    misses: dict[str, list[tuple[str, str]]] = defaultdict(list)
    found = Counter()
    for source, reference in zip(sources, references, strict=True):
        for match in matcher.find(source):
            total += 1
            found[match.term.target] += 1
            if any(contains(reference, r) for r in match.term.renderings):
                agree += 1
            else:
                misses[f"{match.text} -> {match.term.target}"].append((source, reference))
    rate = agree / total if total else 1.0
    print(
        f"lines: {len(sources)}  term matches: {total}  distinct terms: {len(found)}  agreement: {rate:.4f}"
    )
    for key, examples in sorted(misses.items(), key=lambda kv: -len(kv[1]))[: args.show]:
        print(f"\n{len(examples):3d}x {key}")
        for _source, reference in examples[:2]:
            print(f"      ref: {reference[:160]}")
    if args.min_agreement is not None and rate < args.min_agreement:
        print(f"FAIL: agreement below {args.min_agreement}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
