"""The glossary editor's API: a page of terms (search, sort, pages) and term-level edits that keep every
member of every term they do not name, refuse a stale version and leave shared glossaries alone."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest

from glossary.editing import edited, page_of
from glossary.entry import TermEntry
from glossary.formats import GlossaryFormatError, parse_glossary
from service.app import create_app

TERMS: list[dict[str, Any]] = [
    {"id": "putin", "target": "Vladimir Putin", "sources": ["Vladimir Putin", "Putin"], "type": "person",
     "forms": ["Putin"], "case_sensitive": True, "notes": "Second reference: Putin."},
    {"id": "kpk", "target": "Corruption Eradication Commission",
     "sources": ["KPK", "Komisi Pemberantasan Korupsi"], "type": "organization", "keep": True,
     "refers_to": ["kpk-chair"]},
    {"id": "korut", "target": "North Korea", "sources": ["Korea Utara", "Korut"], "type": "place",
     "case_sensitive": False},
    {"id": "banjir", "target": "flood", "sources": ["banjir"], "type": "other",
     "notes": {"by": "desk", "checked": True}},
]  # fmt: skip


def upload(client: Any, name: str = "desk", terms: list[dict[str, Any]] | None = None) -> int:
    body = json.dumps({"terms": terms or TERMS})
    put = client.put(f"/v1/glossaries/{name}", data=body, content_type="application/json")
    assert put.status_code in (200, 201), put.get_json()
    return int(put.get_json()["version"])


def terms_of(client: Any, name: str = "desk") -> list[dict[str, Any]]:
    return client.get(f"/v1/glossaries/{name}?format=json").get_json()["terms"]  # type: ignore[no-any-return]


def patch(
    client: Any, change: dict[str, Any], version: int | str | None, name: str = "desk", **headers: str
) -> Any:
    if version is not None:
        headers["If-Match"] = version if isinstance(version, str) else f'"{version}"'
    return client.patch(f"/v1/glossaries/{name}", json=change, headers=headers)


def test_a_page_lists_every_member_of_its_terms_with_the_counts(client):
    version = upload(client)
    got = client.get("/v1/glossaries/desk/terms?limit=2")
    assert got.status_code == 200 and got.headers["ETag"] == f'"{version}"'
    page = got.get_json()
    assert (page["total"], page["matching"], page["pages"], page["page"], page["limit"]) == (4, 4, 2, 1, 2)
    assert page["terms"] == TERMS[:2] and page["source_lang"] == "id" and page["version"] == version
    second = client.get("/v1/glossaries/desk/terms?limit=2&page=2").get_json()
    assert second["terms"] == TERMS[2:]
    past = client.get("/v1/glossaries/desk/terms?limit=2&page=9").get_json()
    assert past["terms"] == [] and past["matching"] == 4


@pytest.mark.parametrize(
    ("query", "found"),
    [("putin", ["putin"]), ("KOMISI", ["kpk"]), ("north", ["korut"]), ("second reference", ["putin"]),
     ("korea utara", ["korut"]), ("nothing like it", [])],
)  # fmt: skip
def test_search_reads_sources_forms_english_and_notes_in_any_case(client, query, found):
    upload(client)
    page = client.get("/v1/glossaries/desk/terms", query_string={"q": query}).get_json()
    assert [t["id"] for t in page["terms"]] == found and page["matching"] == len(found) and page["total"] == 4


@pytest.mark.parametrize(
    ("sort", "order", "ids"),
    [("source", "asc", ["banjir", "korut", "kpk", "putin"]),
     ("target", "desc", ["putin", "korut", "banjir", "kpk"]),
     ("type", "asc", ["kpk", "banjir", "putin", "korut"]),
     ("case", "desc", ["putin", "korut", "kpk", "banjir"]),
     ("keep", "desc", ["kpk", "putin", "korut", "banjir"]),
     ("notes", "desc", ["putin", "kpk", "korut", "banjir"])],
)  # fmt: skip
def test_sort_by_each_column_either_way_ties_keep_the_glossarys_order(client, sort, order, ids):
    upload(client)
    page = client.get(f"/v1/glossaries/desk/terms?sort={sort}&order={order}").get_json()
    assert [t["id"] for t in page["terms"]] == ids


@pytest.mark.parametrize(
    ("query", "field"),
    [("limit=0", "limit"), ("limit=201", "limit"), ("page=0", "page"), ("page=x", "page"),
     ("sort=colour", "sort"), ("order=up", "order"), ("q=" + "a" * 201, "q")],
)  # fmt: skip
def test_bad_parameters_are_refused_naming_the_field(client, query, field):
    upload(client)
    got = client.get(f"/v1/glossaries/desk/terms?{query}")
    assert got.status_code == 422 and got.get_json()["field"] == field, got.get_json()
    assert got.mimetype == "application/problem+json"


def test_terms_of_a_missing_glossary_are_404_and_the_default_is_listed(client):
    assert client.get("/v1/glossaries/nope/terms").status_code == 404
    default = client.get("/v1/glossaries/default/terms?limit=3").get_json()
    assert default["total"] > 500 and len(default["terms"]) == 3


def test_an_edit_changes_adds_and_deletes_and_keeps_every_member_of_the_rest(client):
    version = upload(client)
    changed = {
        **TERMS[0],
        "sources": ["Vladimir Putin", "Putin", "Vladimir Vladimirovich Putin"],
        "type": "other",
    }
    added = {
        "target": "Jakarta",
        "sources": ["DKI Jakarta"],
        "type": "place",
        "keep": True,
        "notes": "capital",
    }
    saved = patch(client, {"upsert": [changed, added], "delete": ["Korut"]}, version)
    assert saved.status_code == 200, saved.get_json()
    assert saved.get_json()["version"] == version + 1 and saved.headers["ETag"] == f'"{version + 1}"'
    assert saved.get_json()["terms"] == 4
    stored = terms_of(client)
    assert stored == [changed, TERMS[1], TERMS[3], {"id": "jakarta", **added}]
    old = client.get(f"/v1/glossaries/desk?format=json&version={version}").get_json()["terms"]
    assert old == TERMS, "the version edited stays as it was"


def test_an_edit_over_a_version_saved_meanwhile_is_412_with_the_current_one(client):
    version = upload(client)
    assert patch(client, {"delete": ["banjir"]}, version).status_code == 200
    stale = patch(client, {"delete": ["KPK"]}, version)
    assert stale.status_code == 412 and stale.get_json()["field"] == "If-Match"
    assert stale.get_json()["current"]["version"] == version + 1 and stale.get_json()["current"]["terms"] == 3
    assert f'"{version + 1}"' in stale.get_json()["detail"]
    assert len(terms_of(client)) == 3, "nothing was written"
    assert patch(client, {"delete": ["KPK"]}, "*").status_code == 200


@pytest.mark.parametrize(("header", "status"), [(None, 428), ('W/"1"', 412), ("1", 400), ('"1", "2"', 400)])
def test_if_match_is_required_and_strong(client, header, status):
    upload(client)
    got = patch(client, {"delete": ["banjir"]}, header)
    assert got.status_code == status and got.get_json()["field"] == "If-Match"
    assert len(terms_of(client)) == 4


@pytest.mark.parametrize(
    ("change", "status", "field"),
    [({"upsert": [{"target": "x"}]}, 422, "upsert[0].sources"),
     ({"upsert": [{"target": "x", "sources": ["y"], "type": "title"}]}, 422, "upsert[0].type"),
     ({"delete": ["Nowhere"]}, 422, "delete[0]"),
     ({"upsert": [{"target": "Putin again", "sources": ["Putin"]}]}, 422, "upsert[0]"),
     ({"upsert": [TERMS[0], TERMS[0]]}, 422, "upsert[1]"),
     ({"replace": []}, 422, "replace")],
)  # fmt: skip
def test_a_bad_edit_is_refused_naming_the_member_and_nothing_is_written(client, change, status, field):
    version = upload(client)
    got = patch(client, change, version)
    assert got.status_code == status and got.get_json()["field"] == field, got.get_json()
    assert terms_of(client) == TERMS


def test_an_edit_is_capped_as_an_upload_is(settings):
    app = create_app(dataclasses.replace(settings, max_glossary_terms=5))
    client = app.test_client()
    version = upload(client)
    many = [{"target": f"T{n}", "sources": [f"S{n}"]} for n in range(6)]
    over = patch(client, {"upsert": many}, version)
    assert over.status_code == 413 and over.get_json()["limit"] == 5
    grown = patch(client, {"upsert": many[:2]}, version)
    assert grown.status_code == 413 and grown.get_json()["code"] == "glossary_too_large"
    assert patch(client, {"upsert": many[:1]}, version).status_code == 200
    app.extensions["warta.store"].close()


def test_an_empty_edit_writes_no_version(client):
    version = upload(client)
    same = patch(client, {}, version)
    assert same.status_code == 200 and same.get_json()["version"] == version


def test_the_default_and_shared_glossaries_stay_read_only(app, client):
    assert patch(client, {"delete": ["Korut"]}, 1, name="default").status_code == 409
    assert patch(client, {"delete": ["banjir"]}, 1, name="nope").status_code == 404
    _, token = app.extensions["warta.keys"].create("desk")
    app.extensions["warta.glossaries"].put(parse_glossary(json.dumps(TERMS), "json", "wire"), "wire")
    mine = {"Authorization": f"Bearer {token}"}
    refused = patch(client, {"delete": ["banjir"]}, 1, name="wire", **mine)
    assert refused.status_code == 409 and refused.get_json()["code"] == "glossary_read_only"
    admin_only = client.patch("/v1/glossaries/wire?shared=true", json={"delete": ["banjir"]},
                              headers={**mine, "If-Match": '"1"'})  # fmt: skip
    assert admin_only.status_code == 403 and admin_only.get_json()["field"] == "shared"
    _, admin = app.extensions["warta.keys"].create("operator", admin=True)
    done = client.patch("/v1/glossaries/wire?shared=true", json={"delete": ["banjir"]},
                        headers={"Authorization": f"Bearer {admin}", "If-Match": '"1"'})  # fmt: skip
    assert done.status_code == 200 and done.get_json()["shared"] is True


def test_editing_is_linear_a_page_of_a_large_glossary_is_quick():
    """50,000 terms: a page, a search and an edit each read the glossary once."""
    import time

    big = parse_glossary("".join(f"Sumber {n}\tTarget {n}\n" for n in range(50_000)), "tsv", "big")
    started = time.perf_counter()
    page = page_of(big, "sumber 4999", None, page=1, limit=50)
    changed = edited(big, [TermEntry(id=big.terms[7].id, target="Seven", sources=["Tujuh"])], ["Sumber 9"])
    assert time.perf_counter() - started < 5
    assert page.matching == 11 and len(changed) == 49_999 and changed.terms[7].target == "Seven"
    with pytest.raises(GlossaryFormatError):
        edited(big, [TermEntry(target="Again", sources=["Sumber 1"])], [])


def test_two_editors_saving_from_one_version_at_once_one_is_told(database_url):
    """Read, check and write are one transaction on either database: of two edits made on version 1 at
    the same moment, one makes version 2 and the other is refused, never both written."""
    from concurrent.futures import ThreadPoolExecutor

    from sqlalchemy import create_engine

    from workers.store.glossaries import GlossaryStore, VersionConflict

    store = GlossaryStore(create_engine(database_url))
    version = store.put(parse_glossary(json.dumps(TERMS), "json", "desk"), "desk", "key")

    def save(source: str) -> str:
        try:
            saved = store.edit("desk", "key", version, lambda g: edited(g, [], [source]))
        except VersionConflict as conflict:
            return f"conflict at {conflict.version}"
        return f"saved {saved.version if saved else None}"

    with ThreadPoolExecutor(2) as pool:
        outcomes = sorted(pool.map(save, ["KPK", "banjir"]))
    assert outcomes == ["conflict at 2", "saved 2"]
    assert len(store.get("desk", owner="key") or ()) == 3
    store.engine.dispose()
