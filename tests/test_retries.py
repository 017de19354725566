"""Transient failures retry with a back-off, permanent ones fail at once, and a batch that runs out of
memory is retried in halves. Real store, real Redis, the real tiny models."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest
from redis import Redis
from rq import Queue

from service.embedded import EmbeddedRedis
from workers import runtime
from workers.batch_translate import translate_all
from workers.batching import halving, resilient_batches
from workers.contract.article import ArticleInput
from workers.failures import backoff_seconds, classify
from workers.jobs import run_job
from workers.reconciler import beat
from workers.settings import Settings
from workers.store.engine import utcnow
from workers.store.jobs import JobStore
from workers.translation_memory import NoMemory, RedisMemory

ARTICLE = ArticleInput("1", None, "Harga beras naik di Jakarta pada hari Selasa. Pedagang mengeluh.")


@pytest.fixture
def worker_runtime(settings: Settings, tmp_path):
    """This process as a worker (jobs run in-process), its translation memory on a Redis that is down."""
    settings = dataclasses.replace(settings, max_attempts=2, retry_seconds=5, mt_backend="ctranslate2")
    rt = runtime.Runtime.create(settings)
    dead = EmbeddedRedis(tmp_path / "tm-redis").start()
    rt.memory = RedisMemory(Redis.from_url(dead.url), 1000, "tm")
    dead.stop()
    runtime.install(rt)
    yield rt
    runtime.install(None)  # type: ignore[arg-type]
    rt.store.close()


def test_a_transient_error_sends_the_job_back_with_a_backoff_then_it_succeeds(worker_runtime):
    rt = worker_runtime
    job = rt.store.create_job([ARTICLE], ["translate"], {})
    assert run_job(job.id) == "retrying"
    waiting = rt.store.get_job(job.id)
    assert (waiting.status, waiting.stage, waiting.error_code, waiting.attempts) == (
        "queued", "retrying", "redis_unavailable", 1)  # fmt: skip
    assert "attempt 1 of 2; retrying in 5 s" in waiting.error_message
    assert job.id not in rt.store.queued_ids(), "not handed to the reconciler before its back-off"
    assert rt.store.due_retries(utcnow()) == []
    assert rt.store.due_retries(utcnow() + timedelta(seconds=6)) == [job.id]
    assert rt.store.due_retries(utcnow() + timedelta(seconds=6)) == [], "handed out once"

    rt.memory = NoMemory()
    assert run_job(job.id) == "succeeded"
    done = rt.store.get_job(job.id)
    assert (done.status, done.attempts, done.error_code) == ("succeeded", 2, None)


def test_transient_errors_give_up_after_the_last_attempt(worker_runtime):
    rt = worker_runtime
    rt.settings = dataclasses.replace(rt.settings, max_attempts=1)
    job = rt.store.create_job([ARTICLE], ["translate"], {})
    assert run_job(job.id) == "failed"
    failed = rt.store.get_job(job.id)
    assert (failed.status, failed.error_code, failed.attempts) == ("failed", "redis_unavailable", 1)
    assert failed.error_message.endswith("(gave up after 1 attempts)")


def test_a_permanent_error_fails_at_once(worker_runtime):
    rt = worker_runtime
    rt.memory = NoMemory()
    job = rt.store.create_job([ARTICLE], ["translate"], {"glossary": "gone", "glossary_version": 3})
    assert run_job(job.id) == "failed"
    failed = rt.store.get_job(job.id)
    assert (failed.status, failed.error_code, failed.attempts) == ("failed", "glossary_unavailable", 1)


def test_due_retries_and_orphans_are_enqueued_at_the_heartbeat(settings, redis_url):
    store = JobStore(settings.effective_database_url)
    connection = Redis.from_url(redis_url)
    retried, orphan, mine = (store.create_job([ARTICLE], ["translate"], {}) for _ in range(3))
    for job in (retried, orphan, mine):
        assert store.start(job.id, "worker-1") == 1
    store.retry_later(retried.id, 1, "redis_unavailable", "down", utcnow() - timedelta(seconds=1))
    enqueued = beat(store, connection, settings, "worker-1", running_now=lambda: mine.id)
    assert enqueued == {"due": [retried.id], "orphans": [orphan.id]}
    assert store.get_job(mine.id).status == "running", "the job the worker runs now is left alone"
    waiting = Queue(settings.queue, connection=connection).get_job_ids()
    assert sorted(i.split("-")[1] for i in waiting) == sorted([retried.id, orphan.id])
    store.close()


def test_failures_are_classified_by_what_a_retry_can_change():
    from redis.exceptions import ConnectionError as RedisConnectionError
    from rq.timeouts import JobTimeoutException

    assert classify(RedisConnectionError("down")).transient
    assert classify(RuntimeError("CUDA failed with error out of memory")).code == "out_of_memory"
    assert classify(MemoryError()).transient
    assert classify(JobTimeoutException("late")) == classify(JobTimeoutException("x"))
    assert not classify(JobTimeoutException("late")).transient
    assert classify(ValueError("bug")).code == "internal_error" and not classify(ValueError()).transient
    assert [backoff_seconds(a, 10) for a in (1, 2, 3)] == [10, 20, 40] and backoff_seconds(30, 10) == 3600


def test_halving_retries_a_batch_that_runs_out_of_memory_in_smaller_parts():
    sizes = []

    def run(batch):
        sizes.append(len(batch))
        if len(batch) > 2:
            raise MemoryError
        return [x.upper() for x in batch]

    assert halving(run, list("abcdefg")) == list("ABCDEFG")
    assert sizes == [7, 3, 1, 2, 4, 2, 2], "halves until each part fits"
    with pytest.raises(MemoryError):
        halving(lambda batch: (_ for _ in ()).throw(MemoryError()), ["a"])
    with pytest.raises(ValueError):
        halving(lambda batch: (_ for _ in ()).throw(ValueError("not memory")), ["a", "b"])


class ShortOfMemory:
    """The real tiny translator on a machine that cannot fit more than two sentences in a batch."""

    def __init__(self, inner):
        self.inner, self.batch_sizes, self.fitted = inner, [], []
        self.model_id, self.max_input_tokens = inner.model_id, inner.max_input_tokens

    def count_tokens(self, text):
        return self.inner.count_tokens(text)

    def translate_batches(self, batches):
        for batch in batches:
            self.batch_sizes.append(len(batch))
            if len(batch) > 2:
                raise RuntimeError("CUDA failed with error out of memory")
            self.fitted.append(batch)
            yield from self.inner.translate_batches([batch])

    def align(self, source, target, span):
        return self.inner.align(source, target, span)

    def prefetch_links(self, pairs):
        self.inner.prefetch_links(pairs)


def test_a_job_short_of_memory_gets_the_same_translations_in_smaller_batches(tiny_models, backend):
    from workers.models import ModelRegistry

    registry = ModelRegistry(Settings(mt_beams=1, mt_backend=backend, **tiny_models))
    sentences = [f"Harga beras naik {n} persen di pasar Jakarta." for n in range(7)]
    short = ShortOfMemory(registry.translator())
    squeezed = translate_all(sentences, short, batch_size=8, on_done=lambda n: None)
    assert short.batch_sizes == [7, 3, 1, 2, 4, 2, 2], "the failed batch in halves, each half once"
    assert max(len(batch) for batch in short.fitted) <= 2
    assert sorted(s for batch in short.fitted for s in batch) == sorted(sentences), "each sentence once"
    # Batch composition changes int8 numerics, so each output is checked against its own sub-batch.
    expected = {}
    for batch in short.fitted:
        expected.update(zip(batch, next(registry.translator().translate_batches([batch])), strict=True))
    assert [t.text for t in squeezed] == [expected[s] for s in sentences]


def test_resilient_batches_passes_other_errors_through():
    def broken(batches):
        raise KeyError("bug")
        yield []

    with pytest.raises(KeyError):
        list(resilient_batches(broken, [["a"]]))
