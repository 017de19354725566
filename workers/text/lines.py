"""A short text as what stays as written and the lines that are translated (synchronous requests).

A job reflows its articles; a synchronous request must come back as sent: every line break, the space
around each line and blank lines (markup, with ``tag_handling``, is read by ``workers/inline/html.py``).
The API counts a request's sentences with the same plan the worker translates, so the cap it checks is
the work the worker does.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from workers.inline import html as inline_html
from workers.text.prepare import prepare_text

_LINES = re.compile(r"(\r\n|\r|\n)")


@dataclass
class Line:
    """A line of a text to translate: its sentences, where it starts in the source and what surrounds it.
    ``translations`` is filled by the worker, one per sentence."""

    sentences: list[str]
    source_at: int
    before: str
    after: str
    translations: list[Any] = field(default_factory=list)


Part = str | Line


@dataclass(frozen=True)
class Stretch:
    """A line's text with the space around it kept apart, and where the text starts in the source."""

    before: str
    text: str
    after: str
    at: int

    @property
    def as_written(self) -> str:
        return self.before + self.text + self.after


def stretches(text: str) -> Iterator[str | Stretch]:
    """``text`` as what stays as written (line breaks, blank lines) and its lines, each a ``Stretch``. The
    one layout both a synchronous request (``plan_text``) and a .txt document
    (``workers/documents/codecs/txt.py``) are kept in."""
    at = 0
    for chunk in _LINES.split(text):
        stripped = chunk.strip()
        if not stripped:
            yield chunk
        else:
            lead = chunk[: len(chunk) - len(chunk.lstrip())]
            yield Stretch(lead, stripped, chunk[len(lead) + len(stripped) :], at + len(lead))
        at += len(chunk)


def plan_text(text: str) -> list[Part]:
    """``text`` as what stays as written (line breaks, blank lines) and lines to translate."""
    parts: list[Part] = []
    for found in stretches(text):
        sentences = prepare_text(found.text, clean=False).sentences if isinstance(found, Stretch) else []
        if isinstance(found, str):
            parts.append(found)
        elif not sentences:
            parts.append(found.as_written)
        else:
            parts.append(Line(sentences, found.at, found.before, found.after))
    return parts


def lines_of(plan: list[Part]) -> list[Line]:
    return [part for part in plan if isinstance(part, Line)]


def sentence_count(texts: list[str], html: bool = False) -> int:
    """How many sentences the worker will translate for ``texts`` (marked up, with ``html``: each block's
    text as the worker reads it)."""
    if html:
        blocks = [block for text in texts for block in inline_html.texts(inline_html.read(text))]
        return sum(len(prepare_text(block, clean=False).sentences) for block in blocks)
    return sum(len(line.sentences) for text in texts for line in lines_of(plan_text(text)))
