"""Documents keep their inline markup through translation (issue 27): a sentence with a bold name and a
link (.html, .docx, .pptx) is translated whole, and its markup comes back around the words that render what it
wrapped. A real worker with the tiny models, and the translation memory, whose English is known exactly."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

import docx
import docx.text.run
import openpyxl
import pptx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import RGBColor
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.comments import Comment
from pptx.util import Inches

from workers.contract.limits import Limits
from workers.contract.result import SentencePair
from workers.documents.convert import rebuilt, segments
from workers.documents.formats import KINDS
from workers.inline.carry import Translated

pytestmark = pytest.mark.integration
SOURCE = "Presiden Joko Widodo tiba di Jakarta."
ENGLISH = "President Joko Widodo arrived in Jakarta."
LINK = '<a href="https://example.id/berita?id=1&amp;hal=2" title="Ibu kota">'
PARAGRAPH = f"<p>Presiden <b>Joko Widodo</b> tiba di {LINK}Jakarta</a>.</p>"
PAGE = f"<html><body>\n<h1>Berita</h1>\n{PARAGRAPH}\n</body></html>"


def _translated_file(client: Any, name: str, data: bytes, key: str) -> bytes:
    form = {"file": (io.BytesIO(data), name), "source": "id", "target": "en", "api_key": key}
    made = client.post("/translate_file", data=form, content_type="multipart/form-data")
    assert made.status_code == 200, made.json
    return client.get(made.json["translatedFileUrl"].removeprefix("http://localhost")).data  # type: ignore[no-any-return]


def test_a_sentence_with_inline_markup_is_one_line_to_translate() -> None:
    lines = segments(PAGE.encode(), KINDS["html"], Limits())
    assert lines == ["Berita", SOURCE]


def test_a_remembered_sentence_comes_back_with_its_bold_and_link_around_the_names(served_with: Any) -> None:
    client, app, _worker = served_with(suggestions=True)
    _, key = app.extensions["warta.keys"].create("desk")
    taught = client.post(
        "/suggest", json={"q": SOURCE, "s": ENGLISH, "source": "id", "target": "en", "api_key": key}
    )
    assert taught.json == {"success": True}
    english = _translated_file(client, "berita.html", PAGE.encode(), key).decode()
    assert f"<p>President <b>Joko Widodo</b> arrived in {LINK}Jakarta</a>.</p>" in english, english
    assert english.startswith("<html><body>\n<h1>") and english.endswith("</p>\n</body></html>")


def _linked_docx() -> bytes:
    """``Presiden **Joko Widodo** tiba di [Jakarta](link).``, written by python-docx (the link as Word
    writes one: a ``w:hyperlink`` around an underlined run)."""
    document = docx.Document()
    paragraph = document.add_paragraph("Presiden ")
    paragraph.add_run("Joko Widodo").bold = True
    paragraph.add_run(" tiba di ")
    rid = document.part.relate_to("https://example.id/jakarta", RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rid)
    run = docx.text.run.Run(OxmlElement("w:r"), paragraph)
    run.text, run.underline = "Jakarta", True
    link.append(run._r)
    paragraph._p.append(link)
    paragraph.add_run(".")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _formatted(data: bytes) -> tuple[str, list[str], list[str]]:
    paragraph = docx.Document(io.BytesIO(data)).paragraphs[0]
    bold = [run.text for run in paragraph.runs if run.bold]
    links = [
        "".join(t.text or "" for t in link.iter(qn("w:t"))) for link in paragraph._p.iter(qn("w:hyperlink"))
    ]
    return paragraph.text, bold, links


def test_a_docx_sentence_keeps_a_bold_name_and_a_link_on_the_words_they_wrapped() -> None:
    data = _linked_docx()
    [line] = segments(data, KINDS["docx"], Limits())
    assert line == SOURCE, "a run or a link inside a sentence does not split it"
    remembered = Translated([SentencePair(source=SOURCE, target=ENGLISH)], lambda *_: None)
    text, bold, links = _formatted(rebuilt(data, KINDS["docx"], [remembered], Limits()))
    assert (text, bold, links) == (ENGLISH, ["Joko Widodo"], ["Jakarta"])


def test_a_remembered_docx_sentence_comes_back_formatted_through_the_api(served_with: Any) -> None:
    client, app, _worker = served_with(suggestions=True)
    _, key = app.extensions["warta.keys"].create("desk")
    client.post("/suggest", json={"q": SOURCE, "s": ENGLISH, "source": "id", "target": "en", "api_key": key})
    text, bold, links = _formatted(_translated_file(client, "berita.docx", _linked_docx(), key))
    assert (text, bold, links) == (ENGLISH, ["Joko Widodo"], ["Jakarta"])


def _linked_pptx() -> bytes:
    """A slide whose text box holds the sentence with a bold name and a linked place, a table, a group
    and speaker notes, written by python-pptx."""
    deck = pptx.Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[5])
    slide.shapes.title.text = "Berita"
    paragraph = slide.shapes.add_textbox(Inches(1), Inches(2), Inches(6), Inches(1)).text_frame.paragraphs[0]
    runs = [("Presiden ", False, None), ("Joko Widodo", True, None), (" tiba di ", False, None),
            ("Jakarta", False, "https://example.id/jakarta"), (".", False, None)]  # fmt: skip
    for text, bold, link in runs:
        run = paragraph.add_run()
        run.text, run.font.bold = text, bold or None
        if link:
            run.hyperlink.address = link
    table = slide.shapes.add_table(1, 1, Inches(1), Inches(4), Inches(4), Inches(1)).table
    table.cell(0, 0).text = "Harga beras"
    group = slide.shapes.add_group_shape()
    group.shapes.add_textbox(Inches(1), Inches(5), Inches(2), Inches(1)).text_frame.text = "Dalam grup"
    slide.notes_slide.notes_text_frame.text = "Catatan pembicara"
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


def _slide(data: bytes) -> tuple[str, list[str], list[str], str]:
    slide = pptx.Presentation(io.BytesIO(data)).slides[0]
    runs = [run for shape in slide.shapes if shape.has_text_frame for p in shape.text_frame.paragraphs
            for run in p.runs]  # fmt: skip
    sentence = next(s for s in slide.shapes if s.has_text_frame and "Jakarta" in s.text_frame.text)
    bold = [run.text for run in runs if run.font.bold]
    links = [run.text for run in runs if run.hyperlink.address]
    return sentence.text_frame.text, bold, links, slide.notes_slide.notes_text_frame.text


def test_a_pptx_sentence_keeps_its_bold_and_linked_runs_and_every_place_is_read() -> None:
    data = _linked_pptx()
    lines = segments(data, KINDS["pptx"], Limits())
    assert lines == ["Berita", SOURCE, "Harga beras", "Dalam grup", "Catatan pembicara"]
    upper = [Translated([SentencePair(source=line, target=line.upper())], lambda *_: None) for line in lines]
    upper[1] = Translated([SentencePair(source=SOURCE, target=ENGLISH)], lambda *_: None)
    out = rebuilt(data, KINDS["pptx"], upper, Limits())
    assert _slide(out) == (ENGLISH, ["Joko Widodo"], ["Jakarta"], "CATATAN PEMBICARA")
    assert segments(out, KINDS["pptx"], Limits())[2:4] == ["HARGA BERAS", "DALAM GRUP"]


def test_a_remembered_pptx_sentence_comes_back_formatted_through_the_api(served_with: Any) -> None:
    client, app, _worker = served_with(suggestions=True)
    _, key = app.extensions["warta.keys"].create("desk")
    client.post("/suggest", json={"q": SOURCE, "s": ENGLISH, "source": "id", "target": "en", "api_key": key})
    sentence, bold, links, _notes = _slide(_translated_file(client, "berita.pptx", _linked_pptx(), key))
    assert (sentence, bold, links) == (ENGLISH, ["Joko Widodo"], ["Jakarta"])


def _workbook() -> bytes:
    """Text, a number, a date, a formula, rich text with a bold name and a comment, by openpyxl."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet["A1"] = "Harga beras naik."
    sheet["A1"].comment = Comment("Catatan redaksi", "desk")
    sheet["A2"], sheet["A3"], sheet["A4"] = 4.8, datetime(2026, 12, 5), "=A2*2"
    sheet["A5"] = CellRichText("Presiden ", TextBlock(InlineFont(b=True), "Joko Widodo"), " tiba di Jakarta.")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_an_xlsx_keeps_numbers_dates_formulas_and_a_bold_name_in_rich_text() -> None:
    data = _workbook()
    lines = segments(data, KINDS["xlsx"], Limits())
    assert lines == ["Harga beras naik.", SOURCE, "Catatan redaksi"]
    english = {"Harga beras naik.": "Rice prices rose.", SOURCE: ENGLISH, "Catatan redaksi": "Editor's note"}
    given = [Translated([SentencePair(source=line, target=english[line])], lambda *_: None) for line in lines]
    sheet = openpyxl.load_workbook(
        io.BytesIO(rebuilt(data, KINDS["xlsx"], given, Limits())), rich_text=True
    ).active
    assert (sheet["A1"].value, sheet["A1"].comment.text) == ("Rice prices rose.", "Editor's note")
    assert (sheet["A2"].value, sheet["A3"].value, sheet["A4"].value) == (4.8, datetime(2026, 12, 5), "=A2*2")
    rich = sheet["A5"].value
    assert str(rich) == ENGLISH
    assert [block.text for block in rich if isinstance(block, TextBlock) and block.font.b] == ["Joko Widodo"]


def test_a_remembered_sentence_keeps_its_markup_through_every_synchronous_api(served_with: Any) -> None:
    """/v1/translate, DeepL's /v2/translate and LibreTranslate's /translate with markup: the sentence is
    one model input (an inline tag never splits it) and its markup comes back around the names."""
    client, app, _worker = served_with(suggestions=True)
    _, key = app.extensions["warta.keys"].create("desk")
    client.post("/suggest", json={"q": SOURCE, "s": ENGLISH, "source": "id", "target": "en", "api_key": key})
    auth = {"Authorization": f"Bearer {key}"}
    expected = f"<p>President <b>Joko Widodo</b> arrived in {LINK}Jakarta</a>.</p>"
    own = client.post("/v1/translate", json={"text": PARAGRAPH, "tag_handling": "html"}, headers=auth)
    assert own.json["translations"][0]["text"] == expected, own.json
    body = {"text": [PARAGRAPH], "target_lang": "EN-US", "source_lang": "ID", "tag_handling": "html"}
    deepl = client.post("/v2/translate", json=body, headers=auth)
    assert deepl.json["translations"][0]["text"] == expected, deepl.json
    libre = client.post("/translate", json={"q": PARAGRAPH, "source": "id", "target": "en", "format": "html",
                                            "api_key": key})  # fmt: skip
    assert libre.json["translatedText"] == expected, libre.json
    xml = {**body, "text": ["<x>Harga beras</x> naik.<y>Baru.</y>"], "tag_handling": "xml",
           "splitting_tags": ["y"], "ignore_tags": ["x"]}  # fmt: skip
    split = client.post("/v2/translate", json=xml, headers=auth)
    written = split.json["translations"][0]["text"]
    assert written.startswith("<x>Harga beras</x>") and written.count("<y>") == 1 and written.endswith("</y>")


def test_a_documents_job_offers_the_translated_file_among_its_results(served_with: Any) -> None:
    client, app, _worker = served_with(suggestions=True)
    _, key = app.extensions["warta.keys"].create("desk")
    downloaded = _translated_file(client, "berita.pptx", _linked_pptx(), key)
    auth = {"Authorization": f"Bearer {key}"}
    [job] = client.get("/v1/jobs", headers=auth).json["jobs"]
    result = client.get(f"/v1/jobs/{job['id']}/result?format=document", headers=auth)
    assert result.status_code == 200 and result.data == downloaded
    assert result.headers["Content-Type"] == KINDS["pptx"].media_type
    assert result.headers["Content-Disposition"].endswith('.pptx"')
    other = client.post(
        "/v1/jobs", json={"articles": [{"text": SOURCE}], "tasks": ["translate"]}, headers=auth
    )
    refused = client.get(f"/v1/jobs/{other.json['id']}/result?format=document", headers=auth)
    assert refused.status_code in (404, 409), refused.json


def test_every_formatted_run_is_present_in_the_translation_whatever_the_alignment_says() -> None:
    """With no alignment and nothing copied verbatim (the fallback places every span), each run's
    formatting of the source (bold, italic, colour, a link) is still in the output, once."""
    document = docx.Document()
    paragraph = document.add_paragraph("Harga ")
    paragraph.add_run("beras").bold = True
    paragraph.add_run(" dan ")
    paragraph.add_run("gula").italic = True
    coloured = paragraph.add_run(" naik tajam")
    coloured.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
    paragraph.add_run(" pekan ini.")
    buffer = io.BytesIO()
    document.save(buffer)
    [line] = segments(buffer.getvalue(), KINDS["docx"], Limits())
    english = "THE PRICE OF RICE AND SUGAR ROSE SHARPLY THIS WEEK."
    given = [Translated([SentencePair(source=line, target=english)], lambda *_: None)]
    out = docx.Document(io.BytesIO(rebuilt(buffer.getvalue(), KINDS["docx"], given, Limits()))).paragraphs[0]
    assert out.text == english
    runs = [run for run in out.runs if run.text.strip()]
    assert sum(1 for run in runs if run.bold) == 1 and sum(1 for run in runs if run.italic) == 1
    assert sum(1 for run in runs if run.font.color.rgb == RGBColor(0xC0, 0x00, 0x00)) == 1
