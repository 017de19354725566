"""``GET /v1/jobs``: the caller's jobs, newest first, a page at a time, with titles, search and filters."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import update

from service.app import create_app
from workers.contract.article import ArticleInput
from workers.contract.job import MAX_TITLE_CHARS
from workers.store.job_tables import jobs

JOB = {"articles": [{"text": "Harga beras naik di Jakarta pada hari Selasa pagi."}], "tasks": ["translate"]}
FLOOD = (
    "Banjir merendam ratusan rumah warga di Kabupaten Bandung setelah hujan deras turun sejak sore. "
    "Petugas mengevakuasi warga ke tempat yang lebih aman."
)
PAGE = (
    "<html><body><nav>Beranda</nav><article><h1>Gempa   mengguncang Cianjur</h1><p>Gempa bumi "
    "mengguncang Kabupaten Cianjur pada Senin siang dan merusak puluhan rumah warga.</p><p>Warga "
    "berhamburan keluar rumah ketika gempa terjadi.</p></article></body></html>"
)


def article(**members: Any) -> dict[str, Any]:
    return {"articles": [members], "tasks": ["translate"]}


@pytest.fixture
def api(settings: Any, database_url: str) -> Any:
    """A test client over SQLite and over PostgreSQL: search must work on both."""
    app = create_app(dataclasses.replace(settings, database_url=database_url))
    yield app.test_client()
    app.extensions["warta.store"].close()


def test_jobs_are_listed_newest_first_a_page_at_a_time(client):
    made = [client.post("/v1/jobs", json=JOB).json["id"] for _ in range(5)]
    first = client.get("/v1/jobs?limit=2").json
    assert [j["id"] for j in first["jobs"]] == made[::-1][:2]
    second = client.get(first["next"]).json
    third = client.get(second["next"]).json
    assert [j["id"] for j in second["jobs"] + third["jobs"]] == made[::-1][2:]
    assert third["next"] is None, "a short page is the last one"


def test_jobs_can_be_filtered_by_status(client):
    kept = client.post("/v1/jobs", json=JOB).json["id"]
    canceled = client.post("/v1/jobs", json=JOB).json["id"]
    assert client.delete(f"/v1/jobs/{canceled}").status_code == 200
    assert [j["id"] for j in client.get("/v1/jobs?status=canceled").json["jobs"]] == [canceled]
    assert [j["id"] for j in client.get("/v1/jobs?status=queued").json["jobs"]] == [kept]


def test_a_bad_listing_request_names_its_parameter(client):
    for query, field in [("status=done", "status"), ("limit=0", "limit"), ("limit=x", "limit"),
                         ("after=nope", "after"), ("created_after=yesterday", "created_after"),
                         ("created_after=1700000000", "created_after"), ("q=" + "a" * 201, "q"),
                         ("created_before=2026-13-01", "created_before")]:  # fmt: skip
        answer = client.get(f"/v1/jobs?{query}")
        assert answer.status_code in (404, 422) and answer.json["field"] == field, query
        assert answer.json["detail"], query
    refused = client.get("/v1/jobs?created_after=yesterday").json
    assert "2026-12-05" in refused["detail"], "the refusal shows a date it would take"


def test_a_job_is_titled_by_its_title_else_its_heading_else_its_first_sentence(api):
    titled = api.post("/v1/jobs", json=article(title="Banjir di Bandung", text=FLOOD)).json
    headed = api.post("/v1/jobs", json=article(html=PAGE)).json
    plain = api.post("/v1/jobs", json=article(text=FLOOD)).json
    assert titled["title"] == "Banjir di Bandung"
    assert headed["title"] == "Gempa mengguncang Cianjur"
    assert plain["title"] == "Banjir merendam ratusan rumah warga di Kabupaten Bandung setelah hujan deras " \
        "turun sejak sore."  # fmt: skip
    listed = {j["id"]: j["title"] for j in api.get("/v1/jobs").json["jobs"]}
    assert listed == {j["id"]: j["title"] for j in (titled, headed, plain)}
    assert api.get(f"/v1/jobs/{plain['id']}").json["title"] == plain["title"]


def test_a_long_first_sentence_is_cut_at_a_word_with_an_ellipsis(api):
    words = "Pemerintah provinsi mengumumkan rencana pembangunan jalan dan jembatan baru " * 4
    title = api.post("/v1/jobs", json=article(text=words.strip() + ".")).json["title"]
    assert len(title) <= MAX_TITLE_CHARS and title.endswith("…")
    assert words.startswith(title.removesuffix("…") + " "), "cut between words"


def test_search_finds_jobs_by_title_and_by_text_whatever_the_case(api):
    flood = api.post("/v1/jobs", json=article(title="Banjir di Bandung", text=FLOOD)).json["id"]
    quake = api.post("/v1/jobs", json=article(html=PAGE)).json["id"]
    rice = api.post("/v1/jobs", json=JOB).json["id"]

    def found(search: str) -> list[str]:
        answer = api.get("/v1/jobs", query_string={"q": search})
        assert answer.status_code == 200, answer.json
        return [j["id"] for j in answer.json["jobs"]]

    assert found("banjir DI bandung") == [flood], "by title, case aside"
    assert found("TEMPAT YANG LEBIH AMAN") == [flood], "by a later sentence of the text"
    assert found("berhamburan") == [quake], "by the text extracted from the HTML"
    assert found("Jakarta") == [rice]
    assert found("warga") == [quake, flood]
    assert found("100%") == [] and found("_") == [], "% and _ are themselves, not wildcards"
    assert found("  ") == [rice, quake, flood], "a blank search keeps every job"


def test_wildcards_in_a_search_match_only_themselves(api):
    percent = api.post("/v1/jobs", json=article(title="Inflasi naik 5% tahun ini", text=FLOOD)).json["id"]
    api.post("/v1/jobs", json=article(title="Inflasi naik 57 persen", text=FLOOD))
    assert [j["id"] for j in api.get("/v1/jobs", query_string={"q": "5%"}).json["jobs"]] == [percent]


def test_jobs_can_be_filtered_by_when_they_were_created(client):
    made = client.post("/v1/jobs", json=JOB).json["id"]
    today = datetime.now(UTC).date()

    def listed(**query: str) -> list[str]:
        answer = client.get("/v1/jobs", query_string=query)
        assert answer.status_code == 200, answer.json
        return [j["id"] for j in answer.json["jobs"]]

    assert listed(created_after=str(today)) == [made]
    assert listed(created_before=str(today)) == [made], "a date counts whole"
    assert listed(created_after=str(today + timedelta(days=1))) == []
    assert listed(created_before=str(today - timedelta(days=1))) == []
    hour_ago = (datetime.now(UTC) - timedelta(hours=1)).isoformat()
    assert listed(created_after=hour_ago, created_before="9999-12-31") == [made]
    assert listed(created_before=hour_ago) == []
    assert listed(created_after="0001-01-01T00:00:00+05:00") == [made], "an offset past the calendar"


def test_the_next_page_keeps_every_filter(api):
    for _ in range(3):
        api.post("/v1/jobs", json=article(title="Banjir di Bandung", text=FLOOD))
    api.post("/v1/jobs", json=JOB)
    today = str(datetime.now(UTC).date())
    query = {"q": "banjir", "status": "queued", "created_after": today, "created_before": today, "limit": "2"}
    first = api.get("/v1/jobs", query_string=query).json
    kept = {k: v[0] for k, v in parse_qs(urlsplit(first["next"]).query).items()}
    assert kept == {**query, "after": first["jobs"][-1]["id"]}
    second = api.get(first["next"]).json
    assert [j["title"] for j in first["jobs"] + second["jobs"]] == ["Banjir di Bandung"] * 3
    assert second["next"] is None


def test_a_job_stored_before_titles_gets_its_first_articles_and_a_document_its_own(api):
    job = api.post("/v1/jobs", json=article(text=FLOOD)).json
    store = api.application.extensions["warta.store"]
    with store.engine.begin() as conn:
        conn.execute(update(jobs).where(jobs.c.id == job["id"]).values(title=None))
    assert api.get("/v1/jobs").json["jobs"][0]["title"] == job["title"], "read from its first article"

    document = store.create_job([], ["translate"], {}, title="laporan\ttahunan.docx")
    assert store.get_job(document.id).title == "laporan tahunan.docx", "its file's name until it is read"
    store.replace_articles(document.id, [ArticleInput("1", None, "Laporan tahunan terbit. Isinya panjang.")])
    assert store.get_job(document.id).title == "Laporan tahunan terbit."
    untitled = store.create_job([], ["translate"], {})
    assert store.get_job(untitled.id).title is None
