"""Every download format: parsed back, every sentence pair round-trips, nothing unescaped."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from lxml import etree
from lxml import html as lxml_html

from service.renderers import RENDERERS
from workers.contract.article import ArticleInput

NASTY = "<script>alert(\"x\")</script> & “quotes” 'single'"
DOCUMENT = {
    "id": "0123456789abcdef",
    "status": "succeeded",
    "created_at": "2026-11-23T00:00:00Z",
    "finished_at": "2026-11-23T00:01:00Z",
    "digests": [{"articles": ["a/../1 <b>", "2"], "english_text": "Putin arrived <b>twice</b>.",
                 "source_lang_text": "Putin tiba.", "entities": [{"name": "Russia"}]}],
    "articles": [
        {
            "id": "a/../1 <b>",
            "title": "Putin di Pyongyang",
            "title_en": "Putin in Pyongyang",
            "paragraphs": [
                [
                    {"index": 0, "source": "Presiden Rusia tiba.", "target": "The Russian president arrived.",
                     "terms": [{"term_id": "country-ru", "source": "Rusia", "source_span": [9, 14],
                                "target": "Russian", "target_span": [4, 11], "canonical": "Russia",
                                "type": "place", "status": "applied"}], "entities": []},
                    {"index": 1, "source": NASTY, "target": NASTY, "terms": [], "entities": [],
                     "flags": [{"check": "numbers", "missing": ["<b>4.8</b>"]}]},
                ],
                [{"index": 2, "source": "Ia disambut Kim & Co.", "target": "He was met by Kim & Co.",
                  "terms": [], "entities": []}],
            ],
            "summary": {"source_lang_text": "Putin tiba.", "english_text": "Putin arrived.",
                        "sentences": [{"source": "Putin tiba.", "target": "Putin arrived.", "terms": []}]},
            "glossary_report": {"terms_found": 1, "terms_repaired": 0, "terms_missed": 0},
        }
    ],
}  # fmt: skip
PAIRS = [(s["source"], s["target"]) for p in DOCUMENT["articles"][0]["paragraphs"] for s in p]
SUMMARY = [("Putin tiba.", "Putin arrived.")]


def test_tmx_round_trips_every_pair():
    root = etree.fromstring(RENDERERS["tmx"].render(DOCUMENT))
    assert root.get("version") == "1.4" and root.find("header").get("srclang") == "id"
    units = root.findall("body/tu")
    pairs = [tuple(tuv.findtext("seg") for tuv in tu.findall("tuv")) for tu in units]
    assert pairs == PAIRS + SUMMARY
    langs = [tuv.get("{http://www.w3.org/XML/1998/namespace}lang") for tuv in units[0].findall("tuv")]
    assert langs == ["id", "en"]
    assert [p.text for p in units[2].findall("prop")] == ["a/../1 <b>", "1"]


def test_xliff_round_trips_every_pair():
    root = etree.fromstring(RENDERERS["xliff"].render(DOCUMENT))
    ns = {"x": "urn:oasis:names:tc:xliff:document:2.0"}
    assert root.get("version") == "2.1" and root.get("srcLang") == "id" and root.get("trgLang") == "en"
    assert root.find("x:file", ns).get("original") == "a/../1 <b>"
    segments = root.findall(".//x:segment", ns)
    assert [
        (s.findtext("x:source", namespaces=ns), s.findtext("x:target", namespaces=ns)) for s in segments
    ] == [*PAIRS, *SUMMARY]
    assert len(root.findall("x:file/x:group", ns)) == 3  # two paragraphs and the summary


def test_html_parses_and_escapes_everything():
    page = RENDERERS["html"].render(DOCUMENT).decode()
    tree = lxml_html.fromstring(page)
    assert tree.xpath("//script") == [] and "<script>" not in page
    assert NASTY in tree.text_content()
    assert [m.text for m in tree.xpath("//mark[contains(@class, 'term')]")] == ["Rusia", "Russian"]
    [flag] = tree.xpath("//span[@class='flag']")
    assert (
        "numbers" in flag.text and "<b>4.8</b>" in flag.get("title") and "<b>" not in page.split("<body>")[1]
    )
    assert "Putin arrived <b>twice</b>." in tree.xpath("//section[@class='digest']")[0].text_content()
    assert (
        "Putin arrived." in tree.xpath("//section[@class='article']//div[@class='summary']")[0].text_content()
    )
    assert "http" not in page.replace("https://", "")  # nothing loaded from anywhere


def test_markdown_and_text_escape_and_keep_paragraphs():
    markdown = RENDERERS["md"].render(DOCUMENT).decode()
    assert "<script>" not in markdown and r"\<script\>" in markdown and "&amp;" in markdown
    text = RENDERERS["txt"].render(DOCUMENT).decode()
    assert text.split("\n\n")[:2] == ["Putin in Pyongyang", "Summary: Putin arrived."]
    assert "He was met by Kim & Co." in text


@pytest.fixture
def finished_job(app):
    store = app.extensions["warta.store"]
    job = store.create_job([ArticleInput("a/../1 <b>", None, "Presiden Rusia tiba.")], ["translate"], {})
    store.start(job.id)
    store.succeed(job.id, {"articles": DOCUMENT["articles"]})
    return job.id


@pytest.mark.parametrize("fmt", ["json", "md", "html", "tmx", "xliff", "txt", "zip"])
def test_every_format_downloads_with_a_safe_name(client, finished_job, fmt):
    response = client.get(f"/v1/jobs/{finished_job}/result?format={fmt}")
    assert response.status_code == 200
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="warta-') and "/" not in disposition.split("=")[1]
    if fmt == "zip":
        names = zipfile.ZipFile(io.BytesIO(response.data)).namelist()
        assert sorted(n.rsplit(".", 1)[1] for n in names) == ["html", "json", "md", "tmx", "txt", "xlf"]


def test_one_article_and_accept_header(client, finished_job):
    response = client.get(f"/v1/jobs/{finished_job}/result?format=tmx&article=a/../1 <b>")
    assert response.status_code == 200 and 'filename="warta-' in response.headers["Content-Disposition"]
    assert (
        "..-" not in response.headers["Content-Disposition"]
        and "<" not in response.headers["Content-Disposition"]
    )
    missing = client.get(f"/v1/jobs/{finished_job}/result?article=nope")
    assert missing.status_code == 404 and missing.get_json()["field"] == "article"
    by_accept = client.get(f"/v1/jobs/{finished_job}/result", headers={"Accept": "application/x-tmx+xml"})
    assert by_accept.status_code == 200 and by_accept.data.startswith(b"<?xml")
    plain = client.get(f"/v1/jobs/{finished_job}/result")
    assert plain.is_json and plain.get_json()["articles"][0]["id"] == "a/../1 <b>"


@pytest.mark.parametrize("fmt", ["json", "html"])
def test_every_response_carries_safe_headers(client, finished_job, fmt):
    response = client.get(f"/v1/jobs/{finished_job}/result?format={fmt}")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "script-src" not in policy
    problem = client.get("/v1/jobs/nope")
    assert problem.status_code == 404 and problem.headers["X-Content-Type-Options"] == "nosniff"


# Accepted as they are: what XML must escape, what Markdown reads as markup, characters outside the BMP,
# invisible ones, and controls in the body text (a scraped page's form feed, a stray \x01).
ODD_ID = "a]]>&<b>\"'# *_`|1 😀\u200d\u202e"
ODD_TITLE = "# Judul | *banjir* <i>&amp;</i> ]]> \u2028 baru\x85 😀"
ODD_TEXT = (
    "Presiden Rusia tiba\x01 di Jakarta.\x0c Harga beras naik\x0b 4,8 persen.\ufffe\n\n"
    "# Bukan judul ]]> &amp;"
)


@pytest.mark.integration
def test_every_download_of_a_job_with_odd_but_accepted_input_parses(settings, start_worker):
    """NUL and C0 controls made the TMX and XLIFF downloads invalid XML; a newline in a title broke the
    Markdown and text downloads' structure. Whatever the API accepts, every format must parse."""
    import requests

    from service.app import create_app
    from tests.helpers import LiveServer, wait_for_job

    app = create_app(settings)
    start_worker(settings)
    articles = [{"id": ODD_ID, "title": ODD_TITLE, "text": ODD_TEXT, "reference": "The president\x01 came."},
                {"title": "Dua", "text": "Kim Jong-un\x00 bertemu Putin."}]  # fmt: skip
    with LiveServer(app) as server:
        body = {"articles": articles, "clean": False}
        posted = requests.post(f"{server.url}/v1/jobs", json=body, timeout=10)
        assert posted.status_code == 202, posted.text
        job_id = posted.json()["id"]
        assert wait_for_job(server.url, job_id)["status"] == "succeeded"
        get = lambda fmt: requests.get(f"{server.url}/v1/jobs/{job_id}/result?format={fmt}", timeout=30)  # noqa: E731
        result = get("json").json()
        tmx = etree.fromstring(get("tmx").content)
        xliff = etree.fromstring(get("xliff").content)
        page = lxml_html.fromstring(get("html").content)
        markdown, text = get("md").text, get("txt").text
        archive = zipfile.ZipFile(io.BytesIO(get("zip").content))
    app.extensions["warta.store"].close()

    ids = [a["id"] for a in result["articles"]]
    assert ids == [ODD_ID, "2"]
    pairs = [(s["source"], s["target"]) for a in result["articles"] for p in a["paragraphs"] for s in p]
    assert all("\x00" not in s + t and "\x01" not in s + t for s, t in pairs), "controls left for XML"
    units = [[seg.findtext("seg") for seg in tu.findall("tuv")] for tu in tmx.iter("tu")]
    assert set(pairs) <= {tuple(u) for u in units}
    ns = {"x": "urn:oasis:names:tc:xliff:document:2.0"}
    assert [f.get("original") for f in xliff.findall("x:file", ns)] == ids
    assert " ".join(ODD_TITLE.split()) in page.text_content()
    title_en = result["articles"][0]["title_en"]
    assert title_en and "\n" not in result["articles"][0]["title"]
    heading = [line for line in markdown.splitlines() if line.startswith("## ") or line.startswith("# ")]
    assert len(heading) >= 2, markdown[:400]
    assert text.split("\n\n")[0] == title_en, text[:300]
    for name in archive.namelist():
        data = archive.read(name)
        if name.endswith((".tmx", ".xlf")):
            etree.fromstring(data)
        elif name.endswith(".json"):
            json.loads(data)
