"""Nothing accepted is lost: attempts fenced in the store, a SIGKILLed worker, a flushed Redis."""

from __future__ import annotations

import dataclasses
import signal
import time
from datetime import timedelta

import pytest
import requests
from redis import Redis
from sqlalchemy import select

from tests.helpers import wait_for_job
from workers.contract.article import ArticleInput
from workers.reconciler import reconcile
from workers.store.benchmarks import BenchmarkStore
from workers.store.engine import utcnow
from workers.store.job_tables import attempts
from workers.store.jobs import JobStore

pytestmark = pytest.mark.integration
SENTENCE = "Presiden Rusia tiba di Pyongyang dan disambut pemimpin Korea Utara di bandara."


def test_an_abandoned_attempt_is_requeued_and_can_no_longer_write(database_url):
    store = JobStore(database_url)
    job = store.create_job([ArticleInput("1", None, SENTENCE)], ["translate"], {})
    first = store.start(job.id, "worker-a")
    store.beat("worker-a")
    assert first == 1 and store.requeue_abandoned(utcnow() - timedelta(minutes=1)) == []
    assert store.requeue_abandoned(utcnow() + timedelta(seconds=1)) == [job.id]  # worker-a fell silent
    second = store.start(job.id, "worker-b")
    assert second == 2
    assert store.succeed(job.id, {"by": "a"}, first) is False, "the abandoned attempt writes nothing"
    store.set_progress(job.id, "translate", 5, 9, first)
    assert store.get_job(job.id).done == 0
    assert store.succeed(job.id, {"by": "b"}, second) is True
    assert store.succeed(job.id, {"by": "b"}, second) is False, "finished exactly once"
    assert (
        store.get_result(job.id) == {"by": "b", "contract_version": 2} and store.get_job(job.id).attempts == 2
    )
    store.close()


def submit(url: str, articles: list[dict], tasks=("translate",)) -> str:
    response = requests.post(f"{url}/v1/jobs", json={"articles": articles, "tasks": list(tasks)}, timeout=10)
    assert response.status_code == 202, response.text
    return response.json()["id"]


def wait_until(predicate, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def status(url: str, job_id: str) -> dict:
    return requests.get(f"{url}/v1/jobs/{job_id}", timeout=10).json()


def running_long_job(url: str, start_worker, settings):
    """A 600-sentence job, caught by a fresh worker while it is mid-way: ``(job id, worker)``. Every
    sentence differs, so the translation memory answers none and the job cannot end before it is caught."""
    articles = [{"text": " ".join(f"{SENTENCE[:-1]} ke-{a}-{i}." for i in range(60))} for a in range(10)]
    job_id = submit(url, articles)
    worker = start_worker(settings)
    wait_until(lambda: (job := status(url, job_id))["status"] == "running" and job["progress"]["done"] > 0)
    return job_id, worker


@pytest.fixture
def quick(live_app):
    """The live API with workers that count a colleague dead after 2 s and reconcile every second."""
    server, settings = live_app
    return server, dataclasses.replace(settings, worker_timeout=2, reconcile_seconds=1)


def test_a_job_of_a_sigkilled_worker_finishes_once_on_another(quick, start_worker):
    server, settings = quick
    job_id, doomed = running_long_job(server.url, start_worker, settings)
    doomed.process.send_signal(signal.SIGKILL)
    doomed.process.wait(timeout=10)
    assert status(server.url, job_id)["status"] == "running", "the killed worker left its job behind"
    rescuer = start_worker(settings)
    finished = wait_for_job(server.url, job_id, timeout=120)
    assert finished["status"] == "succeeded", rescuer.output()
    assert finished["attempts"] == 2
    result = requests.get(f"{server.url}/v1/jobs/{job_id}/result", timeout=10).json()
    assert result["runtime"]["pid"] == rescuer.process.pid
    assert len(result["articles"]) == 10
    store = JobStore(settings.database_url)
    with store.engine.connect() as conn:
        rows = conn.execute(select(attempts.c.attempt, attempts.c.worker).where(attempts.c.job_id == job_id))
        workers = dict(rows.all())
    store.close()
    assert set(workers) == {1, 2} and workers[1] != workers[2]


def test_ten_queued_jobs_survive_a_flushed_redis(quick, start_worker):
    server, settings = quick
    ids = [submit(server.url, [{"text": f"{SENTENCE} Nomor {i}."}]) for i in range(10)]
    pairs = [{"source": SENTENCE, "reference": "The price of rice rose."}]
    benchmark = requests.post(f"{server.url}/v1/benchmarks", json={"pairs": pairs}, timeout=10).json()["id"]
    redis = Redis.from_url(settings.redis_url)
    assert redis.llen(f"rq:queue:{settings.queue}") == 10
    redis.flushall()
    assert redis.llen(f"rq:queue:{settings.queue}") == 0
    worker = start_worker(settings)
    for job_id in ids:
        assert wait_for_job(server.url, job_id, timeout=120)["status"] == "succeeded", worker.output()
    wait_until(lambda: status_of_benchmark(server.url, benchmark) == "succeeded", timeout=120)


def status_of_benchmark(url: str, benchmark_id: str) -> str:
    return requests.get(f"{url}/v1/benchmarks/{benchmark_id}", timeout=10).json()["status"]


def test_a_benchmark_of_a_silent_worker_is_queued_again(settings, redis_url):
    store = JobStore(settings.effective_database_url)
    benchmarks = BenchmarkStore(store.engine)
    left = benchmarks.create({"name": "t", "glossary": None, "pairs": [{"source": "a", "reference": "b"}]})
    assert benchmarks.start(left, "worker-that-died")
    store.beat("worker-that-died")
    connection = Redis.from_url(redis_url)
    assert reconcile(store, connection, settings)["abandoned_benchmarks"] == []
    late = dataclasses.replace(settings, worker_timeout=0)
    assert reconcile(store, connection, late)["abandoned_benchmarks"] == [left]
    assert benchmarks.get(left)["status"] == "queued"
    queued = Redis.from_url(redis_url).lrange(f"rq:queue:{settings.queue}-bench", 0, -1)
    assert [q.decode().split("-")[2] for q in queued] == [left]
    assert reconcile(store, connection, late)["lost_benchmarks"] == [], "queued once, not again"
    store.close()


def test_a_queued_job_is_canceled_at_once_and_never_runs(quick, start_worker):
    server, settings = quick
    job_id = submit(server.url, [{"text": SENTENCE}])
    response = requests.delete(f"{server.url}/v1/jobs/{job_id}", timeout=10)
    assert response.status_code == 200 and response.json()["status"] == "canceled"
    twice = requests.delete(f"{server.url}/v1/jobs/{job_id}", timeout=10)
    assert twice.status_code == 409 and twice.json()["code"] == "job_finished", "canceled is finished"
    worker = start_worker(settings)
    later = submit(server.url, [{"text": SENTENCE}])
    assert wait_for_job(server.url, later)["status"] == "succeeded", worker.output()
    job = requests.get(f"{server.url}/v1/jobs/{job_id}", timeout=10).json()
    assert job["status"] == "canceled" and job["attempts"] == 0
    again = requests.delete(f"{server.url}/v1/jobs/{later}", timeout=10)
    assert again.status_code == 409 and again.json()["code"] == "job_finished"
    assert requests.delete(f"{server.url}/v1/jobs/nope", timeout=10).status_code == 404


def test_a_running_job_stops_at_its_next_batch(quick, start_worker):
    server, settings = quick
    job_id, worker = running_long_job(server.url, start_worker, settings)
    response = requests.delete(f"{server.url}/v1/jobs/{job_id}", timeout=10)
    assert response.status_code == 202 and response.json()["cancel_requested"] is True
    finished = wait_for_job(server.url, job_id, timeout=60)
    assert finished["status"] == "canceled", worker.output()
    assert finished["progress"]["done"] < finished["progress"]["total"]
    result = requests.get(f"{server.url}/v1/jobs/{job_id}/result", timeout=10)
    assert result.status_code == 409
