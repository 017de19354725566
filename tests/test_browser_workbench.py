"""A job's page as an editor's workbench, in headless Chromium, driven by the keyboard alone: move to the
flagged sentences, edit and save each with the confirmation beside it, mark one reviewed, restore an
earlier revision from the history, approve the job; and an editor's whole day, from submitting five
articles to editing a glossary. Screenshots go to ``test-artifacts/``."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.browser_fixtures import samples, shot
from tests.test_browser_glossary import ADDED, FIXED, UPLOADED, edit_the_desk_glossary
from workers.contract.article import ArticleInput
from workers.titles import job_title

pytestmark = pytest.mark.integration


def _finished(url: str, articles: list[dict[str, str]]) -> str:
    job = requests.post(f"{url}/v1/jobs", json={"articles": articles, "tasks": ["translate"]}, timeout=30)
    assert job.status_code == 202, job.text
    deadline = time.monotonic() + 300
    while requests.get(f"{url}/v1/jobs/{job.json()['id']}", timeout=30).json()["status"] != "succeeded":
        assert time.monotonic() < deadline
        time.sleep(0.3)
    return str(job.json()["id"])


def _current(page: Any) -> Any:
    return page.locator("tr.sentence.current")


def test_an_editor_works_through_the_flagged_sentences_with_the_keyboard_alone(web, page):
    url, _app = web
    articles = [{"id": p.stem, "text": p.read_text(encoding="utf-8")} for p in samples()[:2]]
    job = _finished(url, articles)
    result = requests.get(f"{url}/v1/jobs/{job}/result", timeout=30).json()
    flagged = [(a["id"], s["index"]) for a in result["articles"] for p in a["paragraphs"] for s in p
               if s["flags"] and s["target"] is not None]  # fmt: skip
    assert len(flagged) >= 2, "the tiny model's English should trip a check on some sentences"

    page.goto(f"{url}/jobs/{job}")
    assert page.locator("#workbench details.keys").inner_text().count("next") >= 2, "the keys are shown"
    page.select_option("#sentence-filter", "flagged")
    assert page.locator("tr.sentence:visible").count() == len(flagged)
    page.locator("h1").click()
    page.keyboard.press("n")
    first = _current(page)
    assert (first.get_attribute("data-article"), int(first.get_attribute("data-index") or -1)) == flagged[0]

    for number, (article, index) in enumerate(flagged[:2], start=1):
        row = page.locator(f'tr.sentence[data-article="{article}"][data-index="{index}"]')
        assert row.evaluate("r => r.classList.contains('current')")
        page.keyboard.press("Enter")
        box = page.locator("textarea.edit-box")
        box.fill(f"Edited sentence number {number}.")
        page.keyboard.press("Control+Enter")
        row.locator(".saved", has_text="Saved · revision 1").wait_for()
        assert row.locator(".state").inner_text() == "edited"
        assert row.locator(".editable").inner_text() == f"Edited sentence number {number}."
        assert row.evaluate("r => document.activeElement === r.querySelector('.editable')")
        shot(page, f"workbench-{number}-saved")
        page.keyboard.press("n")

    article, index = flagged[0]
    row = page.locator(f'tr.sentence[data-article="{article}"][data-index="{index}"]')
    row.locator(".editable").focus()
    page.keyboard.press("Enter")
    page.locator("textarea.edit-box").fill("A second thought.")
    page.keyboard.press("Control+Enter")
    row.locator(".saved", has_text="revision 2").wait_for()
    page.keyboard.press("h")
    history = row.locator(".history-list")
    history.wait_for()
    assert history.locator("li").count() == 3, "the machine's English and both revisions"
    shot(page, "workbench-3-history")
    assert page.evaluate("document.activeElement.textContent") == "Restore"
    page.keyboard.press("Enter")
    row.locator(".saved", has_text="Restored machine translation · revision 3").wait_for()
    machine = requests.get(f"{url}/v1/jobs/{job}/articles/{article}/sentences/{index}", timeout=30).json()
    assert machine["sentence"]["target"] == machine["revisions"][0]["before"]

    page.keyboard.press("r")
    row.locator(".saved", has_text="Marked reviewed").wait_for()
    assert row.locator(".state").inner_text() == "reviewed"
    page.select_option("#sentence-filter", "unreviewed")
    assert row.is_hidden()
    page.select_option("#sentence-filter", "all")

    page.locator("#approve-job").focus()
    page.keyboard.press("Enter")
    page.locator("#approve-job[aria-pressed=true]").wait_for()
    page.locator(".job-edits", has_text="approved").wait_for()
    assert page.locator("tr.sentence").count() == page.locator('tr.sentence[data-state="approved"]').count()
    assert requests.get(f"{url}/v1/jobs/{job}/result", timeout=30).json()["edits"]["approved"] is True
    shot(page, "workbench-4-approved")


def test_the_term_panel_closes_and_flag_details_open_from_the_keyboard(web, page):
    url, _app = web
    job = _finished(url, [{"id": "a", "text": samples()[0].read_text(encoding="utf-8")}])
    page.goto(f"{url}/jobs/{job}")
    term = page.locator("tr.sentence mark.term").first
    term.focus()
    page.keyboard.press("Enter")
    panel = page.locator("#term-panel")
    panel.wait_for(state="visible")
    page.keyboard.press("Escape")
    panel.wait_for(state="hidden")
    term.click()
    panel.wait_for(state="visible")
    page.click("#term-close")
    panel.wait_for(state="hidden")
    flag = page.locator("details.flag").first
    flag.locator("summary").focus()
    page.keyboard.press("Enter")
    assert flag.evaluate("d => d.open")
    assert flag.locator("span").inner_text().strip()


def _keyboard_edit(page: Any, row: Any, english: str, confirmation: str) -> None:
    page.keyboard.press("Enter")
    page.locator("textarea.edit-box").fill(english)
    page.keyboard.press("Control+Enter")
    row.locator(".saved", has_text=confirmation).wait_for()


def test_an_editors_day(web, page, tmp_path: Path):
    """Five articles submitted from the page, one found again by its title, its flagged sentences worked
    through with the keyboard alone (each save confirmed beside the sentence), an earlier revision
    restored, the job approved, and a glossary with forms and types edited and downloaded whole."""
    url, _app = web
    five = samples()
    page.goto(url + "/")
    for number, path in enumerate(five, start=1):
        page.set_input_files("#files", str(path))
        page.click("#submit-button")
        page.locator("#jobs tbody tr").nth(number - 1).wait_for()
    rows = page.locator("#jobs tbody tr")
    for number in range(len(five)):
        rows.nth(number).locator(".percent", has_text="100%").wait_for(timeout=300_000)
    shot(page, "day-1-five-submitted")

    wanted = five[2]
    title = job_title(ArticleInput(wanted.stem, None, wanted.read_text(encoding="utf-8")))
    assert title
    page.fill("#q", title)
    page.press("#q", "Enter")
    page.wait_for_url(re.compile(r"[?&]q="))
    found = page.locator("#jobs tbody tr")
    assert found.count() == 1 and found.locator(".title a").inner_text() == title
    shot(page, "day-2-found-by-title")
    found.locator(".title a").click()
    page.wait_for_url(re.compile(r"/jobs/[0-9a-f]{32}$"))
    job = page.url.rsplit("/", 1)[1]
    assert page.inner_text("h1") == title

    flagged = page.locator('tr.sentence[data-flagged="true"]')
    assert flagged.count() >= 2, "the tiny model's English should trip a check on some sentences"
    page.keyboard.press("n")
    for number in (1, 2):
        row = page.locator("tr.sentence.current")
        assert row.get_attribute("data-flagged") == "true"
        _keyboard_edit(page, row, f"The editor's sentence {number}.", "Saved · revision 1")
        assert row.locator(".state").inner_text() == "edited"
        page.keyboard.press("n")
    page.keyboard.press("p")
    row = page.locator("tr.sentence.current")
    _keyboard_edit(page, row, "Second thoughts.", "Saved · revision 2")
    page.keyboard.press("h")
    restore = row.locator(".history-list li").nth(1).locator("button.restore")
    assert restore.inner_text() == "Restore"
    restore.focus()
    page.keyboard.press("Enter")
    row.locator(".saved", has_text="Restored revision 1 · revision 3").wait_for()
    assert row.locator(".editable").inner_text() == "The editor's sentence 2."
    shot(page, "day-3-restored")
    page.keyboard.press("Shift+A")
    page.locator("#approve-job[aria-pressed=true]").wait_for()
    assert requests.get(f"{url}/v1/jobs/{job}/result", timeout=30).json()["edits"]["approved"] is True
    shot(page, "day-4-approved")

    downloaded = edit_the_desk_glossary(page, url, tmp_path)
    assert downloaded["terms"] == [UPLOADED[0], UPLOADED[1], FIXED, ADDED]
    shot(page, "day-5-glossary")
