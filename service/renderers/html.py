"""A standalone, print-friendly HTML page: summary on top, source and English side by side.

Rendered with Jinja2 autoescaping, and glossary terms are highlighted by splitting the text at their
spans before escaping, so no character of any article reaches the page unescaped. The page loads
nothing from anywhere.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from workers.contract.result import upgraded

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
_env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True))


def highlighted(
    text: str | None, terms: list[dict[str, Any]], side: str
) -> list[tuple[str, dict[str, Any] | None]]:
    """``text`` cut into (piece, term or None) at the terms' spans on ``side`` (source or target)."""
    if not text:
        return []
    pieces: list[tuple[str, dict[str, Any] | None]] = []
    cursor = 0
    spans = sorted((t for t in terms if t.get(f"{side}_span")), key=lambda t: t[f"{side}_span"][0])
    for term in spans:
        start, end = term[f"{side}_span"]
        if start < cursor or end > len(text):
            continue
        pieces += [(text[cursor:start], None), (text[start:end], term)]
        cursor = end
    pieces.append((text[cursor:], None))
    return [p for p in pieces if p[0]]


def render(document: dict[str, Any]) -> bytes:
    document = upgraded(document)  # a result saved before contract 2 reads the same
    template = _env.get_template("result.html")
    return template.render(job=document, highlighted=highlighted).encode()
