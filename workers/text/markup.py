"""HTML as a sequence of markup, kept as it is, and text, which is translated (``tag_handling: html``).

A tag, a comment, a CDATA section and the content of ``script`` and ``style`` are markup; everything
between is text, whose entities are read before it is translated and written again after. Inline tags
inside a sentence (``<b>``, ``<a>``) split it into pieces translated apart: the markup is kept exactly,
at the cost of context across the tag.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

_MARKUP = re.compile(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<[^>]*>", re.S)
_RAW_TEXT = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.S | re.I)
_WORD = re.compile(r"[^\W\d_]", re.UNICODE)


@dataclass(frozen=True)
class Piece:
    text: str  # markup as written, or text with its entities read
    translate: bool


def pieces(document: str) -> list[Piece]:
    """``document`` split into markup and text, in order; joined again they are the document."""
    found: list[Piece] = []
    cursor = 0
    for match in _tokens(document):
        if match.start() > cursor:
            found.append(_text(document[cursor : match.start()]))
        found.append(Piece(match.group(), translate=False))
        cursor = match.end()
    if cursor < len(document):
        found.append(_text(document[cursor:]))
    return found


def written(text: str) -> str:
    """Translated text as HTML text again (quotes need no escaping outside attributes)."""
    return html.escape(text, quote=False)


def _tokens(document: str) -> list[re.Match[str]]:
    raw = list(_RAW_TEXT.finditer(document))
    inside = lambda m: any(r.start() <= m.start() < r.end() for r in raw)  # noqa: E731
    return sorted(raw + [m for m in _MARKUP.finditer(document) if not inside(m)], key=lambda m: m.start())


def _text(raw: str) -> Piece:
    """Text with words is translated; spaces, punctuation and entities alone stay as written."""
    text = html.unescape(raw)
    return Piece(text, translate=True) if _WORD.search(text) else Piece(raw, translate=False)
