"""``.pptx`` presentations: every DrawingML paragraph of every slide and its speaker notes (text boxes,
placeholders, tables, grouped shapes, at any depth) is a segment of runs (``runs.py``): a bold word or a
linked one (PowerPoint keeps the link on the run) stays on the words that render it. Slide layouts and
masters are the template, not the presentation's text, and stay as they are; so do charts, pictures and
everything else of the package, which python-pptx writes back part for part.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

from lxml import etree
from pptx import Presentation
from pptx.exc import PackageNotFoundError
from pptx.presentation import Presentation as Deck

from workers.contract.limits import Limits
from workers.documents.archive import check_archive
from workers.documents.codecs.runs import RunGrammar, RunParagraph, text_child
from workers.documents.formats import DocumentError
from workers.inline.carry import Translated, carried

A = "http://schemas.openxmlformats.org/drawingml/2006/main"


def _a(tag: str) -> str:
    return f"{{{A}}}{tag}"


_run_text, _set_text = text_child(_a("t"))


DRAWING = RunGrammar(run=_a("r"), properties=_a("rPr"), text=_run_text, set_text=_set_text,
                     leading=frozenset({_a("pPr")}), trailing=frozenset({_a("endParaRPr")}),
                     breaks=frozenset({_a("br")}))  # fmt: skip


def segments(data: bytes, limits: Limits) -> list[str]:
    presentation = _opened(data, limits)
    return [text for paragraph in _paragraphs(presentation) if (text := _read(paragraph).marked.text)]


def rebuilt(data: bytes, translated: list[Translated], limits: Limits) -> bytes:
    presentation = _opened(data, limits)
    given = iter(translated)
    for paragraph in _paragraphs(presentation):
        inline = _read(paragraph)
        if inline.marked.text and (translation := next(given, None)) is not None:
            inline.write(carried(inline.marked, translation))
    out = io.BytesIO()
    presentation.save(out)
    return out.getvalue()


def _read(paragraph: etree._Element) -> RunParagraph:
    return RunParagraph.read(paragraph, DRAWING)


def _opened(data: bytes, limits: Limits) -> Deck:
    check_archive(data, limits)
    try:
        return Presentation(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, etree.XMLSyntaxError) as error:
        raise DocumentError(f"The file is not a readable .pptx presentation ({error}).") from None


def _paragraphs(presentation: Deck) -> Iterator[etree._Element]:
    """Each slide's paragraphs, then its notes', in the order the slides are shown."""
    for slide in presentation.slides:
        yield from list(slide._element.iter(_a("p")))
        if slide.has_notes_slide:
            yield from list(slide.notes_slide._element.iter(_a("p")))
