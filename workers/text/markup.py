"""HTML as a sequence of markup, kept as it is, and text, which is translated (``tag_handling: html``).

A tag, a comment, a CDATA section and the content of ``script`` and ``style`` are markup; everything
between is text, whose entities are read before it is translated and written again after. Which markup
ends a segment and which stays inside a sentence is ``workers/inline/html.py``'s, which reads these
pieces.

The document comes from a client, and an API thread waits on it: it is read in one pass, left to right,
and no stretch of it is searched twice for the same thing. (Matching each block of markup with its own
regular expression over the whole document made 272 KB of ``<script></script>`` take 19 s, and every
unclosed ``<!--`` or ``<script`` searched the rest of the document again.)
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass

# What ends each kind of markup, searched for forward from where the markup opens. Each pattern here is a
# literal, or a literal and then one run of a single class, so no search backtracks over more than it reads.
_COMMENT_END = re.compile(r"-->")
_CDATA_END = re.compile(r"\]\]>")
_TAG_END = re.compile(r">")
_RAW_OPEN = re.compile(r"<(?:(script)|(style))\b", re.I)  # group 1 or 2: which closing tag ends it
_RAW_CLOSE = (re.compile(r"</script\s*>", re.I), re.compile(r"</style\s*>", re.I))
_WORD = re.compile(r"[^\W\d_]", re.UNICODE)
# ``html.unescape`` turns a decimal character reference's digits into an int, which is quadratic in them
# and refused (ValueError) past 4,300: a long one is shortened first to one that reads the same.
_LONG_DECIMAL_REFERENCE = re.compile(r"&#([0-9]{8,})")
_PAST_UNICODE = "99999999"  # past U+10FFFF, as every reference of eight significant digits: read as U+FFFD


@dataclass(frozen=True)
class Piece:
    text: str  # markup as written, or text with its entities read
    translate: bool


def pieces(document: str) -> list[Piece]:
    """``document`` split into markup and text, in order; joined again they are the document."""
    found: list[Piece] = []
    cursor = 0
    for start, end in _markup(document):
        if start > cursor:
            found.append(_text(document[cursor:start]))
        found.append(Piece(document[start:end], translate=False))
        cursor = end
    if cursor < len(document):
        found.append(_text(document[cursor:]))
    return found


def written(text: str) -> str:
    """Translated text as HTML text again (quotes need no escaping outside attributes)."""
    return html.escape(text, quote=False)


class _Ahead:
    """The first match of one pattern at or after a position, for positions that only move forward.

    An answer holds for every position from where it was searched up to where the match starts (and, when
    nothing was found, up to the end), so a later question inside that stretch searches nothing: each
    stretch of the document is searched at most once for each pattern, however many ``<!--`` or
    ``<script`` open there without closing.
    """

    def __init__(self, pattern: re.Pattern[str], document: str) -> None:
        self._pattern, self._document = pattern, document
        self._searched_from = self._starts = -1
        self._end: int | None = None

    def end_from(self, position: int) -> int | None:
        """Where the first match starting at or after ``position`` ends; None when there is none."""
        if not self._searched_from <= position <= self._starts:
            match = self._pattern.search(self._document, position)
            self._searched_from = position
            self._starts, self._end = (match.start(), match.end()) if match else (len(self._document), None)
        return self._end


def _markup(document: str) -> Iterator[tuple[int, int]]:
    """Start and end of each piece of markup, in order and never overlapping.

    At each ``<`` the kinds are tried in this order: a comment to its ``-->``; a CDATA section to its
    ``]]>``; a ``script`` or ``style`` element to its closing tag; a tag to its first ``>`` (quotes do not
    hide a ``>``). A comment, section or element that never closes is a tag; a ``<`` with no ``>`` after
    it is text.
    """
    comment_end, cdata_end = _Ahead(_COMMENT_END, document), _Ahead(_CDATA_END, document)
    tag_end = _Ahead(_TAG_END, document)
    raw_close = [_Ahead(pattern, document) for pattern in _RAW_CLOSE]
    start = document.find("<")
    while start != -1:
        end = None
        if document.startswith("<!--", start):
            end = comment_end.end_from(start + 4)
        elif document.startswith("<![CDATA[", start):
            end = cdata_end.end_from(start + 9)
        if end is None:
            end = tag_end.end_from(start + 1)
            raw = _RAW_OPEN.match(document, start)
            if end is not None and raw:
                end = raw_close[0 if raw[1] else 1].end_from(end) or end
        if end is None:
            start = document.find("<", start + 1)
        else:
            yield start, end
            start = document.find("<", end)


def _text(raw: str) -> Piece:
    """Text with words is translated; spaces, punctuation and entities alone stay as written."""
    text = html.unescape(_LONG_DECIMAL_REFERENCE.sub(_shortened, raw))
    return Piece(text, translate=True) if _WORD.search(text) else Piece(raw, translate=False)


def _shortened(reference: re.Match[str]) -> str:
    """A decimal reference without its leading zeros, and at most eight digits long."""
    digits = reference[1].lstrip("0") or "0"
    return "&#" + (digits if len(digits) < 8 else _PAST_UNICODE)
