"""The DeepL API v2 (``/v2``) driven by DeepL's own clients, unchanged: ``deepl`` from PyPI and
``deepl-node`` from npm, against a live server with a real worker and the tiny models."""

from __future__ import annotations

import dataclasses
import io
import json
import os
import re
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import deepl
import docx
import openpyxl
import pytest
import srt
import webvtt
from lxml import etree
from lxml import html as lxml_html
from sqlalchemy import event

from service.app import create_app
from tests.documents_data import DELETED, FIELD_CODE, PLACES, exotic_docx, exotic_types, text_pdf, texts_of
from tests.helpers import LiveServer
from tests.test_document_formats import MARKDOWN, SRT, VTT, XLIFF_1
from workers.settings import Settings

pytestmark = pytest.mark.integration
TEXT = "Presiden Joko Widodo tiba di Jakarta pada hari Senin."
ROOT = Path(__file__).parents[1]
NODE_CACHE = ROOT / "test-artifacts" / "node"


@dataclasses.dataclass
class Served:
    url: str
    key: str
    app: Any


@pytest.fixture
def served(settings: Settings, start_worker: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Served]:
    """A live API with a key and a worker; the client's retries are off, so a 5xx fails at once."""
    monkeypatch.setattr(deepl.http_client, "max_network_retries", 0)
    settings = dataclasses.replace(settings, sync_timeout=120.0)
    app = create_app(settings)
    _, key = app.extensions["warta.keys"].create("deepl")
    start_worker(settings)
    with LiveServer(app) as server:
        yield Served(server.url, key, app)
    app.extensions["warta.store"].close()


def test_python_client_translates_text_lists_and_markup(served: Served) -> None:
    translator = deepl.Translator(served.key, server_url=served.url)
    one = translator.translate_text(TEXT, target_lang="EN-US")
    assert one.text.strip() and one.detected_source_lang == "ID" and one.billed_characters == len(TEXT)
    options = {"formality": "prefer_less", "split_sentences": "nonewlines", "preserve_formatting": True}
    texts = ["Harga beras naik.", "Baris satu.\nBaris dua."]
    many = translator.translate_text(
        texts, source_lang="ID", target_lang="en-gb", context="Ekonomi.", **options
    )
    assert len(many) == 2 and many[1].text.count("\n") == 1
    page = '<p class="lead">Harga <b>beras</b> naik &amp; turun.</p>'
    marked = translator.translate_text(page, target_lang="EN-US", tag_handling="html")
    assert marked.text.startswith('<p class="lead">') and "<b>" in marked.text and "Harga" not in marked.text
    lxml_html.fromstring(marked.text)
    xml = translator.translate_text(
        "<doc><t>Harga beras naik.</t></doc>", target_lang="EN-US", tag_handling="xml"
    )
    assert xml.text.startswith("<doc><t>") and xml.text.endswith("</t></doc>")

    with pytest.raises(deepl.DeepLException, match=r"target_lang.*not supported.*DE"):
        translator.translate_text(TEXT, target_lang="DE")
    with pytest.raises(deepl.DeepLException, match="formality"):
        translator.translate_text(TEXT, target_lang="EN-US", formality="more")

    usage = translator.get_usage()
    assert usage.character.count == len(TEXT) + len("Harga beras naik.") + len(
        "Baris satu.\nBaris dua."
    ) + len(page) + len("<doc><t>Harga beras naik.</t></doc>")
    assert not usage.any_limit_reached
    assert [lang.code for lang in translator.get_source_languages()] == ["ID"]
    targets = translator.get_target_languages()
    assert {lang.code for lang in targets} == {"EN-GB", "EN-US"}
    assert all(lang.supports_formality is False for lang in targets)
    pairs = translator.get_glossary_languages()
    assert [(p.source_lang, p.target_lang) for p in pairs] == [("id", "en")]


def test_python_client_glossary_round_trip_in_the_v1_store(served: Served) -> None:
    translator = deepl.Translator(served.key, server_url=served.url)
    made = translator.create_glossary("Kota", "ID", "EN", {"Jakarta": "Jakarta City", "Senin": "Monday"})
    assert made.name == "Kota" and made.entry_count == 2 and made.ready and made.source_lang == "ID"
    from_csv = translator.create_glossary_from_csv("Harga", "ID", "EN", "beras,rice\n")
    listed = {g.glossary_id: g.name for g in translator.list_glossaries()}
    assert listed == {made.glossary_id: "Kota", from_csv.glossary_id: "Harga"}
    assert translator.get_glossary(made.glossary_id).creation_time == made.creation_time
    assert translator.get_glossary_entries(made) == {"Jakarta": "Jakarta City", "Senin": "Monday"}
    used = translator.translate_text(TEXT, source_lang="ID", target_lang="EN-US", glossary=made)
    bearer = {"Authorization": f"Bearer {served.key}"}
    same = served.app.test_client().post(
        "/v1/translate", json={"text": TEXT, "glossary": made.glossary_id}, headers=bearer
    )
    assert same.json["glossary"] == {"name": made.glossary_id, "version": 1}
    assert same.json["translations"][0]["text"] == used.text, "the tiny model is deterministic"
    assert any(t["canonical"] == "Jakarta City" for t in same.json["translations"][0]["terms"])
    v1 = served.app.test_client().get("/v1/glossaries", headers=bearer).json["glossaries"]
    assert made.glossary_id in {g["name"] for g in v1}, "a DeepL glossary is a Warta glossary"

    translator.delete_glossary(made)
    with pytest.raises(deepl.GlossaryNotFoundException):
        translator.get_glossary(made.glossary_id)
    with pytest.raises(deepl.DeepLException, match="Glossary not found"):
        translator.translate_text(TEXT, source_lang="ID", target_lang="EN-US", glossary=made.glossary_id)


def test_listing_glossaries_reads_the_store_as_often_for_fifty_as_for_five(app: Any, client: Any) -> None:
    """One read of the labels and one of the stored term counts, whatever the number of glossaries: the
    listing read and parsed each glossary's terms and read every label again, once per glossary."""
    queries: list[str] = []
    event.listen(app.extensions["warta.store"].engine, "before_cursor_execute",
                 lambda _conn, _cursor, statement, *_: queries.append(statement))  # fmt: skip

    def listed_with(count: int) -> int:
        made = len(client.get("/v2/glossaries").json["glossaries"])
        for number in range(made, count):
            entries = f"kata{number}\tword {number}\nlain{number}\tother {number}\n"
            body = {"name": f"G{number}", "source_lang": "id", "target_lang": "en", "entries": entries}
            assert client.post("/v2/glossaries", json=body).status_code == 201
        queries.clear()
        glossaries = client.get("/v2/glossaries").json["glossaries"]
        assert len(glossaries) == count and {g["entry_count"] for g in glossaries} == {2}
        return len(queries)

    assert listed_with(5) == listed_with(50)


def test_a_text_too_long_or_with_a_control_is_told_why_by_its_number(client: Any) -> None:
    """Sent as a list (deepl-python's JSON, deepl-node's repeated form field), a text over the cap was
    told it "must be a non-empty string"; now the cap is named, and where longer text goes."""
    long = "Harga beras naik. " * 14_000
    for sent in ({"json": {"text": [long], "target_lang": "EN-US"}},
                 {"data": {"text": long, "target_lang": "EN-US"}}):  # fmt: skip
        refused = client.post("/v2/translate", **sent)
        assert refused.status_code == 413
        assert re.fullmatch(
            rf"Text 1 has {len(long)} characters; one text may have at most \d+\. Send longer text as a "
            r"document \(POST /v2/document\)\.",
            refused.json["message"],
        )
    control = client.post("/v2/translate", json={"text": ["Halo.", "Ha\u0001lo."], "target_lang": "EN-US"})
    assert (control.status_code, control.json["message"]) == (
        400, "Text 2 holds U+0001 at position 2, a character no XML document can carry; remove it."
    )  # fmt: skip


def test_python_client_translates_documents(served: Served, tmp_path: Path) -> None:
    translator = deepl.Translator(served.key, server_url=served.url)
    source = tmp_path / "berita.txt"
    source.write_text(f"  {TEXT}\n\nHarga beras naik.\n", encoding="utf-8")
    translated = tmp_path / "news.txt"
    status = translator.translate_document_from_filepath(source, translated, target_lang="EN-US")
    assert status.done and status.billed_characters == len(TEXT) + len("Harga beras naik.")
    lines = translated.read_text(encoding="utf-8").split("\n")
    assert len(lines) == 4 and lines[0].startswith("  ") and lines[1] == "" and "Harga" not in lines[2]

    page = '<html><body><h1>Harga <i>beras</i> naik</h1><p class="x">Presiden tiba.</p></body></html>'
    out = io.BytesIO()
    translator.translate_document(page.encode(), out, target_lang="EN-US", filename="page.html")
    english = out.getvalue().decode()
    assert english.startswith("<html><body><h1>") and '<p class="x">' in english and "<i>" in english
    assert "Presiden" not in english

    document = docx.Document()
    document.add_heading("Harga beras naik", level=1)
    paragraph = document.add_paragraph()
    paragraph.add_run(TEXT).bold = True
    paragraph.add_run(" Harga beras naik 4,8 persen.")
    document.add_paragraph("")
    document.add_paragraph("Presiden tiba di Jakarta.", style="List Bullet")
    buffer = io.BytesIO()
    document.save(buffer)
    out = io.BytesIO()
    translator.translate_document(io.BytesIO(buffer.getvalue()), out, target_lang="EN-US", filename="b.docx")
    english_doc = docx.Document(io.BytesIO(out.getvalue()))
    paragraphs = english_doc.paragraphs
    assert [p.style.name for p in paragraphs] == ["Heading 1", "Normal", "Normal", "List Bullet"]
    assert paragraphs[1].runs[0].bold and paragraphs[1].runs[0].text.strip()
    assert paragraphs[2].text == "" and "Presiden" not in paragraphs[3].text and paragraphs[3].text.strip()

    with pytest.raises(deepl.DeepLException, match="not supported"):
        translator.translate_document(b"PK", io.BytesIO(), target_lang="EN-US", filename="a.odt")


def test_a_bad_key_is_refused_as_deepl_refuses_it(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(deepl.http_client, "max_network_retries", 0)
    app = create_app(settings)
    with LiveServer(app) as server:
        with pytest.raises(deepl.AuthorizationException):
            deepl.Translator("invalid", server_url=server.url).get_usage()
        answer = app.test_client().post("/v2/translate", data={"text": "a", "target_lang": "de"})
        assert answer.status_code == 400 and "-> de is not served" in answer.json["message"]
        assert "id-en" in answer.json["message"]
    app.extensions["warta.store"].close()


NODE_SCRIPT = """
const deepl = require('deepl-node');
(async () => {
  const t = new deepl.Translator(process.env.KEY, {serverUrl: process.env.URL, maxRetries: 0});
  const one = await t.translateText(process.env.TEXT, null, 'en-US');
  const many = await t.translateText(['Harga beras naik.', 'Presiden tiba.'], 'id', 'en-GB');
  const terms = new deepl.GlossaryEntries({entries: {Jakarta: 'Jakarta City'}});
  const g = await t.createGlossary('Kota', 'id', 'en', terms);
  const listed = await t.listGlossaries();
  const entries = await t.getGlossaryEntries(g);
  const used = await t.translateText(process.env.TEXT, 'id', 'en-US', {glossary: g});
  await t.deleteGlossary(g);
  let gone = false;
  try { await t.getGlossary(g.glossaryId); } catch (e) { gone = e instanceof deepl.GlossaryNotFoundError; }
  console.log(JSON.stringify({one, many, names: listed.map(x => x.name), entries: entries.entries(),
                              used: used.text, gone, created: g.creationTime.toISOString()}));
})().catch(e => { console.error(e); process.exit(1); });
"""


def _node_client() -> Path:
    """deepl-node installed once into an ignored folder; the test is skipped where Node is not."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.skip("node and npm are needed for the deepl-node test")
    if not (NODE_CACHE / "node_modules" / "deepl-node").is_dir():
        NODE_CACHE.mkdir(parents=True, exist_ok=True)
        installed = subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "--prefix", str(NODE_CACHE), "deepl-node@^1.28"],
            capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        if installed.returncode != 0:
            pytest.skip(f"npm could not install deepl-node: {installed.stderr[-500:]}")
    return NODE_CACHE


def test_node_client_translates_and_round_trips_a_glossary(served: Served) -> None:
    cache = _node_client()
    script = cache / "deepl_smoke.js"
    script.write_text(NODE_SCRIPT, encoding="utf-8")
    env = {"PATH": os.environ["PATH"], "KEY": served.key, "URL": served.url, "TEXT": TEXT,
           "NODE_PATH": str(cache / "node_modules")}  # fmt: skip
    run = subprocess.run(["node", str(script)], capture_output=True, text=True, timeout=120, env=env)
    assert run.returncode == 0, run.stderr[-2000:]
    answer = json.loads(run.stdout)
    assert answer["one"]["detectedSourceLang"] == "id" and answer["one"]["text"].strip()
    assert answer["one"]["billedCharacters"] == len(TEXT) and len(answer["many"]) == 2
    assert answer["names"] == ["Kota"] and answer["entries"] == {"Jakarta": "Jakarta City"}
    assert answer["used"].strip() and answer["gone"] and answer["created"].endswith("Z")


def test_python_client_translates_every_story_of_a_docx_and_reports_a_failed_document(served: Served) -> None:
    translator = deepl.Translator(served.key, server_url=served.url)
    out = io.BytesIO()
    translator.translate_document(io.BytesIO(exotic_docx()), out, target_lang="EN-US", filename="b.docx")
    texts = " | ".join(texts_of(out.getvalue()).values())
    for place, indonesian in PLACES.items():
        assert indonesian not in texts, f"the {place} stayed Indonesian"
    assert DELETED in texts and FIELD_CODE in texts, "deleted text and field codes are never translated"
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("[Content_Types].xml", exotic_types())
        archive.writestr("word/document.xml", "<w:document><unclosed>")
    with pytest.raises(deepl.DocumentTranslationException, match=r"word/document\.xml"):
        translator.translate_document(io.BytesIO(broken.getvalue()), io.BytesIO(), target_lang="EN-US",
                                      filename="rusak.docx")  # fmt: skip


def test_deepls_client_gets_every_format_back_in_its_own(served: Served) -> None:
    """DeepL's python client uploads each format (a PDF comes back a Word document) to a live worker with
    the tiny models: the file comes back in its format, readable by its library, nothing left untranslated
    where the model answered."""
    translator = deepl.Translator(served.key, server_url=served.url)
    book = openpyxl.Workbook()
    book.active["A1"], book.active["B1"] = "Harga beras naik.", 42
    sheet = io.BytesIO()
    book.save(sheet)
    uploads = {"berita.srt": SRT.encode(), "berita.vtt": VTT.encode(), "berita.md": MARKDOWN.encode(),
               "berita.xlf": XLIFF_1.encode(), "berita.xlsx": sheet.getvalue(),
               "berita.pdf": text_pdf([["Harga beras naik."]])}  # fmt: skip
    for name, data in uploads.items():
        out = io.BytesIO()
        # Bytes, so the client sends the name (a file object goes as it is named, a BytesIO as "file").
        translator.translate_document(data, out, source_lang="ID", target_lang="EN-US", filename=name)
        written = out.getvalue()
        if name.endswith(".srt"):
            assert [s.start for s in srt.parse(written.decode())] == [s.start for s in srt.parse(SRT)]
        elif name.endswith(".vtt"):
            assert len(webvtt.from_string(written.decode()).captions) == 2
        elif name.endswith(".xlsx"):
            cells = openpyxl.load_workbook(io.BytesIO(written)).active
            assert cells["B1"].value == 42 and cells["A1"].value != "Harga beras naik."
        elif name.endswith(".pdf"):
            assert docx.Document(io.BytesIO(written)).paragraphs[0].text.strip()
        elif name.endswith(".xlf"):
            assert (
                etree.fromstring(written).find(".//{urn:oasis:names:tc:xliff:document:1.2}target") is not None
            )
        else:
            assert written.decode().startswith("# ")
