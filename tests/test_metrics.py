"""/metrics: Prometheus text read from the store and Redis at scrape time."""

from __future__ import annotations

import dataclasses

from service.app import create_app


def scrape(client) -> dict[str, str]:
    response = client.get("/metrics")
    assert response.status_code == 200
    return dict(line.rsplit(" ", 1) for line in response.text.splitlines() if not line.startswith("#"))


def test_a_queued_job_shows_in_the_store_and_queue_counts(client, settings):
    article = {"text": "Presiden Rusia tiba di Pyongyang kemarin."}
    response = client.post("/v1/jobs", json={"articles": [article]})
    assert response.status_code == 202
    values = scrape(client)
    assert values['warta_jobs{status="queued"}'] == "1" and values['warta_jobs{status="failed"}'] == "0"
    assert values[f'warta_queue_length{{queue="{settings.queue}"}}'] == "1"
    assert values["warta_translation_memory_entries"] == "0" and values["warta_redis_up"] == "1"


def test_without_redis_the_store_counts_still_answer(settings):
    app = create_app(dataclasses.replace(settings, redis_url="redis://127.0.0.1:1/0"))
    values = scrape(app.test_client())
    assert values["warta_redis_up"] == "0" and values['warta_jobs{status="queued"}'] == "0"
    app.extensions["warta.store"].close()
