"""A segment's text with its inline markup held beside it: what every document format reads into and
writes back from, and what the projection (``project.py``) carries from a source to its translation.

The model reads plain text, whole sentences with their context; the markup inside them (a bold name, a
link, a DOCX run's properties, an XLIFF inline code) is held as *spans* over that text. A span says only
which characters it wraps and which of the segment's marks wraps them: what a mark is (an HTML tag with
its attributes, a run's properties) is the format's business, kept by the format and never looked at
here. Spans nest as the markup did, and a span may be empty: a void element (``<br>``, an image) or an
empty one (``<b></b>``), which must come back too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from workers.text.normalize import normalize_text

_SPACE_RUN = re.compile(r"\s+")
# Markup nested deeper inside one segment is kept where it stands, as empty spans: every walk over the
# spans (projection, writing) then goes at most this deep, whatever a client's document holds.
MAX_DEPTH = 32


@dataclass(frozen=True)
class Span:
    """Characters ``start`` to ``end`` of the segment's text, wrapped by its mark number ``mark``; the
    spans inside it are its ``children``, in order, within its range."""

    start: int
    end: int
    mark: int
    children: tuple[Span, ...] = ()

    def walk(self) -> Iterator[Span]:
        """This span and every span inside it, parents first."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class Marked:
    """A segment: its plain text and the spans of markup over it, outermost first, in order."""

    text: str
    spans: tuple[Span, ...] = field(default_factory=tuple)

    def marks(self) -> list[int]:
        """Every mark of the segment, parents first (each mark exactly once in a well-formed segment)."""
        return [span.mark for root in self.spans for span in root.walk()]


@dataclass
class MarkedBuilder:
    """Builds a ``Marked`` from a format's reading order: text, and marks opened and closed around it.

    A format walks its markup and calls ``text``, ``open`` and ``close`` (or ``void``) as it meets them;
    a mark left open at the end is closed there, so a builder always yields well-nested spans. The text
    is normalized as it comes, as the job normalizes a paragraph (``workers/text/normalize.py``: one
    line, runs of whitespace made one space), so the spans' offsets are offsets in the very text the job
    translates; the whitespace around the whole is taken off and kept apart (``lead``, ``trail``).
    """

    lead: str = ""
    trail: str = ""
    _text: list[str] = field(default_factory=list)
    _length: int = 0
    _open: list[tuple[int, int, list[Span]]] = field(default_factory=list)
    _roots: list[Span] = field(default_factory=list)

    def text(self, text: str) -> None:
        flat = _SPACE_RUN.sub(" ", normalize_text(text))
        if flat.startswith(" ") and self._text and self._text[-1].endswith(" "):
            flat = flat[1:]
        if flat:
            self._text.append(flat)
            self._length += len(flat)

    @property
    def has_text(self) -> bool:
        return self._length > 0

    def open(self, mark: int) -> None:
        self._open.append((mark, self._length, []))

    def close(self) -> None:
        mark, start, children = self._open.pop()
        self._siblings().append(Span(start, self._length, mark, tuple(children)))

    def void(self, mark: int) -> None:
        self._siblings().append(Span(self._length, self._length, mark))

    @property
    def depth(self) -> int:
        return len(self._open)

    def _siblings(self) -> list[Span]:
        return self._open[-1][2] if self._open else self._roots

    def built(self) -> Marked:
        while self._open:
            self.close()
        text = "".join(self._text)
        body = text.strip(" ")
        cut = len(text) - len(text.lstrip(" "))
        self.lead, self.trail = text[:cut], text[cut + len(body) :]
        return Marked(body, tuple(_shifted(span, cut, len(body)) for span in self._roots))


def _shifted(span: Span, cut: int, length: int) -> Span:
    """``span`` in the text with ``cut`` characters taken off its start and cut to ``length``."""

    def moved(at: int) -> int:
        return min(max(at - cut, 0), length)

    children = tuple(_shifted(child, cut, length) for child in span.children)
    return Span(moved(span.start), moved(span.end), span.mark, children)
