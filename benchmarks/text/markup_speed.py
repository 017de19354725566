"""HTML tokenizer speed (``tag_handling: html``, HTML documents) on hostile and ordinary input, by size.

    taskset -c 0 .venv/bin/python benchmarks/text/markup_speed.py [--size 100000] [--runs 5]

Each input is one unit repeated to ``--size`` characters and to ten times that, and split by
``workers.text.markup.pieces``; the medians of ``--runs`` timings are shown. Hostile inputs are what made
the old tokenizer quadratic (issue 25): blocks of ``script`` it checked every tag against, and markup that
never closes, which each opening searched the rest of the document for again. 272 KB of
``<script></script>`` held an API thread 19 s; 80 KB of unclosed ``<!--`` took 7.6 s.

Floor (issue 25): linear, read as ten times the input costing at most 15 times the time (quadratic is
100 times). Exits 1 when an input misses it.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from workers.text.markup import pieces  # noqa: E402

GROWTH_FLOOR, BATCH_S = 15.0, 0.1
NEWS = (
    '<p class="lead">Presiden <b>Joko Widodo</b> tiba di <a href="/jakarta">Jakarta</a> pada hari Senin '
    '&amp; Selasa.</p>\n<!-- iklan --><script>var x = "<b>";</script><style>p > b { color: red }</style>\n'
)
INPUTS = {
    "news html": NEWS,
    "plain text": "Harga beras naik 4,8 persen di Jakarta pada hari Senin. ",
    "script blocks": "<script></script>",
    "style blocks": "<style></style>",
    "unclosed comments": "<!--",
    "unclosed CDATA": "<![CDATA[",
    "unclosed scripts": "<script>",
    "< without >": "<",
    "long attribute": '<a title="' + "x" * 10_000 + '">kata</a>',
    "unclosed attributes": '<a title="x" ',
    "long char references": "&#" + "0" * 5_000 + "65; ",
}


def document(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def seconds(small: str, large: str, runs: int) -> list[tuple[float, float]]:
    """Seconds a split of each takes, in ``runs`` pairs: a batch of the small, then one of the large, each of
    enough splits to last 0.1 s (a lone split of a short input is noise). A pair is timed close together,
    so that a busy spell on a shared machine slows both rather than one. The cycle collector waits until a
    batch ends: its passes over a heap grown by the pieces add a tenth at 10x, and are not the tokenizer's."""
    loops = [_loops(small), _loops(large)]
    return [(_batch(small, loops[0]) / loops[0], _batch(large, loops[1]) / loops[1]) for _ in range(runs)]


def _loops(text: str) -> int:
    loops = 1
    while _batch(text, loops) < BATCH_S:
        loops *= 10
    return loops


def _batch(text: str, loops: int) -> float:
    gc.collect()
    gc.disable()
    try:
        started = time.perf_counter()
        for _ in range(loops):
            pieces(text)
        return time.perf_counter() - started
    finally:
        gc.enable()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=100_000, help="characters of the smaller document")
    parser.add_argument("--runs", type=int, default=5, help="pairs of batches, the median kept")
    args = parser.parse_args(argv)
    pieces(NEWS)  # imports and compiled patterns, untimed
    print(f"cpus: {len(os.sched_getaffinity(0))}  seconds and growth (10N s / N s), medians of {args.runs}")
    print(f"{'input':<22} {'N chars':>9} {'N s':>9} {'10N s':>9} {'growth':>7}")
    missed = []
    for name, unit in INPUTS.items():
        pairs = seconds(document(unit, args.size), document(unit, 10 * args.size), args.runs)
        small, large = (statistics.median(times) for times in zip(*pairs, strict=True))
        growth = statistics.median(large / small for small, large in pairs)
        print(f"{name:<22} {args.size:>9,} {small:9.4f} {large:9.4f} {growth:6.1f}x")
        if growth > GROWTH_FLOOR:
            missed.append(f"{name}: 10x the input took {growth:.1f}x the time")
    print(f"floor: 10x the input costs at most {GROWTH_FLOOR:.0f}x the time: "
          + ("met" if not missed else "MISSED: " + "; ".join(missed)))  # fmt: skip
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
