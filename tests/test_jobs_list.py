"""``GET /v1/jobs``: the caller's jobs, newest first, a page at a time."""

from __future__ import annotations

JOB = {"articles": [{"text": "Harga beras naik di Jakarta pada hari Selasa pagi."}], "tasks": ["translate"]}


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
                         ("after=nope", "after")]:  # fmt: skip
        answer = client.get(f"/v1/jobs?{query}")
        assert answer.status_code in (404, 422) and answer.json["field"] == field, query
