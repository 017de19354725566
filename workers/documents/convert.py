"""A document of any format to its lines and back, through its format's codec (``codec.py``)."""

from __future__ import annotations

from workers.contract.limits import Limits
from workers.documents.codecs import codec
from workers.documents.formats import Kind
from workers.inline.carry import Translated


def segments(data: bytes, kind: Kind, limits: Limits) -> list[str]:
    """The document's lines to translate, in order; joined by line breaks they are the job's text."""
    return codec(kind).segments(data, limits)


def rebuilt(data: bytes, kind: Kind, translated: list[Translated], limits: Limits) -> bytes:
    """The document with line ``i`` of ``segments`` replaced by ``translated[i]``, written in the
    format's output format (``Kind.output``)."""
    return codec(kind).rebuilt(data, translated, limits)
