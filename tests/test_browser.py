"""The web page in headless Chromium (Debian's package, driven by Playwright): submit the five samples,
watch progress reach 100 %, open the result, click a glossary term, download TMX. Screenshots go to
``test-artifacts/``."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from lxml import etree

from service.app import create_app
from tests.browser_fixtures import ARTIFACTS, samples, shot
from tests.helpers import LiveServer
from workers.store.glossaries import glossary_owner

pytestmark = pytest.mark.integration


def test_submit_the_samples_follow_progress_open_the_result_click_a_term_download_tmx(web, page):
    url, _app = web
    page.goto(url + "/")
    page.set_input_files("#files", [str(p) for p in samples()])
    page.click("#submit-button")
    page.wait_for_selector("#notice.ok")
    assert "queued with 5 article(s)" in page.inner_text("#notice")
    shot(page, "1-submitted")
    row = page.locator("#jobs tbody tr").first
    row.locator(".percent", has_text="100%").wait_for(timeout=300_000)
    assert row.locator(".status").inner_text() == "succeeded"
    shot(page, "2-progress-100")

    row.locator("a").click()
    page.wait_for_selector("#job[data-status=succeeded]")
    assert page.locator("article.article").count() == 5
    assert page.locator("table.sentences tr").count() > 20
    shot(page, "3-result")

    term = page.locator("tr.sentence mark.term").first
    term.click()
    panel = page.locator("#term-panel")
    panel.wait_for(state="visible")
    assert page.inner_text("#term-target") == term.get_attribute("data-target")
    assert int(page.inner_text("#term-count")) >= 1
    assert page.locator("mark.term.active").count() == int(page.inner_text("#term-count"))
    shot(page, "4-term-clicked")

    with page.expect_download() as download:
        page.click("a[data-format=tmx]")
    saved = ARTIFACTS / "result.tmx"
    download.value.save_as(str(saved))
    units = etree.parse(str(saved)).findall(".//tu")
    assert len(units) >= page.locator("table.sentences tbody tr, table.sentences > tr").count() // 2


def test_a_name_outside_the_glossary_is_added_from_the_result(web, page):
    url, app = web
    text = "Menteri Budi Santoso bertemu Wali Kota Ratna Dewi di Bandung. Budi Santoso memuji kota itu."
    page.goto(url + "/")
    page.fill("#text", text)
    page.click("#submit-button")
    page.locator("#jobs tbody tr").first.locator(".percent", has_text="100%").wait_for(timeout=120_000)
    page.locator("#jobs tbody tr a").first.click()
    page.wait_for_selector("#job[data-status=succeeded]")
    forms = page.locator("form.add-term")
    if forms.count() == 0:
        pytest.skip("the tiny model's output gave no unknown name to add")
    source = forms.first.get_attribute("data-source")
    forms.first.locator("input[name=target]").fill("Budi the Minister")
    forms.first.locator("button").click()
    page.wait_for_selector("#notice.ok")
    assert "my-glossary (version 1)" in page.inner_text("#notice")
    stored = app.extensions["warta.glossaries"].get("my-glossary", owner=glossary_owner(""))
    assert [t.target for t in stored.terms if source in t.sources] == ["Budi the Minister"]
    forms.first.locator("input[name=target]").fill("Minister Budi")
    forms.first.locator("button").click()
    page.locator("#notice.ok", has_text="(version 2)").wait_for()
    stored = app.extensions["warta.glossaries"].get("my-glossary", owner=glossary_owner(""))
    assert [t.target for t in stored.terms] == ["Minister Budi"], "the term holding the name is changed"


def test_with_keys_required_the_page_asks_for_one_and_then_works(settings, browser, page, page_errors):
    app = create_app(dataclasses.replace(settings, require_api_key=True))
    _key, token = app.extensions["warta.keys"].create("browser")
    with LiveServer(app) as server:
        page.goto(server.url + "/glossaries")
        assert page.url.startswith(server.url + "/login")
        page.fill("#key", "wk_wrong_key")
        page.click("button[type=submit]")
        assert "unknown or revoked" in page.inner_text("main")
        assert page_errors == [
            "Failed to load resource: the server responded with a status of 401 (UNAUTHORIZED)"
        ]
        page_errors.clear()
        page.fill("#key", token)
        page.click("button[type=submit]")
        page.wait_for_url(server.url + "/glossaries")
        assert page.locator("a", has_text="default").count() == 1
        assert "Log out" in page.inner_text("header")
        shot(page, "5-logged-in")
    app.extensions["warta.store"].close()


# A URL and a hashtag of 300 characters each, with no place to break: what a copied link, a trending tag or a
# model's run-on output puts in a text. Every page must wrap them, never scroll sideways.
LONG_URL = "https://contoh.co.id/" + ("berita-banjir-wanasari-" * 14)[:279]
LONG_TAG = "#" + ("BanjirWanasariJawaTengah" * 13)[:299]
WIDTHS = (390, 1280)


def long_article(n: int) -> dict[str, str]:
    """One of two articles on one story (so the job has a digest), the long words in the title and in
    every sentence (so the extractive summary and the digest hold them too)."""
    text = "\n".join([
        f"Banjir setinggi satu meter merendam {n + 13} desa di Wanasari menurut {LONG_URL} hari ini.",
        f"Warga Wanasari mengungsi ke balai desa dan menulis {LONG_TAG} di media sosial pada Senin malam.",
        f"Kepala BPBD Wanasari mengatakan tanggul jebol dan laporan lengkap ada di {LONG_URL} sejak pagi.",
    ])  # fmt: skip
    return {"id": f"banjir-{n}", "title": f"Banjir Wanasari {LONG_TAG} {LONG_URL}", "text": text}


def sideways(page: Any) -> dict[str, Any]:
    """How wide the page is against the window, and the boxes that stick out past its right edge."""
    return page.evaluate(
        """() => {
        const width = window.innerWidth;
        const out = [...document.querySelectorAll("body *")]
          .filter((el) => el.getClientRects().length && el.getBoundingClientRect().right > width + 0.5)
          .slice(0, 5).map((el) => el.tagName.toLowerCase() + (el.className ? "." + el.className : ""));
        return { scroll: document.documentElement.scrollWidth, width, out };
    }"""
    )


def misfits(page: Any, name: str) -> list[str]:
    """At each width: a screenshot of the whole page, then what scrolls sideways or leaves the window."""
    found = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"wrap-{name}-{width}.png"
        page.screenshot(path=str(path), full_page=True)
        print(f"screenshot: {path}")
        measured = sideways(page)
        if measured["scroll"] > measured["width"]:
            found.append(f"{name} at {width} px scrolls sideways: {measured}")
        for box in page.locator(".summary [lang=id], .digest [lang=id]").all():
            edges = box.bounding_box()
            if not edges or edges["x"] < 0 or edges["x"] + edges["width"] > width + 0.5:
                found.append(f"{name} at {width} px: an Indonesian column is outside the window: {edges}")
    return found


def test_long_unbroken_words_wrap_and_no_page_scrolls_sideways(web, browser):
    url, _app = web
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url + "/")
    glossary = "dampak-" + "banjir" * 9 + "-1"  # the longest name a glossary may have, 64 characters
    tsv = f"{LONG_TAG[1:]}|banjir bandang\t{LONG_URL}\nBPBD\tRegional Disaster Management Agency\n"
    status = page.evaluate(
        """async ([name, tsv]) => (await fetch(`/v1/glossaries/${name}`, {method: "PUT", body: tsv,
            headers: {"Content-Type": "text/tab-separated-values"}})).status""",
        [glossary, tsv],
    )
    assert status == 201
    request = {"articles": [long_article(1), long_article(2)], "summary_method": "extractive",
               "glossary": glossary}  # fmt: skip
    job = page.evaluate(
        """async (body) => (await fetch("/v1/jobs", {method: "POST", body: JSON.stringify(body),
            headers: {"Content-Type": "application/json"}})).json()""",
        request,
    )
    assert "id" in job, job
    page.reload()
    page.locator(f"#jobs tr[data-job='{job['id']}'] .percent", has_text="100%").wait_for(timeout=300_000)
    problems = misfits(page, "index")

    page.goto(f"{url}/jobs/{job['id']}")
    page.wait_for_selector("#job[data-status=succeeded]")
    assert page.locator(".summary [lang=id]").count() == 2
    assert LONG_URL in page.inner_text(".summary [lang=id] >> nth=0")
    assert LONG_TAG in page.inner_text("article .meta[lang=id] >> nth=0")
    assert page.locator(".digest").count() == 1
    problems += misfits(page, "job")
    page.locator("tr.sentence mark.term").first.click()
    page.locator("#term-panel").wait_for(state="visible")
    problems += misfits(page, "job-term")

    for name, path in [("glossaries", "/glossaries"), ("glossary", f"/glossaries/{glossary}"),
                       ("default-glossary", "/glossaries/default"), ("login", "/login"),
                       ("missing", f"/jobs/{LONG_TAG[1:]}")]:  # fmt: skip
        page.goto(url + path)
        if "glossary" in name and name != "glossaries":
            page.locator("#term-rows tr").first.wait_for()  # the editor's rows, read from the API
        problems += misfits(page, name)
        if name == "glossary":
            targets = page.locator("#term-rows input[name=target]").evaluate_all(
                "boxes => boxes.map((b) => b.value)"
            )
            assert LONG_URL in targets
    context.close()
    assert problems == [], "\n".join(problems)
    assert errors == [], f"the page reported errors: {errors}"


def _finished_job(url: str, text: str) -> str:
    import time

    import requests

    body = {"articles": [{"id": "a/1", "text": text}], "tasks": ["translate"]}
    job = requests.post(f"{url}/v1/jobs", json=body, timeout=30).json()["id"]
    deadline = time.monotonic() + 180
    while requests.get(f"{url}/v1/jobs/{job}", timeout=30).json()["status"] != "succeeded":
        assert time.monotonic() < deadline
        time.sleep(0.3)
    return str(job)


def _edit(page: Any, index: int, english: str) -> None:
    """Keyboard only: Tab to the sentence, Enter opens the editor, Ctrl+Enter saves."""
    page.locator(f'.editable[data-index="{index}"]').focus()
    page.keyboard.press("Enter")
    box = page.locator("textarea.edit-box")
    box.fill(english)
    box.press("Control+Enter")


def _saved(page: Any, index: int) -> None:
    """The confirmation beside the sentence itself, where the editor is looking."""
    row = page.locator(f'tr.sentence[data-index="{index}"]')
    row.locator(".saved", has_text="Saved · revision").wait_for()


def test_an_editor_fixes_a_sentence_and_the_fix_is_kept_downloaded_reused_and_never_lost(
    web, page, page_errors
):
    import requests

    from tests.test_edits import ARTICLE, CLOSE, EDITED

    url, _app = web
    job = _finished_job(url, ARTICLE)
    page.goto(f"{url}/jobs/{job}")
    _edit(page, 0, EDITED)
    _saved(page, 0)
    page.locator(".job-edits", has_text="1 of 2 sentences edited").wait_for()
    shot(page, "5-sentence-edited")
    page.reload()
    first = page.locator('.editable[data-index="0"]')
    assert first.inner_text() == EDITED
    assert page.locator(".origin").first.get_attribute("data-origin") == "human"
    assert "HTER" in page.inner_text(".article-edits")

    with page.expect_download() as download:
        page.click("a[data-format=tmx]")
    units = etree.parse(download.value.path()).findall(".//tu")
    assert [u.get("changeid") for u in units if EDITED in etree.tostring(u, encoding=str)] == ["-anonymous"]

    again = _finished_job(url, f"{ARTICLE}\n\n{CLOSE}")
    page.goto(f"{url}/jobs/{again}")
    assert page.locator(".origin").first.get_attribute("data-origin") == "human-memory"
    assert page.locator('.editable[data-index="0"]').inner_text() == EDITED
    suggestion = page.locator("tr", has=page.locator('.editable[data-index="2"]')).locator(".match")
    assert EDITED in suggestion.inner_text()
    shot(page, "6-human-memory-and-suggestion")

    page.goto(f"{url}/jobs/{job}")
    other = page.context.new_page()
    other.goto(f"{url}/jobs/{job}")
    _edit(page, 1, "The government will add rice next month.")
    _saved(page, 1)
    _edit(other, 1, "Next month the government adds rice supplies.")
    other.locator("#notice.error", has_text="Someone saved this sentence first").wait_for()
    shot(other, "7-conflict")
    other.locator("button.save-edit").click()
    _saved(other, 1)
    history = requests.get(f"{url}/v1/jobs/{job}/articles/a%2F1/sentences/1", timeout=30).json()["revisions"]
    assert [r["after"] for r in history] == ["The government will add rice next month.",
                                             "Next month the government adds rice supplies."]  # fmt: skip
    page_errors[:] = [e for e in page_errors if "412" not in e]
