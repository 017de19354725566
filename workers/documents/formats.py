"""Which document formats Warta translates: the one table every list of them derives from (DeepL's and
LibreTranslate's format lists, the OpenAPI description, content types, how an upload is recognized).

Each format is a ``Kind`` here and a codec module of this package named after it (``docx.py``,
``pptx.py``…, behind ``codec.py``'s base), which only workers import: adding a format is its row here and
its module. Recognizing an upload is cheap enough for the API to run on every one: the file's name, or
the first bytes of it (and, for a zip, its directory), nothing parsed. A file that only claims a format
is found out by the worker, which fails the job saying so.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath

_TAG = re.compile(r"<[A-Za-z!/][^>]*>")
_SRT_CUE = re.compile(r"\A\s*\d+\s*\r?\n\s*\d{1,2}:\d{2}:\d{2}[,.]\d{3}\s*-->")
# Bytes of a nameless upload looked at to tell one text format from another.
SNIFF_BYTES = 4096
_OFFICE = "application/vnd.openxmlformats-officedocument."


def _never(_head: bytes) -> bool:
    return False


@dataclass(frozen=True)
class Kind:
    """A document format: its name (and its codec module's), the file extensions that name it, its media
    type, whether it is a zip (its directory is checked against the archive caps on upload), how the
    first bytes of a nameless upload show it, and the format it is written back in where that differs
    (a PDF comes back as a Word document, as DeepL's ``output_format`` does by default)."""

    name: str
    extensions: tuple[str, ...]
    media_type: str
    zipped: bool = False
    sniff: Callable[[bytes], bool] = _never
    written_as: str | None = None

    @property
    def output(self) -> Kind:
        return KINDS[self.written_as] if self.written_as else self


def _zip_holding(folder: str) -> Callable[[bytes], bool]:
    """A zip whose parts include ``folder`` (``word/`` for .docx): read from its directory only."""

    def sniff(data: bytes) -> bool:
        if not zipfile.is_zipfile(io.BytesIO(data)):  # BytesIO shares the bytes until written to
            return False
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                return any(name.startswith(folder) for name in archive.namelist()[:64])
        except (zipfile.BadZipFile, ValueError, EOFError):
            return False

    return sniff


def _text_head(data: bytes) -> str:
    return data[:SNIFF_BYTES].decode("utf-8", errors="ignore").lstrip("\ufeff")


def _pdf(data: bytes) -> bool:
    return data.startswith(b"%PDF-")


def _xliff(data: bytes) -> bool:
    return "<xliff" in _text_head(data)


def _vtt(data: bytes) -> bool:
    return _text_head(data).startswith("WEBVTT")


def _srt(data: bytes) -> bool:
    return bool(_SRT_CUE.match(_text_head(data)))


def _html(data: bytes) -> bool:
    return bool(_TAG.search(_text_head(data)))


def _any(_data: bytes) -> bool:
    return True


# In the order a nameless upload is recognized: the most particular first, plain text last.
KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind("pdf", (".pdf",), "application/pdf", sniff=_pdf, written_as="docx"),
        Kind("docx", (".docx",), _OFFICE + "wordprocessingml.document", True, _zip_holding("word/")),
        Kind("pptx", (".pptx",), _OFFICE + "presentationml.presentation", True, _zip_holding("ppt/")),
        Kind("xlsx", (".xlsx",), _OFFICE + "spreadsheetml.sheet", True, _zip_holding("xl/")),
        Kind("xliff", (".xlf", ".xliff"), "application/xliff+xml", sniff=_xliff),
        Kind("vtt", (".vtt",), "text/vtt; charset=utf-8", sniff=_vtt),
        Kind("srt", (".srt",), "application/x-subrip; charset=utf-8", sniff=_srt),
        Kind("html", (".html", ".htm"), "text/html; charset=utf-8", sniff=_html),
        Kind("md", (".md", ".markdown"), "text/markdown; charset=utf-8"),
        Kind("txt", (".txt",), "text/plain; charset=utf-8", sniff=_any),
    )
}
EXTENSIONS = {extension: kind for kind in KINDS.values() for extension in kind.extensions}
MEDIA_TYPES = {name: kind.media_type for name, kind in KINDS.items()}


class DocumentError(ValueError):
    """The file cannot be read as the format it claims; the message says what to send instead. Its
    ``code`` is the job's error code when a worker finds it (``workers/failures.py``)."""

    code = "invalid_document"


def listed() -> str:
    """The extensions taken, as a sentence lists them."""
    names = [kind.extensions[0] for kind in KINDS.values()]
    return ", ".join(names[:-1]) + " or " + names[-1]


def document_format(filename: str, data: bytes) -> Kind:
    """The format named by the file's extension; without one (deepl-python names an in-memory file
    ``file``), what the first bytes look like, in the table's order (the most particular first)."""
    suffix = PurePath(filename).suffix.lower()
    if suffix:
        if suffix not in EXTENSIONS:
            raise DocumentError(f"The document format {suffix!r} is not supported; send {listed()}.")
        return EXTENSIONS[suffix]
    return next(kind for kind in KINDS.values() if kind.sniff(data))
