"""Office files through LibreOffice (Debian's, run headless; `make office` installs it): a document that
LibreOffice itself wrote is read, translated and written back, and LibreOffice opens the translation and
finds its text. Files are made by python-docx, python-pptx and openpyxl, then saved again by LibreOffice,
so the codecs read what a real office suite writes (shared strings, its own run splits)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import docx
import openpyxl
import pptx
import pytest
from pypdf import PdfReader

from workers.contract.limits import Limits
from workers.contract.result import SentencePair
from workers.documents.convert import rebuilt, segments
from workers.documents.formats import KINDS
from workers.inline.carry import Translated

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed (make office)")
SOURCE = "Presiden Joko Widodo tiba di Jakarta."
ENGLISH = "President Joko Widodo arrived in Jakarta."


def _office(folder: Path, target: str, *files: Path) -> None:
    """LibreOffice converts ``files`` into ``target`` (a format, or format:filter) in ``folder``/out."""
    profile = (folder / "profile").as_uri()
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", target, "--outdir",
         str(folder / "out"), *map(str, files)],
        check=True, capture_output=True, timeout=240,
    )  # fmt: skip


def _word(path: Path) -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("Presiden ")
    paragraph.add_run("Joko Widodo").bold = True
    paragraph.add_run(" tiba di Jakarta.")
    document.add_table(rows=1, cols=1).cell(0, 0).text = SOURCE
    document.save(path)


def _slides(path: Path) -> None:
    deck = pptx.Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[1])
    slide.shapes.title.text = SOURCE
    slide.placeholders[1].text_frame.text = SOURCE
    deck.save(path)


def _sheet(path: Path) -> None:
    book = openpyxl.Workbook()
    book.active["A1"], book.active["B1"], book.active["C1"] = SOURCE, 42, "=B1*2"
    book.active.column_dimensions["A"].width = 60  # wide enough that the PDF shows the whole text
    book.save(path)


def _translated(data: bytes, kind: str) -> bytes:
    lines = segments(data, KINDS[kind], Limits())
    assert lines and set(lines) == {SOURCE}, lines
    given = [Translated([SentencePair(source=line, target=ENGLISH)], lambda *_: None) for line in lines]
    return rebuilt(data, KINDS[kind], given, Limits())


NAMES = {"docx": "word", "pptx": "slides", "xlsx": "sheet"}


def test_office_files_written_by_libreoffice_are_translated_and_open_in_it(tmp_path: Path) -> None:
    made, english = tmp_path / "made", tmp_path / "english"
    made.mkdir()
    english.mkdir()
    for kind, write in (("docx", _word), ("pptx", _slides), ("xlsx", _sheet)):
        write(made / f"{NAMES[kind]}.{kind}")
        _office(tmp_path / "saved", kind, made / f"{NAMES[kind]}.{kind}")  # saved again by LibreOffice
        saved = (tmp_path / "saved" / "out" / f"{NAMES[kind]}.{kind}").read_bytes()
        (english / f"{NAMES[kind]}.{kind}").write_bytes(_translated(saved, kind))
    _office(tmp_path / "check", "pdf", *sorted(english.iterdir()))
    for kind, name in NAMES.items():
        pdf = PdfReader(tmp_path / "check" / "out" / f"{name}.pdf")
        text = " ".join(" ".join(page.extract_text().split()) for page in pdf.pages)
        assert ENGLISH in text and "tiba di" not in text, (kind, text)
    sheet = " ".join(
        page.extract_text() for page in PdfReader(tmp_path / "check" / "out" / "sheet.pdf").pages
    ).split()
    assert "42" in sheet and "84" in sheet, "the number and the formula's result are untouched"
