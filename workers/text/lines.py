"""A short text as what stays as written and the lines that are translated (synchronous requests).

A job reflows its articles; a synchronous request must come back as sent: every line break, the space
around each line, blank lines and, with ``tag_handling: html``, the markup. The API counts a request's
sentences with the same plan the worker translates, so the cap it checks is the work the worker does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from workers.text.markup import pieces, written
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
    html: bool
    translations: list[Any] = field(default_factory=list)


Part = str | Line


def plan_text(text: str, html: bool = False) -> list[Part]:
    """``text`` as what stays as written (markup, line breaks, blank lines) and lines to translate."""
    parts: list[Part] = []
    at = 0
    for piece in pieces(text) if html else [None]:
        body = text if piece is None else piece.text
        if piece is not None and not piece.translate:
            parts.append(body)
            at += len(body)
            continue
        for chunk in _LINES.split(body):
            sentences = prepare_text(chunk, clean=False).sentences if chunk.strip() else []
            if not sentences:
                parts.append(written(chunk) if html else chunk)
            else:
                stripped = chunk.strip()
                lead = chunk[: len(chunk) - len(chunk.lstrip())]
                parts.append(Line(sentences, at + len(lead), lead, chunk[len(lead) + len(stripped) :], html))
            at += len(chunk)
    return parts


def lines_of(plan: list[Part]) -> list[Line]:
    return [part for part in plan if isinstance(part, Line)]


def sentence_count(texts: list[str], html: bool = False) -> int:
    """How many sentences the worker will translate for ``texts``."""
    return sum(len(line.sentences) for text in texts for line in lines_of(plan_text(text, html)))
