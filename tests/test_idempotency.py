"""Idempotency-Key on POST /v1/jobs: a retried submission gives back the same job, never a second one."""

from __future__ import annotations

import dataclasses

from redis import Redis

from service.app import create_app
from workers.store.jobs import JobStore

BODY = {"articles": [{"text": "Presiden Rusia tiba di Pyongyang pada Selasa pagi."}], "tasks": ["translate"]}


def test_the_same_key_and_body_give_back_the_same_job_queued_once(client, settings):
    first = client.post("/v1/jobs", json=BODY, headers={"Idempotency-Key": "k-1"})
    again = client.post("/v1/jobs", json=dict(reversed(BODY.items())), headers={"Idempotency-Key": "k-1"})
    assert first.status_code == again.status_code == 202
    assert again.get_json()["id"] == first.get_json()["id"] and again.headers["Idempotent-Replayed"] == "true"
    assert Redis.from_url(settings.redis_url).llen(f"rq:queue:{settings.queue}") == 1


def test_the_same_key_with_another_body_is_refused(client):
    assert client.post("/v1/jobs", json=BODY, headers={"Idempotency-Key": "k-2"}).status_code == 202
    other = {**BODY, "tasks": ["translate", "summarize"]}
    refused = client.post("/v1/jobs", json=other, headers={"Idempotency-Key": "k-2"})
    assert refused.status_code == 422
    assert refused.get_json()["code"] == "idempotency_key_reused"
    assert refused.get_json()["field"] == "Idempotency-Key"


def test_different_keys_or_no_key_make_new_jobs(client):
    ids = {client.post("/v1/jobs", json=BODY, headers=h).get_json()["id"]
           for h in ({"Idempotency-Key": "a"}, {"Idempotency-Key": "b"}, {}, {})}  # fmt: skip
    assert len(ids) == 4


def test_a_bad_key_is_named(client):
    response = client.post("/v1/jobs", json=BODY, headers={"Idempotency-Key": "x" * 201})
    assert response.status_code == 422 and response.get_json()["field"] == "Idempotency-Key"


def test_a_key_lost_to_a_concurrent_request_leaves_no_orphan_job(database_url):
    """Two requests with one key race past the first look-up: the loser's job is removed, never queued."""
    from workers.contract.article import ArticleInput

    store = JobStore(database_url)
    winner = store.create_job([ArticleInput("1", None, "a")], ["translate"], {})
    loser = store.create_job([ArticleInput("1", None, "a")], ["translate"], {})
    assert store.bind_key("race", "h", winner.id) is None
    assert store.bind_key("race", "h", loser.id) == ("h", winner.id)
    assert store.get_job(loser.id) is None and store.get_job(winner.id) is not None
    store.close()


def test_a_retry_after_the_queue_was_away_queues_a_new_job(settings):
    """The key is bound only to a job that was queued: a 503 leaves it free for the client's retry."""
    away = create_app(dataclasses.replace(settings, redis_url="redis://127.0.0.1:1/0"))
    first = away.test_client().post("/v1/jobs", json=BODY, headers={"Idempotency-Key": "retry"})
    assert first.status_code == 503 and first.get_json()["code"] == "queue_unavailable"
    back = create_app(settings)
    retried = back.test_client().post("/v1/jobs", json=BODY, headers={"Idempotency-Key": "retry"})
    assert retried.status_code == 202 and "Idempotent-Replayed" not in retried.headers
    assert retried.get_json()["status"] == "queued" and retried.get_json()["id"] != first.get_json().get("id")
    assert Redis.from_url(settings.redis_url).llen(f"rq:queue:{settings.queue}") == 1
    again = back.test_client().post("/v1/jobs", json=BODY, headers={"Idempotency-Key": "retry"})
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.get_json()["id"] == retried.get_json()["id"]
    for app in (away, back):
        app.extensions["warta.store"].close()
