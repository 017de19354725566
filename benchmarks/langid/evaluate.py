"""How often Warta's language check accepts Indonesian and refuses everything else.

    python benchmarks/langid/evaluate.py [--paragraph-lines 5]

Sets: FLORES-200 devtest Indonesian (must be accepted) and English (must be refused) from
``../shared/data/flores200-devtest`` when present, and the project's own ``malay.txt`` and ``mixed.txt``
(Javanese, Sundanese, Tagalog; must be refused). Each set is scored per line and per paragraph of
``--paragraph-lines`` consecutive lines, since the service checks whole articles.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
FLORES = ROOT.parent / "shared" / "data" / "flores200-devtest"
sys.path.insert(0, str(ROOT))

from workers.text.language import detect_language  # noqa: E402


def load_sets() -> dict[str, tuple[list[str], bool]]:
    """name -> (lines, should be accepted)."""
    sets: dict[str, tuple[list[str], bool]] = {}
    if FLORES.is_dir():
        sets["flores-ind"] = (_lines(FLORES / "ind_Latn.devtest"), True)
        sets["flores-eng"] = (_lines(FLORES / "eng_Latn.devtest"), False)
    sets["malay"] = (_lines(HERE / "malay.txt"), False)
    sets["jv-su-tl"] = (_lines(HERE / "mixed.txt"), False)
    return sets


def _lines(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def evaluate(texts: list[str], should_accept: bool) -> tuple[float, Counter[str], float]:
    started = time.perf_counter()
    guesses = [detect_language(t) for t in texts]
    seconds = time.perf_counter() - started
    correct = sum(g.accepted == should_accept for g in guesses)
    return correct / len(texts), Counter(g.code for g in guesses), 1000 * seconds / len(texts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--paragraph-lines", type=int, default=5)
    args = parser.parse_args(argv)
    detect_language("Pemanasan detektor bahasa sebelum pengukuran dimulai.")
    print(f"{'set':12} {'unit':10} {'n':>5} {'accuracy':>9} {'ms/text':>8}  detected")
    for name, (lines, should_accept) in load_sets().items():
        n = args.paragraph_lines
        paragraphs = [" ".join(lines[i : i + n]) for i in range(0, len(lines) - n + 1, n)]
        for unit, texts in (("sentence", lines), (f"{n} lines", paragraphs)):
            accuracy, codes, ms = evaluate(texts, should_accept)
            top = ", ".join(f"{c} {k}" for c, k in codes.most_common(4))
            print(f"{name:12} {unit:10} {len(texts):5d} {accuracy:9.4f} {ms:8.2f}  {top}")
    if not FLORES.is_dir():
        print(f"(FLORES sets skipped: {FLORES} not found)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
