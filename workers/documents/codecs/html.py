"""``.html`` documents: block elements end a segment, inline ones stay inside its sentences and are
carried onto their translation (``workers/inline/html.py``); the markup, the entities and the space
between blocks are written back as uploaded."""

from __future__ import annotations

from workers.contract.limits import Limits
from workers.documents.codecs import decoded
from workers.documents.formats import KINDS
from workers.inline import html as inline_html
from workers.inline.carry import Translated, carried

KIND = KINDS["html"]


def segments(data: bytes, limits: Limits) -> list[str]:
    return list(inline_html.texts(inline_html.read(decoded(data, KIND)[0])))


def rebuilt(data: bytes, translated: list[Translated], limits: Limits) -> bytes:
    text, bom = decoded(data, KIND)
    layout = inline_html.read(text)
    given = iter(translated)
    made = [
        carried(segment.marked, paragraph) if (paragraph := next(given, None)) else segment.marked
        for segment in inline_html.segments(layout)
    ]
    return (bom + inline_html.write(layout, made)).encode()
