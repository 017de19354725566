"""``.xlsx`` workbooks: the text of every cell, and of every comment, is a segment; numbers, dates,
formulas and their cached results are never touched, nor are sheet names (formulas name them).

A cell's text lives in the shared string table (``xl/sharedStrings.xml``), or inline in its sheet
(``t="inlineStr"``); a comment's in its comments part. Each such string is plain (one ``t``) or rich
text: runs (``r``) with their own fonts, carried like a paragraph's runs (``runs.py``), so one bold word
of a cell stays on its translation. Only those parts are rewritten (``package.py``); styles, charts,
drawings and everything else of the package are copied as they were.
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from workers.contract.limits import Limits
from workers.documents.codecs.package import Package
from workers.documents.codecs.runs import RunGrammar, RunParagraph, text_child
from workers.documents.formats import KINDS
from workers.inline.carry import Translated, carried
from workers.inline.marked import Marked, MarkedBuilder

X = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_SPREADSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml."
# The parts that hold text, in the order their strings are read.
PARTS = [_SPREADSHEET + "sharedStrings+xml", _SPREADSHEET + "worksheet+xml", _SPREADSHEET + "comments+xml"]


def _x(tag: str) -> str:
    return f"{{{X}}}{tag}"


# The elements holding one string: a shared string, a comment's text, a cell's inline string.
ITEMS = {_x("si"), _x("text"), _x("is")}


_run_text, _set_text = text_child(_x("t"), preserve=True)


CELL = RunGrammar(run=_x("r"), properties=_x("rPr"), text=_run_text, set_text=_set_text,
                  trailing=frozenset({_x("rPh"), _x("phoneticPr")}))  # fmt: skip


class _Plain:
    """A string of one ``t``: its text, and the translation written into it."""

    def __init__(self, item: etree._Element) -> None:
        self.item = item
        builder = MarkedBuilder()
        builder.text(_run_text(item))
        self.marked = builder.built()

    def write(self, translation: Marked) -> None:
        _set_text(self.item, translation.text)


def _string(item: etree._Element) -> _Plain | RunParagraph:
    return RunParagraph.read(item, CELL) if item.find(_x("t")) is None else _Plain(item)


def segments(data: bytes, limits: Limits) -> list[str]:
    with Package(data, limits, KINDS["xlsx"]) as package:
        return [text for item in _items(package) if (text := _string(item).marked.text)]


def rebuilt(data: bytes, translated: list[Translated], limits: Limits) -> bytes:
    given = iter(translated)
    with Package(data, limits, KINDS["xlsx"]) as package:
        for item in _items(package):
            string = _string(item)
            if string.marked.text and (translation := next(given, None)) is not None:
                string.write(carried(string.marked, translation))
        return package.written([part for _, part in package.typed(PARTS)])


def _items(package: Package) -> Iterator[etree._Element]:
    for _, part in package.typed(PARTS):
        yield from list(package.xml(part).iter(*ITEMS))
