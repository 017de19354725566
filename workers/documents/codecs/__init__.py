"""What every format's codec module offers (``workers/documents/codecs/<name>.py``, one per
``formats.Kind``):
a document read into the lines a Warta job translates, and written back with their translations.

Segment ``i`` of ``segments`` is the job's paragraph ``i`` (its text normalized as the job normalizes
it), and ``rebuilt`` gets paragraph ``i``'s sentences and how they align (``Translated``), from which a
codec with inline markup carries it onto the translation (``workers/inline``). Everything else of the
document is written back as it was. Both parse the file from its bytes: the worker reads a document
once to make the job and once to write its translation, never holding it in between.
"""

from __future__ import annotations

import importlib
from typing import Protocol, cast

from workers.contract.limits import Limits
from workers.documents.formats import DocumentError, Kind
from workers.inline.carry import Translated


class Codec(Protocol):
    def segments(self, data: bytes, limits: Limits) -> list[str]: ...

    def rebuilt(self, data: bytes, translated: list[Translated], limits: Limits) -> bytes: ...


def codec(kind: Kind) -> Codec:
    """The codec module of ``kind``, imported the first time a worker needs it."""
    return cast(Codec, importlib.import_module(f"workers.documents.codecs.{kind.name}"))


def decoded(data: bytes, kind: Kind) -> tuple[str, str]:
    """A text format's bytes as text, and the byte-order mark it began with (written back the same)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise DocumentError(f"A {kind.extensions[0]} document must be UTF-8 text.") from None
    return text.removeprefix(BOM), BOM if text.startswith(BOM) else ""


BOM = "\ufeff"
