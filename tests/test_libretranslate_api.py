"""LibreTranslate's API (``service/blueprints/libretranslate.py``) end to end: a real worker with the tiny
models answers, and the clients people use (libretranslatepy, deep-translator) talk to it over HTTP."""

from __future__ import annotations

import dataclasses
import io
import re
import time
from typing import Any

import pytest
import requests
from deep_translator import LibreTranslator
from deep_translator.exceptions import AuthorizationException
from docx import Document
from libretranslatepy import LibreTranslateAPI

from service.app import create_app
from tests.helpers import LiveServer
from workers.alternatives import MAX_ALTERNATIVES, alternatives
from workers.contract.enums import MAX_SYNC_TEXTS
from workers.documents.formats import EXTENSIONS
from workers.settings import Settings

pytestmark = pytest.mark.integration
SENTENCE = "Harga beras naik di Jakarta pada hari Senin."
SUGGESTED = "Rice prices rose in Jakarta on Monday."


@pytest.fixture
def served(served_with):
    """A live worker, with suggestions on (LibreTranslate's default is off) for ``/suggest``."""
    return served_with(suggestions=True)


def test_translate_reads_json_form_repeated_fields_and_the_query_string(served):
    client, _app, worker = served
    one = client.post("/translate", json={"q": SENTENCE, "source": "id", "target": "en"})
    assert one.status_code == 200, (one.json, worker.output()[-2000:])
    assert set(one.json) == {"translatedText"} and one.json["translatedText"].strip()
    assert one.headers["Access-Control-Allow-Origin"] == "*"
    batch = client.post("/translate", json={"q": [SENTENCE, "Baris satu.\nBaris dua."], "source": "id",
                                            "target": "en", "format": "text"})  # fmt: skip
    texts = batch.json["translatedText"]
    assert len(texts) == 2 and texts[0] == one.json["translatedText"] and texts[1].count("\n") == 1
    form = client.post("/translate", data={"q": [SENTENCE, "Lain."], "source": "id", "target": "en"})
    assert form.json["translatedText"] == one.json["translatedText"], "a form's first q is read"
    query = client.post(f"/translate?q={SENTENCE}&source=auto&target=en&format=text&api_key=dummy")
    assert query.status_code == 200, query.json
    assert query.json["detectedLanguage"]["language"] == "id"
    assert 0 < query.json["detectedLanguage"]["confidence"] <= 100
    auto = client.post("/translate", json={"q": [SENTENCE, SENTENCE], "source": "auto", "target": "en"})
    assert auto.json["detectedLanguage"] == [query.json["detectedLanguage"]] * 2
    same = client.post("/translate", json={"q": "Hello there", "source": "en", "target": "en"})
    assert same.json == {"translatedText": "Hello there"}, "a language to itself is the text unchanged"


def test_html_keeps_its_markup_and_alternatives_come_from_the_beam(served):
    client, _app, _worker = served
    page = '<p class="lead">Harga <b>beras</b> naik.</p>'
    html = client.post("/translate", json={"q": page, "source": "id", "target": "en", "format": "html"})
    english = html.json["translatedText"]
    assert english.startswith('<p class="lead">') and "<b>" in english and english.endswith("</p>")
    asked = client.post(
        "/translate", data={"q": SENTENCE, "source": "id", "target": "en", "alternatives": "3"}
    )
    assert asked.status_code == 200, asked.json
    others = asked.json["alternatives"]
    assert isinstance(others, list) and len(others) <= 3 and len(set(others)) == len(others)
    assert asked.json["translatedText"] not in others and all(o.strip() for o in others)
    none = client.post("/translate", json={"q": page, "source": "id", "target": "en", "format": "html",
                                           "alternatives": 2})  # fmt: skip
    assert none.json["alternatives"] == [], "LibreTranslate gives none for html"


class _Beam:
    """A model whose n-best is known: hypothesis k of a sentence is ``<sentence>#k``."""

    def hypotheses(self, texts: list[str], count: int) -> list[list[str]]:
        return [[f"{t}#{k}" for k in range(count)][: 2 if t.startswith("B") else count] for t in texts]


def test_alternatives_are_the_kth_hypotheses_per_sentence_without_repeats():
    found = alternatives(
        ["Satu. Dua.\n  Baris.", "Lain."], ["Satu.#0 Dua.#0\n  Baris.#0", "Lain.#0"], 3, _Beam()
    )
    assert found[0] == [
        "Satu.#1 Dua.#1\n  Baris.#1",
        "Satu.#2 Dua.#2\n  Baris.#1",
        "Satu.#3 Dua.#3\n  Baris.#1",
    ]
    assert found[1] == ["Lain.#1", "Lain.#2", "Lain.#3"]


@pytest.mark.parametrize(
    ("data", "status", "error"),
    [({"source": "en", "target": "es"}, 400, "Invalid request: missing q parameter"),
     ({"q": "Hello", "target": "en"}, 400, "Invalid request: missing source parameter"),
     ({"q": "Hello", "source": "en", "target": "zz"}, 400, "zz is not supported"),
     ({"q": "Hello", "source": "xx", "target": "en"}, 400, "xx is not supported"),
     ({"q": "Halo", "source": "id", "target": "en", "format": "md"}, 400, "md format is not supported"),
     ({"q": "Hello", "source": "en", "target": "id"}, 400,
      "Indonesian (id) is not available as a target language from English (en)"),
     ({"q": "Halo", "source": "id", "target": "en", "alternatives": "x"}, 400,
      "Invalid request: alternatives parameter is not a number"),
     ({"q": "Halo", "source": "id", "target": "en", "alternatives": "\u00b2"}, 400,
      "Invalid request: alternatives parameter is not a number"),
     ({"q": "Halo", "source": "id", "target": "en", "alternatives": "9" * 5000}, 400,
      "Invalid request: alternatives parameter must be 0 to 10"),
     ({"q": "Halo\u0001", "source": "id", "target": "id"}, 400,
      "Invalid request: q holds U+0001 at position 4, a character no XML document can carry; remove it.")],
)  # fmt: skip
def test_errors_are_libretranslates(client, data, status, error):
    answered = client.post("/translate", data=data)
    assert (answered.status_code, answered.json) == (status, {"error": error})


def test_refusals_come_in_libretranslates_order_whatever_the_body(client):
    """LibreTranslate checks presence first, then ``alternatives``, then the texts, then the languages:
    the models (``service/libretranslate_params.py``) tell the first fault in that order, from a form or
    JSON alike."""
    for send in ({"data": {}}, {"json": {}}):
        key = next(iter(send))
        fields = {"q": "Halo", "source": "xx", "target": "en", "alternatives": "\u00b2"}
        answered = client.post("/translate", **{key: {**fields, "q": ""}})
        assert answered.json == {"error": "Invalid request: missing q parameter"}, key
        answered = client.post("/translate", **{key: fields})
        assert answered.json == {"error": "Invalid request: alternatives parameter is not a number"}, key
        answered = client.post("/translate", **{key: {**fields, "alternatives": "007", "q": "Halo\u0001"}})
        assert answered.json["error"].startswith("Invalid request: q holds U+0001"), key
        answered = client.post("/translate", **{key: {**fields, "alternatives": "007"}})
        assert answered.json == {"error": "xx is not supported"}, key
    listed = client.post("/translate", json={"q": ["Halo", 5], "source": "id", "target": "en"})
    assert listed.json == {"error": "Invalid request: q must be a string or a list of strings"}
    keyed = client.post("/translate", json={"q": "Halo", "source": "id", "target": "en", "api_key": None})
    assert keyed.json == {"error": "Invalid request: api_key parameter may not be null"}
    form = {"file": (io.BytesIO(b"x"), "a.odt"), "source": "xx", "target": "en"}
    named = client.post("/translate_file", data=form, content_type="multipart/form-data")
    assert named.json == {"error": "Invalid request: file format not supported"}, "the name before the codes"


def test_the_document_states_libretranslates_fields_as_its_models_read_them(client):
    """Bodies and answers are the models' schemas, JSON and form alike, with the caps they check."""
    document = client.get("/openapi.json").json
    schemas = document["components"]["schemas"]
    translate = document["paths"]["/translate"]["post"]
    bodies = translate["requestBody"]["content"]
    ref = {"$ref": "#/components/schemas/LibreTranslate"}
    assert [content["schema"] for content in bodies.values()] == [ref, ref], "JSON and a form alike"
    fields = schemas["LibreTranslate"]
    assert set(fields["required"]) == {"q", "source", "target"}
    [number, digits] = fields["properties"]["alternatives"]["anyOf"]
    assert (number["minimum"], number["maximum"]) == (0, MAX_ALTERNATIVES)
    assert re.fullmatch(digits["pattern"], f"0{MAX_ALTERNATIVES}")
    assert not re.fullmatch(digits["pattern"], f"{MAX_ALTERNATIVES + 1}")
    [text, batch] = fields["properties"]["q"]["anyOf"]
    assert text["maxLength"] == Settings().max_sync_chars and batch["maxItems"] == MAX_SYNC_TEXTS
    answer = translate["responses"]["200"]["content"]["application/json"]["schema"]
    assert answer == {"$ref": "#/components/schemas/LibreTranslation"}
    error = translate["responses"]["400"]["content"]["application/json"]["schema"]
    assert error == {"$ref": "#/components/schemas/LibreError"}
    upload = document["paths"]["/translate_file"]["post"]["requestBody"]["content"]["multipart/form-data"]
    assert upload["schema"]["allOf"] == [{"$ref": "#/components/schemas/LibreTranslateFile"}]
    assert "file" not in schemas["LibreTranslateFile"]["properties"], "the part, not a field"


def test_bad_json_keys_and_methods(client, app):
    assert client.post("/translate", data="{", content_type="application/json").status_code == 400
    listed = client.post("/translate", json=["q"])
    assert (listed.status_code, listed.json) == (400, {"error": "Invalid JSON format"})
    assert client.get("/translate").status_code == 405 and client.post("/languages").status_code == 405
    unknown = client.post("/translate", data={"q": "Halo", "source": "id", "target": "en",
                                              "api_key": "wk_abc_not-a-key"})  # fmt: skip
    assert (unknown.status_code, unknown.json) == (403, {"error": "Invalid API key"})
    strict = create_app(dataclasses.replace(app.extensions["warta.settings"], require_api_key=True))
    missing = strict.test_client().post("/detect", data={"q": "Halo"})
    assert missing.status_code == 400 and "API key" in missing.json["error"]
    assert strict.test_client().get("/languages").status_code == 200, "asked before a client has a key"
    strict.extensions["warta.store"].close()


def test_broken_json_and_a_list_where_one_text_goes_are_told_so(client, app):
    """Broken JSON was told to get an API key where keys are required (and otherwise "The browser (or
    proxy) sent a request…"); a list ``q`` on ``/suggest`` was a 500."""
    broken = client.post("/translate", data='{"q": "Halo",', content_type="application/json")
    assert broken.status_code == 400 and broken.json["error"].startswith("Invalid JSON format: Expecting")
    strict = create_app(dataclasses.replace(app.extensions["warta.settings"], require_api_key=True))
    keyless = strict.test_client().post("/translate", data="{", content_type="application/json")
    assert keyless.status_code == 400 and keyless.json["error"].startswith("Invalid JSON format: ")
    strict.extensions["warta.store"].close()
    listed = client.post(
        "/suggest", json={"q": ["Halo.", "Apa?"], "s": "Hello.", "source": "id", "target": "en"}
    )
    assert (listed.status_code, listed.json) == (400, {"error": "Invalid request: q must be a string"})


def test_languages_settings_detect_and_health(client):
    assert client.get("/languages").json == [
        {"code": "en", "name": "English", "targets": ["en"]},
        {"code": "id", "name": "Indonesian", "targets": ["en", "id"]},
    ]
    front = client.get("/frontend/settings").json
    assert front["suggestions"] is False and {".txt", ".html", ".docx"} <= set(front["supportedFilesFormat"])
    assert front["supportedFilesFormat"] == list(EXTENSIONS), "every format Warta reads"
    assert front["language"]["target"] == {"code": "en", "name": "English"}
    found = client.post("/detect", data={"q": SENTENCE}).json
    assert found[0]["language"] == "id" and found[0]["confidence"] > 50
    assert client.post("/detect").json == {"error": "Invalid request: missing q parameter"}
    assert client.get("/health").json == {"status": "ok"} and "paths" in client.get("/spec").json
    off = client.post("/suggest", data={"q": SENTENCE, "s": SUGGESTED, "source": "id", "target": "en"})
    assert (off.status_code, off.json) == (403, {"error": "Suggestions are disabled on this server."})


def test_a_suggestion_is_used_by_that_keys_requests_and_jobs_only(served):
    client, app, _worker = served
    (_, mine), (_, other) = (
        app.extensions["warta.keys"].create("desk"),
        app.extensions["warta.keys"].create("b"),
    )
    text = f"{SENTENCE}  Harga cabai turun."
    sent = client.post("/suggest", json={"q": SENTENCE, "s": SUGGESTED, "source": "id", "target": "en",
                                         "api_key": mine})  # fmt: skip
    assert sent.json == {"success": True}
    got = client.post("/translate", data={"q": text, "source": "id", "target": "en", "api_key": mine})
    assert got.json["translatedText"].startswith(SUGGESTED + " "), got.json
    assert not got.json["translatedText"].endswith(SUGGESTED)
    theirs = client.post("/translate", data={"q": SENTENCE, "source": "id", "target": "en", "api_key": other})
    assert theirs.json["translatedText"] != SUGGESTED
    headers = {"Authorization": f"Bearer {mine}"}
    job = client.post(
        "/v1/jobs", json={"articles": [{"text": text}], "tasks": ["translate"]}, headers=headers
    )
    assert job.status_code == 202, job.json
    deadline = time.monotonic() + 120
    while client.get(f"/v1/jobs/{job.json['id']}", headers=headers).json["status"] != "succeeded":
        assert time.monotonic() < deadline, "the job did not finish"
        time.sleep(0.25)
    result = client.get(f"/v1/jobs/{job.json['id']}/result", headers=headers).json
    [first, *_] = result["articles"][0]["paragraphs"][0]
    assert first["target"] == SUGGESTED


def _upload(client: Any, name: str, data: bytes, source: str = "id") -> Any:
    form = {"file": (io.BytesIO(data), name), "source": source, "target": "en"}
    return client.post("/translate_file", data=form, content_type="multipart/form-data")


def test_files_are_translated_whole_and_downloaded_under_their_name(served):
    client, _app, _worker = served
    text = f"{SENTENCE}\n\n  Baris dua. Baris tiga.\n".encode()
    made = _upload(client, "berita.txt", text)
    assert made.status_code == 200, made.json
    url = made.json["translatedFileUrl"]
    assert url.startswith("http://localhost/download_file/") and url.endswith(".berita_en.txt")
    fetched = client.get(url.removeprefix("http://localhost"))
    assert fetched.status_code == 200 and "filename=berita_en.txt" in fetched.headers["Content-Disposition"]
    english = fetched.data.decode()
    assert english.count("\n") == 3 and "\n\n  " in english and "Baris" not in english
    page = b'<html><body><p class="x">Harga <b>beras</b> naik.</p></body></html>'
    html = client.get(
        _upload(client, "p.html", page, "auto").json["translatedFileUrl"].removeprefix("http://localhost")
    )
    assert (
        html.data.startswith(b'<html><body><p class="x">')
        and b"<b>" in html.data
        and b"Harga" not in html.data
    )
    document = Document()
    document.add_paragraph(SENTENCE).runs[0].bold = True
    document.add_paragraph("")
    buffer = io.BytesIO()
    document.save(buffer)
    docx = _upload(client, "a.docx", buffer.getvalue())
    out = Document(
        io.BytesIO(client.get(docx.json["translatedFileUrl"].removeprefix("http://localhost")).data)
    )
    assert (
        out.paragraphs[0].runs[0].bold
        and out.paragraphs[0].text.strip()
        and "Harga" not in out.paragraphs[0].text
    )
    assert _upload(client, "a.odt", b"x").json == {"error": "Invalid request: file format not supported"}
    assert client.get("/download_file/nope.x_en.txt").status_code == 404


def test_libretranslatepy_and_deep_translator_against_the_api(served):
    _client, app, _worker = served
    with LiveServer(app) as server:
        lt = LibreTranslateAPI(server.url)
        assert lt.translate(SENTENCE, "id", "en").strip()
        assert lt.detect(SENTENCE)[0]["language"] == "id"
        assert [language["code"] for language in lt.languages()] == ["en", "id"]
        deep = LibreTranslator(source="id", target="en", api_key="any", custom_url=server.url + "/")
        assert deep.translate(SENTENCE) == lt.translate(SENTENCE, "id", "en")
        assert len(deep.translate_batch([SENTENCE, "Harga cabai turun."])) == 2
        bad = LibreTranslator(source="id", target="en", api_key="wk_x_wrong", custom_url=server.url + "/")
        with pytest.raises(AuthorizationException):
            bad.translate(SENTENCE)
        assert requests.post(f"{server.url}/translate", data={"source": "id"}, timeout=10).status_code == 400


def test_a_file_downloads_from_any_api_process_under_a_short_safe_name(served, settings):
    client, _app, _worker = served
    long_name = "berita " * 31 + ".txt"
    made = _upload(client, long_name, f"{SENTENCE}\n".encode())
    assert made.status_code == 200, made.json
    other = create_app(dataclasses.replace(settings, data_dir=str(settings.data_dir) + "-elsewhere"))
    fetched = other.test_client().get(made.json["translatedFileUrl"].removeprefix("http://localhost"))
    assert fetched.status_code == 200 and fetched.data.decode().strip() and b"Harga" not in fetched.data
    name = fetched.headers["Content-Disposition"].split("filename=")[1]
    assert name == "berita_" * 14 + "be_en.txt", "the stem is cut to 100 characters"
    other.extensions["warta.store"].close()


def test_a_file_past_the_synchronous_caps_is_refused_at_once_by_the_worker(served_with):
    """A file small in bytes may still hold more sentences than a client can wait for: the worker reads
    it and refuses it with the cap named, at once, instead of translating until WARTA_SYNC_TIMEOUT."""
    client, _app, _worker = served_with(max_sync_sentences=3)
    refused = _upload(client, "panjang.txt", ("Harga beras naik. " * 4).encode())
    assert refused.status_code == 400, refused.json
    assert "WARTA_MAX_SYNC_SENTENCES" in refused.json["error"] and "/v2/document" in refused.json["error"]
    assert _upload(client, "pendek.txt", ("Harga beras naik. " * 3).encode()).status_code == 200
