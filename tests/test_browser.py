"""The web page in headless Chromium (Debian's package, driven by Playwright): submit the five samples,
watch progress reach 100 %, open the result, click a glossary term, download TMX. Screenshots go to
``test-artifacts/``."""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from service.app import create_app
from tests.helpers import LiveServer

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def samples() -> list[Path]:
    """The five ../shared samples (one news event) where they are beside the repo, else five articles
    the project ships."""
    shared = sorted((ROOT.parent / "shared" / "samples").glob("*.txt"))
    return shared[:5] if len(shared) >= 5 else sorted((ROOT / "tests" / "data" / "unrelated").glob("*.txt"))


@pytest.fixture
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (`make test` installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    yield page
    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}-last.png"))
    context.close()
    assert errors == [], f"the page reported errors: {errors}"


@pytest.fixture
def web(settings: Any, start_worker: Any) -> Iterator[tuple[str, Any]]:
    app = create_app(settings)
    start_worker(settings)
    with LiveServer(app) as server:
        yield server.url, app
    app.extensions["warta.store"].close()


def shot(page: Any, name: str) -> None:
    """What a person sees at that moment (the viewport), not the whole page: long results are tall."""
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


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

    term = page.locator("mark.term").first
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
    stored = app.extensions["warta.glossaries"].get("my-glossary")
    assert [t.target for t in stored.terms if source in t.sources] == ["Budi the Minister"]


def test_with_keys_required_the_page_asks_for_one_and_then_works(settings, browser, page):
    app = create_app(dataclasses.replace(settings, require_api_key=True))
    _key, token = app.extensions["warta.keys"].create("browser")
    with LiveServer(app) as server:
        page.goto(server.url + "/glossaries")
        assert page.url.startswith(server.url + "/login")
        page.fill("#key", "wk_wrong_key")
        page.click("button[type=submit]")
        assert "unknown or revoked" in page.inner_text("main")
        page.fill("#key", token)
        page.click("button[type=submit]")
        page.wait_for_url(server.url + "/glossaries")
        assert page.locator("a", has_text="default").count() == 1
        assert "Log out" in page.inner_text("header")
        shot(page, "5-logged-in")
    app.extensions["warta.store"].close()
