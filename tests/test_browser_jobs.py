"""The submit page's list of jobs in Chromium: titles, relative times, search and filters by a plain form,
pages, and a phone's width with nothing scrolling sideways or breaking mid-word."""

from __future__ import annotations

import re
from typing import Any

import pytest
from lxml import html

from tests.browser_fixtures import shot
from tests.test_browser import sideways
from workers.contract.article import ArticleInput
from workers.titles import job_title

pytestmark = pytest.mark.integration
FLOOD = (
    "Banjir merendam ratusan rumah warga di Kabupaten Bandung setelah hujan deras turun sejak sore. "
    "Petugas mengevakuasi warga ke tempat yang lebih aman."
)
RICE = "Harga beras naik di Jakarta pada hari Selasa pagi. Pedagang mengeluh karena pembeli berkurang."
QUAKE = (
    "<html><body><article><h1>Gempa mengguncang Cianjur</h1><p>Gempa bumi mengguncang Kabupaten Cianjur "
    "pada Senin siang dan merusak puluhan rumah warga.</p></article></body></html>"
)
# What is read and copied whole: each must lie on one line.
WHOLE = "#jobs .job-id, #jobs .status, #jobs .pair-code, #jobs time, #jobs .percent"
BROKEN = """(selector) => [...document.querySelectorAll(selector)].filter((el) => {
    const range = document.createRange();
    range.selectNodeContents(el);
    const tops = [...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top));
    return new Set(tops).size > 1;
}).map((el) => el.className + ": " + el.textContent)"""


def submit(page: Any, text: str) -> None:
    """Submit ``text`` through the form and wait until its row is in the list."""
    rows = page.locator("#jobs tbody tr")
    before = rows.count()
    page.fill("#text", text)
    page.click("#submit-button")
    rows.nth(before).wait_for()


def test_search_the_list_by_title_and_follow_a_job_to_its_page(web, page):
    url, _app = web
    page.goto(url + "/")
    assert page.inner_text("#no-jobs") == "No jobs yet: submit an article above."
    submit(page, FLOOD)
    submit(page, RICE)
    rows = page.locator("#jobs tbody tr")
    assert rows.count() == 2 and page.locator("#no-jobs").count() == 0
    first = rows.first
    assert first.locator(".title a").inner_text() == "Harga beras naik di Jakarta pada hari Selasa pagi."
    assert re.fullmatch(r"[0-9a-f]{8}", first.locator(".job-id").inner_text())
    assert first.locator(".pair-code").inner_text() == "id→en"
    assert first.locator("time").inner_text() == "just now", "a new row says when, as the server's rows do"
    first.locator(".percent", has_text="100%").wait_for(timeout=300_000)

    page.reload()
    time = page.locator("#jobs tbody tr time").first
    assert time.inner_text() == "just now"
    assert re.search(r"\d{4}", time.get_attribute("title") or ""), "the full local time on hover"
    page.fill("#q", "RUMAH WARGA di kabupaten bandung")
    page.click("#job-filters button[type=submit]")
    page.wait_for_url(re.compile(r"[?&]q=RUMAH"))
    assert page.input_value("#q") == "RUMAH WARGA di kabupaten bandung", "the form keeps the search"
    found = page.locator("#jobs tbody tr")
    assert found.count() == 1
    title = job_title_of(FLOOD)
    assert found.locator(".title a").inner_text() == title
    shot(page, "jobs-searched")
    found.locator(".title a").click()
    page.wait_for_url(re.compile(r"/jobs/[0-9a-f]{32}$"))

    page.goto(url + "/?status=failed")
    assert page.locator("#jobs tbody tr").count() == 0
    assert page.inner_text("#no-jobs") == "No job matches this search."
    assert page.input_value("#status-filter") == "failed"


def job_title_of(text: str) -> str:
    title = job_title(ArticleInput("pasted", None, text))
    assert title is not None
    return title


def test_at_a_phones_width_nothing_scrolls_sideways_or_breaks_mid_word(web, page):
    url, _app = web
    page.goto(url + "/")
    for body in ({"text": FLOOD}, {"html": QUAKE}, {"text": "Kata" + "panjang" * 40 + " sekali di Jakarta."}):
        job = page.evaluate(
            """async (body) => (await fetch("/v1/jobs", {method: "POST", body: JSON.stringify(body),
                headers: {"Content-Type": "application/json"}})).json()""",
            {"articles": [body], "tasks": ["translate"], "force": True},
        )
        assert "id" in job, job
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(url + "/")
    assert page.locator("#jobs tbody tr").count() == 3
    measured = sideways(page)
    page.locator("#job-filters").scroll_into_view_if_needed()
    shot(page, "jobs-390")
    assert measured["scroll"] <= measured["width"], measured
    assert page.evaluate(BROKEN, WHOLE) == []
    assert (
        page.locator("#jobs tbody tr").nth(1).locator(".title a").inner_text() == "Gempa mengguncang Cianjur"
    )


def test_the_list_goes_page_by_page_keeping_the_search(client):
    """The plain form's pages, without a browser: 20 jobs a page, Older and Newer links that keep the
    search, and empty fields that filter nothing."""
    body = {"articles": [{"text": FLOOD}], "tasks": ["translate"]}
    made = [client.post("/v1/jobs", json=body).json["id"] for _ in range(23)]
    client.post("/v1/jobs", json={"articles": [{"text": RICE}], "tasks": ["translate"]})

    def page(path: str) -> tuple[list[str], dict[str, str]]:
        answer = client.get(path)
        assert answer.status_code == 200, answer.data[:300]
        tree = html.fromstring(answer.data)
        links = {a.text_content().strip(" ←→"): a.get("href") for a in tree.xpath("//nav[@class='pages']/a")}
        return tree.xpath("//table[@id='jobs']/tbody/tr/@data-job"), links

    first, links = page("/?q=banjir&status=&created_after=&created_before=")
    assert first == made[::-1][:20] and set(links) == {"Older"}
    assert "q=banjir" in links["Older"] and "status=" not in links["Older"]
    second, links = page(links["Older"])
    assert second == made[::-1][20:] and set(links) == {"Newer"}
    again, links = page(links["Newer"])
    assert again == first and set(links) == {"Older"}
