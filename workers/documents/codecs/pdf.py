"""``.pdf`` documents with a text layer, read by pypdf, written back as a Word document (``.docx``, as
DeepL's ``output_format`` does by default for a PDF).

What is kept is the text: each page's paragraphs (blocks of lines between vertical gaps, pypdf's layout
mode; a word hyphenated across a line break is joined) in reading order, and a page break between pages.
What is lost is the layout: columns, fonts, sizes, colours, images, tables, headers and footers and
links. The Word document says so in its comments property (``LAYOUT_LOST``), and the README does.
A scanned PDF has no text layer and is refused, saying so; pages past the archive parts cap are refused
before any is read, and pypdf caps what any one stream may inflate to.
"""

from __future__ import annotations

import io
import re

import docx
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from workers.contract.limits import Limits
from workers.documents.formats import DocumentError
from workers.inline.carry import Translated
from workers.settings import env_name
from workers.text.normalize import normalized_lines

LAYOUT_LOST = (
    "Translated from a PDF by Warta: the text is kept, in reading order with its page breaks; the layout "
    "(columns, fonts, images, tables, headers and footers, links) is not."
)
_HYPHENATED = re.compile(r"(\w)-\n(?=[a-z])")


def _pages(data: bytes, limits: Limits) -> list[list[str]]:
    """Each page's paragraphs, as one-line texts."""
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentError("The PDF is encrypted with a password; send it unlocked.")
        if len(reader.pages) > limits.max_archive_parts:
            cap = limits.max_archive_parts
            raise DocumentError(f"The PDF has {len(reader.pages)} pages; the cap is {cap} "
                                f"({env_name('max_archive_parts')}).")  # fmt: skip
        texts = [page.extract_text(extraction_mode="layout") for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError) as error:
        raise DocumentError(f"The file is not a readable PDF ({error}).") from None
    pages = [_paragraphs(text) for text in texts]
    if not any(pages):
        raise DocumentError("The PDF has no text layer to translate (a scan holds only images); send it with "
                            "its text recognized.")  # fmt: skip
    return pages


def _paragraphs(text: str) -> list[str]:
    blocks = re.split(r"\n\s*\n", _HYPHENATED.sub(r"\1", text))
    return [line for block in blocks if (line := " ".join(normalized_lines(block)))]


def segments(data: bytes, limits: Limits) -> list[str]:
    return [paragraph for page in _pages(data, limits) for paragraph in page]


def rebuilt(data: bytes, translated: list[Translated], limits: Limits) -> bytes:
    given = iter(translated)
    document = docx.Document()
    document.core_properties.comments = LAYOUT_LOST
    for number, page in enumerate(_pages(data, limits)):
        if number:
            document.add_page_break()
        for paragraph in page:
            translation = next(given, None)
            document.add_paragraph(" ".join(translation.targets()) if translation else paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
