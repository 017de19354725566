"""Matcher speed: a 10,000-term glossary over 1 MB of Indonesian text, on one core.

    python benchmarks/glossary/matcher_speed.py [--terms 10000] [--megabytes 1]

The glossary is the default one padded with generated multi-word names; the text is FLORES-200 devtest
Indonesian (``../shared``) or, without it, the project's own tiny corpus, repeated to size. Prints the
time to build the automaton and to find every match (the floor: under 1 s).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FLORES = ROOT.parent / "shared" / "data" / "flores200-devtest" / "ind_Latn.devtest"
sys.path.insert(0, str(ROOT))

from glossary.default import default_glossary  # noqa: E402
from glossary.matcher import Matcher  # noqa: E402
from glossary.model import Glossary, Term  # noqa: E402

SYLLABLES = [c + v for c in "bdklmnrstwy" for v in "aeiou"]


def padded_glossary(size: int, rng: random.Random) -> Glossary:
    base = default_glossary()
    names: set[str] = set()
    while len(names) < size - len(base):
        words = [
            ("".join(rng.choices(SYLLABLES, k=rng.randint(2, 4)))).capitalize()
            for _ in range(rng.randint(1, 3))
        ]
        names.add(" ".join(words))
    extra = tuple(Term(id=f"gen-{i}", target=n.upper(), sources=(n,)) for i, n in enumerate(sorted(names)))
    return Glossary("bench", (*base.terms, *extra))


def text_of(megabytes: float) -> str:
    source = FLORES if FLORES.exists() else ROOT / "benchmarks" / "tiny_corpus" / "id.txt"
    chunk = source.read_text(encoding="utf-8")
    size = int(megabytes * 1_000_000)
    return (chunk * (size // len(chunk.encode()) + 1))[:size]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--terms", type=int, default=10_000)
    parser.add_argument("--megabytes", type=float, default=1.0)
    args = parser.parse_args(argv)
    glossary = padded_glossary(args.terms, random.Random(7))
    text = text_of(args.megabytes)
    started = time.perf_counter()
    matcher = Matcher(glossary)
    built = time.perf_counter() - started
    started = time.perf_counter()
    matches = matcher.find(text)
    found = time.perf_counter() - started
    print(
        f"terms: {len(glossary)}  sources: {sum(len(t.sources) for t in glossary.terms)}  "
        f"text: {len(text.encode()) / 1e6:.2f} MB  matches: {len(matches)}"
    )
    print(f"build: {built:.3f} s  find: {found:.3f} s  ({len(text.encode()) / 1e6 / found:.1f} MB/s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
