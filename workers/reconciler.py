"""Nothing accepted is lost: the job store is the record, Redis only carries the work.

Two things can separate them. A worker dies mid-job (SIGKILL, out of memory, the machine goes): its
job stays ``running`` in the store forever. Redis loses its lists (restart without persistence,
FLUSHALL, failover): ``queued`` jobs no longer wait anywhere. Every worker therefore beats in the
store (and, stopping cleanly, says it has left), and at start and every ``WARTA_RECONCILE_SECONDS`` it
puts the jobs of workers silent for ``WARTA_WORKER_TIMEOUT`` back to ``queued`` and enqueues every
``queued`` job the queue does not hold.
Enqueueing twice is harmless: a worker claims a job only while it is ``queued``, and each attempt's
writes are fenced by its attempt number.

Each beat also records which model roles the worker can run (``ModelRegistry.availability``), which
``/readyz`` reads: a worker that beats but cannot load its translation model does not make Warta ready.
At every beat the watchman also enqueues the jobs whose retry back-off has passed, and gives back the
jobs its own worker claimed but no longer runs (it could not record their outcome).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from rq import Queue

from workers.queue import BENCHMARK_PREFIX, JOB_PREFIX, benchmark_queue, enqueue_benchmark, enqueue_job
from workers.settings import Settings
from workers.store.benchmarks import BenchmarkStore
from workers.store.engine import utcnow
from workers.store.jobs import JobStore

log = logging.getLogger(__name__)


def reconcile(store: JobStore, connection: Any, settings: Settings) -> dict[str, list[str]]:
    """One pass over article jobs and benchmarks; returns what it re-enqueued, by reason."""
    silent_since = utcnow() - timedelta(seconds=settings.worker_timeout)
    abandoned = store.requeue_abandoned(silent_since)
    waiting = set(_queued_in_redis(connection, settings.queue, JOB_PREFIX))
    lost = [job_id for job_id in store.queued_ids() if job_id not in waiting and job_id not in abandoned]
    for job_id in [*abandoned, *lost]:
        enqueue_job(connection, settings, job_id, store.article_chars(job_id))
    benchmarks = BenchmarkStore(store.engine)
    left = benchmarks.requeue_abandoned(silent_since)
    bench_waiting = set(_queued_in_redis(connection, benchmark_queue(settings), BENCHMARK_PREFIX))
    bench_lost = [b for b in benchmarks.queued_ids() if b not in bench_waiting and b not in left]
    for benchmark_id in [*left, *bench_lost]:
        enqueue_benchmark(connection, settings, benchmark_id)
    if abandoned or lost or left or bench_lost:
        log.warning("reconciler: re-enqueued %d abandoned and %d lost jobs, %d abandoned and %d lost "
                    "benchmarks", len(abandoned), len(lost), len(left), len(bench_lost))  # fmt: skip
    return {"abandoned": abandoned, "lost": lost, "abandoned_benchmarks": left, "lost_benchmarks": bench_lost}


def beat(store: JobStore, connection: Any, settings: Settings, worker: str,
         running_now: Callable[[], str | None],
         models: dict[str, str | None] | None = None) -> dict[str, list[str]]:  # fmt: skip
    """What a worker does at each heartbeat; returns what it enqueued, by reason."""
    store.beat(worker, models)
    due = store.due_retries(utcnow())
    orphans = store.requeue_orphans(worker, running_now)
    for job_id in [*due, *orphans]:
        enqueue_job(connection, settings, job_id, store.article_chars(job_id))
    if orphans:
        log.warning("re-enqueued %d jobs this worker could not finish recording", len(orphans))
    return {"due": due, "orphans": orphans}


def _queued_in_redis(connection: Any, queue: str, prefix: str) -> list[str]:
    ids = Queue(queue, connection=connection).get_job_ids()
    return [rq_id.removeprefix(prefix).split("-")[0] for rq_id in ids if rq_id.startswith(prefix)]


class Watchman(threading.Thread):
    """Beats for its worker and reconciles on schedule, beside the jobs the worker runs."""

    def __init__(
        self,
        store: JobStore,
        connection: Any,
        settings: Settings,
        worker: str,
        running_now: Callable[[], str | None] = lambda: None,
        models: Callable[[], dict[str, str | None] | None] = lambda: None,
    ) -> None:
        super().__init__(name="warta-watchman", daemon=True)
        self.store, self.connection, self.settings, self.worker = store, connection, settings, worker
        self.running_now, self.models = running_now, models
        self.stopped = threading.Event()

    def run(self) -> None:
        beat_every = max(0.5, self.settings.worker_timeout / 3)
        since_reconcile = 0.0
        while not self.stopped.wait(beat_every):
            try:
                beat(self.store, self.connection, self.settings, self.worker, self.running_now, self.models())
                since_reconcile += beat_every
                if since_reconcile >= self.settings.reconcile_seconds:
                    since_reconcile = 0.0
                    reconcile(self.store, self.connection, self.settings)
            except Exception:  # the watchman must outlive a database or Redis hiccup
                log.exception("watchman pass failed; retrying at the next beat")

    def stop(self, wait: float = 30.0) -> None:
        """Stop beating, then say in the store that the worker has left; the beat under way finishes
        first (for up to ``wait`` seconds), or it would record the worker alive again."""
        self.stopped.set()
        if self.is_alive():
            self.join(wait)
        try:
            self.store.leave(self.worker)
        except Exception as error:  # the store away: the heartbeat simply expires, as after a crash
            log.warning("could not record that worker %s left: %s", self.worker, type(error).__name__)
