"""The RQ entry point: run one stored job and record how it ended."""

from __future__ import annotations

import logging
import math
import os
import time
from collections.abc import Callable
from contextlib import nullcontext
from datetime import timedelta
from typing import TypeVar

from pydantic import BaseModel
from redis.exceptions import RedisError
from rq.timeouts import JobTimeoutException
from sqlalchemy.exc import DBAPIError

from glossary.default import default_glossary
from glossary.matcher import Matcher
from workers import runtime
from workers.benchmark import Dataset, describe_settings, run_benchmark
from workers.contract.benchmark import BenchmarkReport
from workers.contract.result import Article, JobOutcome, MemoryUsage, ModelLoad, Runtime
from workers.documents.stage import DocumentJob
from workers.failures import Failure, backoff_seconds, classify
from workers.logs import job_context
from workers.memoized import memoized_models
from workers.quality.comet import CometScorer
from workers.stages import job_matcher, run_stages
from workers.store.benchmarks import BenchmarkStore
from workers.store.engine import utcnow
from workers.store.jobs import JobStore
from workers.sync import serve_waiting
from workers.telemetry import StageClock
from workers.translation_memory import Usage

log = logging.getLogger(__name__)
T = TypeVar("T")
R = TypeVar("R", bound=BaseModel)


def run_job(job_id: str) -> str:
    rt = runtime.current()
    rt.running = job_id
    try:
        with job_context(job_id):
            return _run_job(rt, job_id)
    finally:
        rt.running = None


def _run_job(rt: runtime.Runtime, job_id: str) -> str:
    store = rt.store
    attempt = store.start(job_id, rt.name)
    if attempt is None:
        job = store.get_job(job_id)
        log.warning("job %s not started: it is %s", job_id, job.status if job else "unknown")
        return "skipped"
    job = store.get_job(job_id)
    assert job is not None
    log.info("attempt %d: tasks %s", attempt, ",".join(job.tasks))

    usage = Usage()
    translator, summarizer = memoized_models(rt, usage, job.owner)
    clock = StageClock()

    def work() -> JobOutcome:
        document = DocumentJob.of(store, rt.settings, rt.redis, job_id)
        articles = document.articles() if document else store.get_articles(job_id)
        outcome = run_stages(
            articles, job.tasks, job.options, settings=rt.settings, translator=translator,
            summarizer=summarizer, matcher=job_matcher(job.options, job.owner, rt.glossaries),
            progress=ProgressRecorder(store, job_id, attempt, clock, between=answering_waiting(rt, clock)),
        )  # fmt: skip
        if document:
            document.keep(outcome, lambda pair: translator(pair).align)
        stages = clock.stop()
        waited = (job.started_at - job.created_at).total_seconds() if job.started_at else None
        rt.telemetry.job_finished(stages, waited, translated_sentences(outcome.articles))
        rt.telemetry.models_loaded(rt.models.load_seconds)
        outcome.runtime = _runtime_report(rt, stages, usage)
        log.info("done: %d articles, stages %s", len(outcome.articles), stages)
        return outcome

    try:
        return _finish(
            f"job {job_id}",
            work,
            lambda result: store.succeed(job_id, result, attempt),
            lambda failure, message: _fail_or_retry(rt, job_id, attempt, failure, message),
        )
    except JobCanceled:
        store.mark_canceled(job_id, attempt)
        log.info("job %s canceled at a batch boundary", job_id)
        return "canceled"


def run_benchmark_job(benchmark_id: str) -> str:
    """A benchmark submitted over the API, through the same code as ``warta bench``."""
    with job_context(benchmark_id):
        return _run_benchmark(runtime.current(), benchmark_id)


def _run_benchmark(rt: runtime.Runtime, benchmark_id: str) -> str:
    store = BenchmarkStore(rt.store.engine)
    if not store.start(benchmark_id, rt.name):
        return "skipped"
    record = store.get(benchmark_id)
    assert record is not None
    request = record["request"]
    dataset = Dataset(request["name"], [p["source"] for p in request["pairs"]],
                      [p["reference"] for p in request["pairs"]])  # fmt: skip

    def work() -> BenchmarkReport:
        return run_benchmark(
            dataset, rt.models.translator, rt.models.summarizer, batch_size=rt.settings.mt_batch_size,
            matcher=Matcher(default_glossary()) if request["glossary"] else None,
            settings=describe_settings(rt.settings, request["glossary"]),
            comet=CometScorer.from_settings(rt.settings), between=answering_waiting(rt),
        )  # fmt: skip

    def fail(failure: Failure, message: str) -> str:
        store.fail(benchmark_id, failure.code, message)
        return "failed"

    return _finish(
        f"benchmark {benchmark_id}", work, lambda report: store.succeed(benchmark_id, report), fail
    )


PROGRESS_WRITE_SECONDS = 0.5


class JobCanceled(Exception):
    """Raised at a batch boundary of a job whose cancel was asked."""


class ProgressRecorder:
    """The job's progress sink, called at every batch boundary: there a requested cancel takes effect
    (``JobCanceled``). The cancel is checked at every call, a primary-key read of a small table; the
    progress is written at most every ``PROGRESS_WRITE_SECONDS``, and always when the stage changes or
    a stage's count is complete, so the last progress a job shows is exact."""

    def __init__(
        self,
        store: JobStore,
        job_id: str,
        attempt: int,
        clock: StageClock,
        between: Callable[[], None] = lambda: None,
    ) -> None:
        self.store, self.job_id, self.attempt, self.clock = store, job_id, attempt, clock
        self.stage, self.written = "", -math.inf
        self.between = between

    def __call__(self, stage: str, done: int, total: int) -> None:
        self.clock.enter(stage)
        if self.store.cancel_requested(self.job_id):
            raise JobCanceled(self.job_id)
        self.between()
        now = time.monotonic()
        if stage != self.stage or done >= total or now - self.written >= PROGRESS_WRITE_SECONDS:
            self.store.set_progress(self.job_id, stage, done, total, self.attempt)
            self.stage, self.written = stage, now


def answering_waiting(rt: runtime.Runtime, clock: StageClock | None = None) -> Callable[[], None]:
    """What a busy worker does at each batch boundary of its job or benchmark: answer the synchronous
    requests waiting (``workers.sync.serve_waiting``), so a one-sentence request never waits for a whole
    job. The time it takes is no stage's of the job (``clock`` sets it aside), and a failure there is the
    requests', answered to them, never the job's."""

    def answer() -> None:
        try:
            with clock.aside() if clock else nullcontext():
                serve_waiting(rt)
        except RedisError as error:
            log.warning("waiting synchronous requests not answered between batches: %s", error)
        except JobTimeoutException:
            raise  # the job's own time limit, which RQ raises wherever the job is
        except Exception:
            log.exception("waiting synchronous requests not answered between batches")

    return answer


def translated_sentences(documents: list[Article]) -> int:
    return sum(len(document.translated()) for document in documents)


def _finish(
    label: str,
    work: Callable[[], R],
    succeed: Callable[[R], object],
    fail: Callable[[Failure, str], object],
) -> str:
    """Run ``work`` and record how it ended; ``fail`` gets the failure's code and whether it is transient
    (see ``workers/failures.py``) and returns what became of the job."""
    try:
        result = work()
    except JobCanceled:
        raise
    except Exception as error:
        failure = classify(error)
        if failure.code == "internal_error":
            log.exception("%s failed", label)
            message = f"{type(error).__name__}: {error}"
        else:
            log.error("%s: %s: %s", label, failure.code, error)
            message = str(error) or type(error).__name__
        return str(_durably(lambda: fail(failure, message)))
    _durably(lambda: succeed(result))
    return "succeeded"


def _fail_or_retry(rt: runtime.Runtime, job_id: str, attempt: int, failure: Failure, message: str) -> str:
    """A transient failure with attempts left goes back to the queue after a back-off; anything else
    fails the job with its code and the attempt count."""
    most = rt.settings.max_attempts
    if failure.transient and attempt < most:
        delay = backoff_seconds(attempt, rt.settings.retry_seconds)
        note = f"{message} (attempt {attempt} of {most}; retrying in {delay:.0f} s)"
        rt.store.retry_later(job_id, attempt, failure.code, note, utcnow() + timedelta(seconds=delay))
        return "retrying"
    if failure.transient:
        message = f"{message} (gave up after {attempt} attempts)"
    rt.store.fail(job_id, failure.code, message, attempt)
    return "failed"


STORE_WRITE_WAITS = (1, 2, 4, 8)


def _durably(write: Callable[[], T]) -> T:
    """Record an outcome even across a short database outage. After the last wait the error propagates
    and the job stays ``running``; the worker's watchman gives it back to the queue later
    (``JobStore.requeue_orphans``), so the outcome is recomputed rather than lost."""
    for wait in STORE_WRITE_WAITS:
        try:
            return write()
        except DBAPIError as error:  # OperationalError (connection lost) among them
            log.warning("job store unavailable (%s); retrying in %d s", error.__class__.__name__, wait)
            time.sleep(wait)
    return write()


def _runtime_report(rt: runtime.Runtime, stages: dict[str, float], usage: Usage) -> Runtime:
    """Which worker ran the job, how often it has loaded each model (1 means reused), where time went."""
    models = {
        role: ModelLoad(
            id=rt.models.model_id(role), loads=count, load_seconds=rt.models.load_seconds.get(role)
        )
        for role, count in sorted(rt.models.loads.items())
    }
    return Runtime(worker=rt.name, pid=os.getpid(), models=models, stage_seconds=stages,
                   translation_memory=MemoryUsage.model_validate(usage.report()))  # fmt: skip
