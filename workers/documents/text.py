"""``.txt`` and ``.html`` documents as lines to translate, and back with their English.

A document becomes *segments*: one-line texts, each of which the job keeps as one paragraph (its text is
normalized here, exactly as the job would, so segment ``i`` is the job's paragraph ``i``). Everything
else stays as uploaded: the space around each line and the blank lines of a ``.txt``; the markup and
entities of an ``.html`` are read by ``workers/inline/html.py``: block elements end a segment, inline ones
stay inside its sentences and are carried onto their translation.
"""

from __future__ import annotations

from dataclasses import dataclass

from workers.documents.formats import DocumentError, DocumentFormat
from workers.inline import html as inline_html
from workers.inline.carry import Translated, carried
from workers.text.lines import Stretch, stretches
from workers.text.markup import written
from workers.text.normalize import normalized_lines

_BOM = "\ufeff"


@dataclass(frozen=True)
class _Segment:
    before: str
    text: str
    after: str


Part = str | _Segment


def one_line(text: str) -> str:
    """The text as the job keeps it, on one line: what the job's paragraph will be."""
    return " ".join(normalized_lines(text))


def segments(data: bytes, fmt: DocumentFormat) -> list[str]:
    """The document's lines to translate, in order."""
    text = _decoded(data)[0]
    if fmt == DocumentFormat.HTML:
        return list(inline_html.texts(inline_html.read(text)))
    return [part.text for part in _plan(text, fmt) if isinstance(part, _Segment)]


def rebuilt(data: bytes, fmt: DocumentFormat, translated: list[Translated]) -> bytes:
    """The document with segment ``i`` replaced by ``translated[i]``; an ``.html``'s inline markup
    carried onto each translation (``workers/inline``)."""
    text, bom = _decoded(data)
    if fmt == DocumentFormat.HTML:
        layout = inline_html.read(text)
        given = iter(translated)
        made = [
            carried(segment.marked, paragraph) if (paragraph := next(given, None)) else segment.marked
            for segment in inline_html.segments(layout)
        ]
        return ((_BOM if bom else "") + inline_html.write(layout, made)).encode()
    english = iter(translated)
    out = []
    for part in _plan(text, fmt):
        if isinstance(part, str):
            out.append(part)
            continue
        paragraph = next(english, None)
        out.append(part.before + (" ".join(paragraph.targets()) if paragraph else part.text) + part.after)
    return ((_BOM if bom else "") + "".join(out)).encode()


def _decoded(data: bytes) -> tuple[str, bool]:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise DocumentError("A .txt or .html document must be UTF-8 text.") from None
    return text.removeprefix(_BOM), text.startswith(_BOM)


def _plan(text: str, fmt: DocumentFormat) -> list[Part]:
    html = fmt == DocumentFormat.HTML
    parts: list[Part] = []
    for found in stretches(text, html):
        line = one_line(found.text) if isinstance(found, Stretch) else ""
        if isinstance(found, str):
            parts.append(found)
        elif not line:
            parts.append(written(found.as_written) if html else found.as_written)
        else:
            parts.append(_Segment(found.before, line, found.after))
    return parts
