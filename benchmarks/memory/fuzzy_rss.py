"""Peak worker memory of fuzzy human-memory matching, by the size of the memory (issue 25).

    .venv/bin/python benchmarks/memory/fuzzy_rss.py [--units 110000] [--shared 60000] [--sentences 4000]

A job's sentences are matched against every unit in their length window: when that was one rapidfuzz
``cdist`` over all of them, 4,004 sentences against a 110,000-unit TMX import took a worker from 672 MB
to 2.4 GB, and an operator's 60,000 shared units cost every key's jobs half a gigabyte. Here a SQLite
store in a temporary folder is filled through the real ``HumanMemoryStore`` with synthetic sentences
made of the tiny corpus's Indonesian words (one job sentence in ten a unit with one letter changed, so
that matches are found), and each row is ``HumanMemoryStore.similar`` on the job's sentences at
``WARTA_FUZZY_THRESHOLD``, in a fresh Python process whose peak RSS (``ru_maxrss``) is read at its end:
with no memory (an empty store), with the operator's shared units, with the key's own.

Floor: peak RSS with 110k units and 4k sentences within +150 MB of no memory. Exits 1 when missed.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from workers.settings import Settings  # noqa: E402
from workers.store.engine import open_engine  # noqa: E402
from workers.store.glossaries import SHARED  # noqa: E402
from workers.store.human_memory import HumanMemoryStore  # noqa: E402

CORPUS = ROOT / "benchmarks" / "tiny_corpus" / "id.txt"
FLOOR_MB = 150
NEAR_EVERY = 10


def synthetic(rng: random.Random, count: int) -> list[str]:
    """``count`` news-length sentences of the corpus's words, 8 to 24 words each."""
    words = sorted(set(CORPUS.read_text(encoding="utf-8").split()))
    return [" ".join(rng.choices(words, k=rng.randint(8, 24))) for _ in range(count)]


def job_sentences(units: list[str], count: int) -> list[str]:
    """The job's sentences: one in ten a unit with one letter changed, the rest new."""
    rng = random.Random(2)
    fresh = synthetic(rng, count)
    for i in range(0, count, NEAR_EVERY):
        unit = units[rng.randrange(len(units))]
        at = rng.randrange(len(unit))
        fresh[i] = unit[:at] + "x" + unit[at + 1 :]
    return fresh


def fill(database: Path, owner: str, units: list[str]) -> None:
    """``owner``'s units, written in calls of 10,000 as a TMX import writes them."""
    store = HumanMemoryStore(open_engine(f"sqlite:///{database}"))
    for start in range(0, len(units), 10_000):
        store.remember(owner, [(s, s.upper()) for s in units[start : start + 10_000]], "import", "bench")


def child(database: Path, owner: str, sentences: Path) -> None:
    """One measurement, in its own process: match the job's sentences, report time and peak RSS."""
    store = HumanMemoryStore(open_engine(f"sqlite:///{database}"))
    asked = json.loads(sentences.read_text(encoding="utf-8"))
    started = time.perf_counter()
    found = store.similar(owner, asked, Settings().fuzzy_threshold)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "matched": len(found)}))


def measure(database: Path, owner: str, sentences: Path) -> dict[str, float]:
    command = [sys.executable, __file__, "--child", str(database), owner, str(sentences)]
    answer = subprocess.run(command, check=True, capture_output=True, text=True)
    return dict(json.loads(answer.stdout.strip().splitlines()[-1]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=110_000, help="the key's own units")
    parser.add_argument("--shared", type=int, default=60_000, help="the operator's shared units")
    parser.add_argument("--sentences", type=int, default=4_000, help="the job's sentences")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        database, owner, sentences = args.child
        child(Path(database), owner, Path(sentences))
        return 0
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="warta-fuzzy-rss-") as name:
        folder = Path(name)
        # The shared units are the first of the key's: the job's near copies match in both memories.
        units = synthetic(random.Random(0), max(args.units, args.shared))
        sentences = folder / "sentences.json"
        sentences.write_text(
            json.dumps(job_sentences(units[: args.shared], args.sentences)), encoding="utf-8"
        )
        fill(folder / "shared.db", SHARED, units[: args.shared])
        fill(folder / "own.db", "own", units[: args.units])
        fill(folder / "empty.db", "own", [])
        filled = time.perf_counter() - started
        rows = [
            ("no memory", 0, measure(folder / "empty.db", "own", sentences)),
            ("shared", args.shared, measure(folder / "shared.db", "own", sentences)),
            ("the key's own", args.units, measure(folder / "own.db", "own", sentences)),
        ]
    threshold = Settings().fuzzy_threshold
    print(f"{args.sentences:,} sentences, WARTA_FUZZY_THRESHOLD {threshold:g}, SQLite; a fresh process each; "
          f"memories filled in {filled:.1f} s")  # fmt: skip
    print(f"{'memory':>14} {'units':>8} {'peak RSS MB':>12} {'+MB':>6} {'matched':>8} {'seconds':>8}")
    base = rows[0][2]["peak_mb"]
    for label, count, row in rows:
        print(f"{label:>14} {count:8d} {row['peak_mb']:12.0f} {row['peak_mb'] - base:+6.0f} "
              f"{row['matched']:8.0f} {row['seconds']:8.2f}")  # fmt: skip
    grown = rows[-1][2]["peak_mb"] - base
    held = grown <= FLOOR_MB
    print(f"floor: peak RSS with {args.units:,} units and {args.sentences:,} sentences within "
          f"+{FLOOR_MB} MB of no memory: {'held' if held else 'MISSED'} ({grown:+.0f} MB)")  # fmt: skip
    print(f"total {time.perf_counter() - started:.1f} s")
    return 0 if held else 1


if __name__ == "__main__":
    sys.exit(main())
