"""/metrics: Prometheus text read from the store and Redis at scrape time."""

from __future__ import annotations

import dataclasses
import json

import pytest
import requests

from service.app import create_app
from tests.helpers import wait_for_job


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


@pytest.mark.integration
def test_metrics_parse_and_count_the_jobs_a_worker_ran(live_app, start_worker):
    from prometheus_client.parser import text_string_to_metric_families

    server, settings = live_app
    worker = start_worker(settings)
    body = {"articles": [{"text": "Harga beras naik di Jakarta. Pedagang mengeluh pada Selasa."}],
            "tasks": ["translate"]}  # fmt: skip
    ids = [requests.post(f"{server.url}/v1/jobs", json=body, timeout=10).json()["id"] for _ in range(3)]
    for job_id in ids:
        assert wait_for_job(server.url, job_id)["status"] == "succeeded", worker.output()
    text = requests.get(f"{server.url}/metrics", timeout=10).text
    samples = {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }
    assert samples[("warta_jobs", (("status", "succeeded"),))] == 3
    assert samples[("warta_sentences_translated_total", ())] == 6
    assert samples[("warta_stage_seconds_count", (("stage", "translate"),))] == 3
    assert samples[("warta_stage_seconds_count", (("stage", "queue"),))] == 3
    assert samples[("warta_stage_seconds_bucket", (("le", "+Inf"), ("stage", "finish")))] == 3
    assert samples[("warta_model_load_seconds", (("role", "translation"),))] > 0
    logged = [json.loads(line) for line in worker.output().splitlines() if line.startswith("{")]
    assert logged and all({"time", "level", "logger", "message"} <= set(entry) for entry in logged)
    assert {e["job_id"] for e in logged if "job_id" in e} >= set(ids), "every job's lines name it"
