"""Uploaded documents (``/v2/document``) as lines for a Warta job, and the job's English as the same file.

A document becomes *segments*: one-line texts, each of which the job keeps as one paragraph (its text is
normalized here, exactly as the job would, so segment ``i`` is the job's paragraph ``i``). Everything
else stays as uploaded: the space around each line and the blank lines of a ``.txt``; the markup and
entities of an ``.html`` (the same splitter as ``tag_handling: html``, so inline tags split a sentence);
in a ``.docx``, the paragraphs' styles and the runs' formatting.

What a ``.docx`` loses: each sentence's English goes into the run that held most of that sentence, so
formatting *inside* a sentence (one bold word) spreads over the sentence or vanishes; tabs and line
breaks inside a translated run are dropped. Headers, footers, footnotes and comments stay untranslated.
Runs that hold no text (images, fields) are never touched.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import PurePath

from docx import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from workers.text.markup import pieces, written
from workers.text.normalize import normalized_lines

_LINES = re.compile(r"(\r\n|\r|\n)")
_TAG = re.compile(r"<[A-Za-z!/][^>]*>")
_BOM = "\ufeff"


class DocumentFormat(StrEnum):
    TXT = "txt"
    HTML = "html"
    DOCX = "docx"


EXTENSIONS = {".txt": DocumentFormat.TXT, ".html": DocumentFormat.HTML, ".htm": DocumentFormat.HTML,
              ".docx": DocumentFormat.DOCX}  # fmt: skip
MEDIA_TYPES = {
    DocumentFormat.TXT: "text/plain; charset=utf-8",
    DocumentFormat.HTML: "text/html; charset=utf-8",
    DocumentFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


class DocumentError(ValueError):
    """The file cannot be read as the format it claims; the message says what to send instead."""


def document_format(filename: str, data: bytes) -> DocumentFormat:
    """The format named by the file's extension; without one (deepl-python names an in-memory file
    ``file``), what the bytes look like."""
    suffix = PurePath(filename).suffix.lower()
    if suffix:
        if suffix not in EXTENSIONS:
            raise DocumentError(
                f"The document format {suffix!r} is not supported; send .txt, .html or .docx."
            )
        return EXTENSIONS[suffix]
    if zipfile.is_zipfile(io.BytesIO(data)):
        return DocumentFormat.DOCX
    return DocumentFormat.HTML if _TAG.search(_decoded(data)[0][:4096]) else DocumentFormat.TXT


@dataclass(frozen=True)
class _Segment:
    before: str
    text: str
    after: str


Part = str | _Segment


def segments(data: bytes, fmt: DocumentFormat) -> list[str]:
    """The document's lines to translate, in order; joined by line breaks they are the job's text."""
    if fmt == DocumentFormat.DOCX:
        return [text for paragraph in _paragraphs(_docx(data)) if (text := _one_line(_text_of(paragraph)))]
    return [part.text for part in _plan(_decoded(data)[0], fmt) if isinstance(part, _Segment)]


def rebuilt(data: bytes, fmt: DocumentFormat, translated: list[list[str]]) -> bytes:
    """The document with segment ``i`` replaced by ``translated[i]`` (its sentences' English, in order)."""
    english = iter(translated)
    if fmt == DocumentFormat.DOCX:
        document = _docx(data)
        for paragraph in _paragraphs(document):
            if _one_line(_text_of(paragraph)):
                _replace_runs(paragraph, next(english, []))
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()
    text, bom = _decoded(data)
    written_out = []
    for part in _plan(text, fmt):
        if isinstance(part, str):
            written_out.append(part)
            continue
        sentences = " ".join(next(english, [part.text]))
        written_out.append(part.before + (written(sentences) if fmt == DocumentFormat.HTML else sentences)
                           + part.after)  # fmt: skip
    return ((_BOM if bom else "") + "".join(written_out)).encode()


def _decoded(data: bytes) -> tuple[str, bool]:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise DocumentError("A .txt or .html document must be UTF-8 text.") from None
    return text.removeprefix(_BOM), text.startswith(_BOM)


def _one_line(text: str) -> str:
    """The text as the job keeps it, on one line: what the job's paragraph will be."""
    return " ".join(normalized_lines(text))


def _plan(text: str, fmt: DocumentFormat) -> list[Part]:
    parts: list[Part] = []
    found = [(p.text, p.translate) for p in pieces(text)] if fmt == DocumentFormat.HTML else [(text, True)]
    for piece_text, translate in found:
        if not translate:
            parts.append(piece_text)
            continue
        for chunk in _LINES.split(piece_text):
            line = _one_line(chunk)
            if not line:
                parts.append(written(chunk) if fmt == DocumentFormat.HTML else chunk)
                continue
            stripped = chunk.strip()
            lead = chunk[: len(chunk) - len(chunk.lstrip())]
            parts.append(_Segment(lead, line, chunk[len(lead) + len(stripped) :]))
    return parts


def _docx(data: bytes):  # type: ignore[no-untyped-def]
    try:
        return Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises zip, XML and package errors of many types
        raise DocumentError(f"The file is not a readable .docx document ({type(error).__name__}).") from None


def _paragraphs(document) -> Iterator[Paragraph]:  # type: ignore[no-untyped-def]
    """Every paragraph of the body, tables and text boxes included, each once, in document order."""
    body = document.element.body
    for element in body.iter(qn("w:p")):
        yield Paragraph(element, document._body)


def _runs(paragraph: Paragraph) -> list[Run]:
    """The paragraph's own runs, those inside hyperlinks too (not those of a text box's paragraphs)."""
    return [Run(r, paragraph) for r in paragraph._p.xpath("./w:r | ./w:hyperlink/w:r")]


def _text_of(paragraph: Paragraph) -> str:
    return "".join(run.text for run in _runs(paragraph))


def _replace_runs(paragraph: Paragraph, sentences: list[str]) -> None:
    """Each sentence's English into the run that held most of the sentence; other text runs emptied.

    The source sentences' places in the runs are known only in proportion (the job normalized the
    text), so a sentence is placed by its share of the paragraph's length.
    """
    runs = [run for run in _runs(paragraph) if run.text]
    if not runs or not sentences:
        return
    bounds, at = [], 0
    for run in runs:
        bounds.append((at, at + len(run.text)))
        at += len(run.text)
    assigned: list[list[str]] = [[] for _ in runs]
    total = sum(len(s) + 1 for s in sentences)
    start = 0
    for sentence in sentences:
        end = start + len(sentence) + 1
        lo, hi = start * at / total, end * at / total
        overlaps = [max(0.0, min(hi, b) - max(lo, a)) for a, b in bounds]
        assigned[max(range(len(runs)), key=lambda i: overlaps[i])].append(sentence)
        start = end
    filled = [i for i, texts in enumerate(assigned) if texts]
    for i, run in enumerate(runs):
        text = " ".join(assigned[i])
        run.text = text + (" " if text and i != filled[-1] else "")
