"""The HTML report of a benchmark run or comparison: tables and plots drawn as inline SVG.

SVG is written here rather than by a plotting library: the report stays one self-contained file that
loads nothing, and the plots need nothing beyond rectangles and circles.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

_env = Environment(
    loader=FileSystemLoader(Path(__file__).resolve().parents[1] / "templates"),
    autoescape=select_autoescape(default=True),
)
WIDTH, HEIGHT, PAD = 420, 220, 30


def histogram(values: list[float], bins: int = 10, top: float = 100.0) -> list[dict[str, float]]:
    """Bars of an SVG histogram of scores between 0 and ``top``."""
    counts = [0] * bins
    for value in values:
        counts[min(bins - 1, max(0, int(value / top * bins)))] += 1
    highest = max(counts) or 1
    width = (WIDTH - 2 * PAD) / bins
    return [{"x": PAD + i * width, "width": width - 2, "height": (HEIGHT - 2 * PAD) * c / highest,
             "y": HEIGHT - PAD - (HEIGHT - 2 * PAD) * c / highest, "count": c, "low": i * top / bins}
            for i, c in enumerate(counts)]  # fmt: skip


def scatter(xs: list[float], ys: list[float], x_top: float, y_top: float = 100.0) -> list[dict[str, float]]:
    x_top = x_top or 1
    plot_width, plot_height = WIDTH - 2 * PAD, HEIGHT - 2 * PAD
    return [{"cx": PAD + plot_width * min(x, x_top) / x_top, "cy": HEIGHT - PAD - plot_height * y / y_top}
            for x, y in zip(xs, ys, strict=True)]  # fmt: skip


def render_run(report: dict[str, Any]) -> str:
    metric = report.get("plot_metric", "chrf")
    scores = [s[metric] for s in report["sentences"]]
    lengths = [len(s["source"].split()) for s in report["sentences"]]
    return _env.get_template("bench.html").render(
        report=report,
        metric=metric,
        latency=_latency_bars(report),
        bars=histogram(scores),
        points=scatter(lengths, scores, max(lengths, default=1)),
        size={"width": WIDTH, "height": HEIGHT, "pad": PAD},
        comparison=None,
    )


def render_comparison(baseline: dict[str, Any], candidate: dict[str, Any], comparison: dict[str, Any]) -> str:
    base = [s["chrf"] for s in baseline["sentences"]]
    cand = [s["chrf"] for s in candidate["sentences"]]
    return _env.get_template("bench.html").render(
        report=candidate,
        baseline=baseline,
        metric="chrf",
        latency=_latency_bars(candidate),
        bars=histogram(cand),
        points=scatter(base, cand, 100.0),
        size={"width": WIDTH, "height": HEIGHT, "pad": PAD},
        comparison=comparison,
    )


def _latency_bars(report: dict[str, Any]) -> dict[str, Any]:
    """Histogram of milliseconds per item: the speed plot."""
    values = [s.get("ms", 0.0) for s in report["sentences"]]
    top = max(values, default=0.0) or 1.0
    return {"bars": histogram(values, top=top), "top": round(top, 1)}
