"""Which document formats Warta translates, how an upload's format is recognized, and their media types.

Cheap enough for the API to run on every upload: a file's name, or the first bytes of it, and nothing
parsed. A file that only claims a format is found out by the worker, which fails the job saying so.
"""

from __future__ import annotations

import io
import re
import zipfile
from enum import StrEnum
from pathlib import PurePath

_TAG = re.compile(r"<[A-Za-z!/][^>]*>")
# Bytes of a nameless upload looked at to tell markup from plain text.
SNIFF_BYTES = 4096


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
    """The file cannot be read as the format it claims; the message says what to send instead. Its
    ``code`` is the job's error code when a worker finds it (``workers/failures.py``)."""

    code = "invalid_document"


def document_format(filename: str, data: bytes) -> DocumentFormat:
    """The format named by the file's extension; without one (deepl-python names an in-memory file
    ``file``), what the first bytes look like."""
    suffix = PurePath(filename).suffix.lower()
    if suffix:
        if suffix not in EXTENSIONS:
            raise DocumentError(
                f"The document format {suffix!r} is not supported; send .txt, .html or .docx."
            )
        return EXTENSIONS[suffix]
    if zipfile.is_zipfile(io.BytesIO(data)):  # BytesIO shares the bytes until written to
        return DocumentFormat.DOCX
    head = data[:SNIFF_BYTES].decode("utf-8", errors="ignore")
    return DocumentFormat.HTML if _TAG.search(head) else DocumentFormat.TXT
