"""The glossary editor in headless Chromium: upload a JSON glossary whose terms use every member, search,
fix a term's forms and type from the keyboard, add a term, delete one, and download every member of
every term back; on a phone's width the terms are cards and nothing scrolls sideways."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from glossary.formats import parse_glossary
from service.app import create_app
from tests.browser_fixtures import shot
from tests.helpers import LiveServer
from tests.test_browser import sideways
from workers.settings import Settings
from workers.store.deepl import DeepLStore, GlossaryLabel, write_label
from workers.store.glossaries import ANONYMOUS

pytestmark = pytest.mark.integration

UPLOADED: list[dict[str, Any]] = [
    {"id": "putin", "target": "Vladimir Putin", "sources": ["Vladimir Putin", "Putin"], "type": "person",
     "forms": ["Putin", "President Putin"], "case_sensitive": True, "notes": "Second reference: Putin."},
    {"id": "kpk", "target": "Corruption Eradication Commission", "type": "organization",
     "sources": ["KPK", "Komisi Pemberantasan Korupsi"], "keep": True, "refers_to": ["kpk-chair"]},
    {"id": "white-house", "target": "White House", "sources": ["Gedung Putih"], "type": "person",
     "notes": "Imported from the 2019 style sheet."},
    {"id": "korut", "target": "North Korea", "sources": ["Korea Utara", "Korut"], "type": "place",
     "case_sensitive": False},
]  # fmt: skip
FIXED = {**UPLOADED[2], "sources": ["Gedung Putih", "Istana Kepresidenan AS"], "type": "place"}
ADDED = {"id": "jakarta", "target": "Jakarta", "sources": ["DKI Jakarta", "Ibu Kota Jakarta"],
         "type": "place", "keep": True, "notes": "Capital until the move to Nusantara."}  # fmt: skip


@pytest.fixture
def live(settings: Settings) -> Iterator[tuple[str, Any]]:
    """The web page and its API, no worker: editing a glossary translates nothing."""
    app = create_app(settings)
    with LiveServer(app) as server:
        yield server.url, app
    app.extensions["warta.store"].close()


def rows(page: Any) -> list[str]:
    return page.locator("#term-rows tr").evaluate_all("rows => rows.map((row) => row.dataset.id)")  # type: ignore[no-any-return]


def test_a_glossary_with_every_member_is_edited_in_place_and_downloaded_whole(live, page, tmp_path: Path):
    url, _app = live
    downloaded = edit_the_desk_glossary(page, url, tmp_path)
    assert downloaded["version"] == 4
    assert downloaded["terms"] == [UPLOADED[0], UPLOADED[1], FIXED, ADDED]


def edit_the_desk_glossary(page: Any, url: str, tmp_path: Path) -> dict[str, Any]:
    """Upload ``UPLOADED`` as glossary ``desk`` on the page, search it, fix a term's forms and type from
    the keyboard, add a term, delete one, sort, and download it as JSON: what came back."""
    file = tmp_path / "desk.json"
    file.write_text(json.dumps({"terms": UPLOADED}), encoding="utf-8")
    page.goto(url + "/glossaries")
    page.fill("#upload-glossary input[name=name]", "desk")
    page.set_input_files("#upload-glossary input[name=file]", str(file))
    page.click("#upload-glossary button[type=submit]")
    page.wait_for_url(url + "/glossaries/desk")
    page.locator("#term-rows tr").first.wait_for()
    assert rows(page) == ["putin", "kpk", "white-house", "korut"]
    assert "4 in the glossary" in page.inner_text("#term-summary")

    page.fill("#term-query", "gedung")
    page.press("#term-query", "Enter")
    page.locator("#term-summary", has_text="matching “gedung”").wait_for()
    assert rows(page) == ["white-house"]
    row = page.locator("#term-rows tr[data-id=white-house]")
    assert row.locator("select[name=type]").input_value() == "person"
    row.locator("select[name=type]").select_option("place")
    sources = row.locator("input[name=sources]")
    sources.fill("Gedung Putih, Istana Kepresidenan AS")
    sources.press("Enter")  # the keyboard saves a row
    row.locator(".row-status", has_text="Saved as version 2.").wait_for()
    shot(page, "glossary-term-saved")

    add = page.locator("#add-term")
    add.locator("input[name=sources]").fill("DKI Jakarta | Ibu Kota Jakarta")
    add.locator("input[name=target]").fill("Jakarta")
    add.locator("select[name=type]").select_option("place")
    add.locator("input[name=keep]").check()
    add.locator("input[name=notes]").fill("Capital until the move to Nusantara.")
    add.locator("button[type=submit]").click()
    page.locator("#add-status", has_text="Added Jakarta as version 3.").wait_for()

    page.fill("#term-query", "")
    page.press("#term-query", "Enter")
    page.locator("#term-rows tr[data-id=jakarta]").wait_for()
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#term-rows tr[data-id=korut] button.delete-term").click()
    page.locator("#notice.ok", has_text="Deleted North Korea: version 4.").wait_for()
    assert rows(page) == ["putin", "kpk", "white-house", "jakarta"]
    assert page.inner_text("#glossary-version") == "4"

    page.click("thead button[data-sort=target]")
    page.locator("th[aria-sort=ascending] button[data-sort=target]").wait_for()
    page.locator("#term-rows tr:first-child[data-id=kpk]").wait_for()
    assert rows(page) == ["kpk", "jakarta", "putin", "white-house"]

    with page.expect_download() as download:
        page.click(".downloads a:text-is('json')")
    return json.loads(Path(download.value.path()).read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_on_a_phone_the_terms_are_cards_and_nothing_scrolls_sideways(live, page):
    url, app = live
    long_source = "Kementerian" + "Koordinator" * 30
    terms = [*UPLOADED, {"target": "https://contoh.co.id/" + "banjir-" * 40, "sources": [long_source]}]
    app.test_client().put("/v1/glossaries/desk", json={"terms": terms})
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        for path in ("/glossaries", "/glossaries/desk", "/glossaries/default"):
            page.goto(url + path)
            if path != "/glossaries":
                page.locator("#term-rows tr").first.wait_for()
            measured = sideways(page)
            assert measured["scroll"] <= measured["width"] and not measured["out"], (path, width, measured)
        card = page.locator("#term-rows tr").first.evaluate("row => getComputedStyle(row).display")
        assert card == ("block" if width == 390 else "table-row")
        shot(page, f"glossary-default-{width}")


def test_the_name_a_deepl_client_gave_heads_its_page_and_the_list(live, page):
    url, app = live
    glossaries = app.extensions["warta.glossaries"]
    uuid = "5b3a2a5e-6b3e-4c59-9d1e-3e1c2a1b0f00"
    DeepLStore(glossaries.engine)  # the label table, as the DeepL API makes it
    label = GlossaryLabel(uuid, "Newsroom names", "id", "en", datetime.now(UTC))
    glossary = parse_glossary("Korut\tNorth Korea\n", "tsv", uuid)
    glossaries.put(glossary, uuid, ANONYMOUS, alongside=lambda conn: write_label(conn, ANONYMOUS, label))
    page.goto(url + "/glossaries")
    listed = page.locator("tr", has_text="Newsroom names")
    assert "Indonesian → English" in listed.inner_text() and uuid in listed.inner_text()
    listed.locator("a").click()
    assert page.inner_text("h1").startswith("Glossary Newsroom names")
    assert "Indonesian → English" in page.inner_text("h1") and uuid in page.inner_text("main")
    page.locator("#term-rows tr").first.wait_for()


def test_a_save_over_a_version_someone_saved_meanwhile_is_refused_in_the_row(live, page, page_errors):
    url, app = live
    client = app.test_client()
    client.put("/v1/glossaries/desk", json={"terms": UPLOADED})
    page.goto(url + "/glossaries/desk")
    row = page.locator("#term-rows tr[data-id=korut]")
    row.wait_for()
    meanwhile = client.patch("/v1/glossaries/desk", json={"delete": ["KPK"]}, headers={"If-Match": '"1"'})
    assert meanwhile.status_code == 200
    row.locator("input[name=target]").fill("DPRK")
    row.locator("button.save-term").click()
    row.locator(".row-status.error", has_text="someone saved version 2").wait_for()
    assert row.locator("input[name=target]").input_value() == "DPRK", "what was typed stays"
    terms = client.get("/v1/glossaries/desk?format=json").get_json()["terms"]
    assert [t["id"] for t in terms] == ["putin", "white-house", "korut"] and terms[2][
        "target"
    ] == "North Korea"
    assert page_errors == [
        "Failed to load resource: the server responded with a status of 412 (PRECONDITION FAILED)"
    ]
    page_errors.clear()
