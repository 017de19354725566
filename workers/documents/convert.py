"""A document of any format to its lines and back: the one place that picks the format's module."""

from __future__ import annotations

from workers.contract.limits import Limits
from workers.documents import docx, text
from workers.documents.formats import DocumentFormat
from workers.inline.carry import Translated


def segments(data: bytes, fmt: DocumentFormat, limits: Limits) -> list[str]:
    """The document's lines to translate, in order; joined by line breaks they are the job's text."""
    if fmt == DocumentFormat.DOCX:
        return docx.segments(data, limits)
    return text.segments(data, fmt)


def rebuilt(data: bytes, fmt: DocumentFormat, translated: list[Translated], limits: Limits) -> bytes:
    """The document with line ``i`` of ``segments`` replaced by ``translated[i]`` (its sentences, and
    how they align, for the formats whose inline markup is carried)."""
    if fmt == DocumentFormat.DOCX:
        return docx.rebuilt(data, translated, limits)
    return text.rebuilt(data, fmt, translated)
