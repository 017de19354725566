"""The job store on SQLite and PostgreSQL: records, and transitions that cannot undo a finished job."""

from __future__ import annotations

import pytest

from workers.contract.article import ArticleInput
from workers.store.jobs import JobStore


@pytest.fixture
def store(database_url):
    store = JobStore(database_url)
    yield store
    store.close()


def new_job(store: JobStore):
    articles = [ArticleInput("a", "Judul", "Teks satu."), ArticleInput("b", None, "Teks dua.")]
    return store.create_job(articles, ["translate"], {})


def test_job_and_articles_are_recorded_in_order(store):
    job = new_job(store)
    assert job.status == "queued" and job.attempts == 0 and job.created_at.tzinfo is not None
    assert [a.id for a in store.get_articles(job.id)] == ["a", "b"]
    assert store.get_job("missing") is None


def test_lifecycle_records_progress_result_and_timestamps(store):
    job = new_job(store)
    assert store.start(job.id)
    store.set_progress(job.id, "translate", 1, 2)
    running = store.get_job(job.id)
    assert (running.status, running.stage, running.done, running.total, running.attempts) == (
        "running",
        "translate",
        1,
        2,
        1,
    )
    assert store.succeed(job.id, {"articles": [{"id": "a", "title": "Kunjungan ke Pyongyang"}]})
    done = store.get_job(job.id)
    assert done.status == "succeeded" and done.finished_at >= done.started_at >= done.created_at
    # A result saved in contract 1's shape is read in contract 2's (its role names filled).
    assert store.get_result(job.id) == {
        "contract_version": 2,
        "articles": [{"id": "a", "title": "Kunjungan ke Pyongyang"}],
    }


def test_a_finished_job_cannot_be_restarted_failed_or_finished_again(store):
    job = new_job(store)
    store.start(job.id)
    store.succeed(job.id, {"n": 1})
    assert not store.start(job.id)
    assert not store.fail(job.id, "internal_error", "late")
    assert not store.succeed(job.id, {"n": 2})
    store.set_progress(job.id, "translate", 0, 9)
    final = store.get_job(job.id)
    assert final.status == "succeeded" and final.error_code is None and final.total == 0
    assert store.get_result(job.id) == {"n": 1, "contract_version": 2}


def test_failure_keeps_code_and_message(store):
    job = new_job(store)
    assert store.fail(job.id, "model_unavailable", "no model")
    failed = store.get_job(job.id)
    assert (failed.status, failed.error_code, failed.error_message) == (
        "failed",
        "model_unavailable",
        "no model",
    )
