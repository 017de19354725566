"""Nothing accepted is lost: the job store is the record, Redis only carries the work.

Two things can separate them. A worker dies mid-job (SIGKILL, out of memory, the machine goes): its
job stays ``running`` in the store forever. Redis loses its lists (restart without persistence,
FLUSHALL, failover): ``queued`` jobs no longer wait anywhere. Every worker therefore beats in the
store, and at start and every ``WARTA_RECONCILE_SECONDS`` it puts the jobs of workers silent for
``WARTA_WORKER_TIMEOUT`` back to ``queued`` and enqueues every ``queued`` job the queue does not hold.
Enqueueing twice is harmless: a worker claims a job only while it is ``queued``, and each attempt's
writes are fenced by its attempt number.
"""

from __future__ import annotations

import logging
import threading
from datetime import timedelta
from typing import Any

from rq import Queue

from service.queue import JOB_PREFIX, enqueue_job
from service.settings import Settings
from service.store import JobStore, utcnow

log = logging.getLogger(__name__)


def reconcile(store: JobStore, connection: Any, settings: Settings) -> dict[str, list[str]]:
    """One pass; returns what it re-enqueued, by reason."""
    abandoned = store.requeue_abandoned(utcnow() - timedelta(seconds=settings.worker_timeout))
    waiting = set(_queued_in_redis(connection, settings.queue))
    lost = [job_id for job_id in store.queued_ids() if job_id not in waiting and job_id not in abandoned]
    for job_id in [*abandoned, *lost]:
        enqueue_job(connection, settings, job_id, store.article_chars(job_id))
    if abandoned or lost:
        log.warning("reconciler: re-enqueued %d abandoned and %d lost jobs", len(abandoned), len(lost))
    return {"abandoned": abandoned, "lost": lost}


def _queued_in_redis(connection: Any, queue: str) -> list[str]:
    ids = Queue(queue, connection=connection).get_job_ids()
    return [rq_id.removeprefix(JOB_PREFIX).split("-")[0] for rq_id in ids if rq_id.startswith(JOB_PREFIX)]


class Watchman(threading.Thread):
    """Beats for its worker and reconciles on schedule, beside the jobs the worker runs."""

    def __init__(self, store: JobStore, connection: Any, settings: Settings, worker: str) -> None:
        super().__init__(name="warta-watchman", daemon=True)
        self.store, self.connection, self.settings, self.worker = store, connection, settings, worker
        self.stopped = threading.Event()

    def run(self) -> None:
        beat_every = max(0.5, self.settings.worker_timeout / 3)
        since_reconcile = 0.0
        while not self.stopped.wait(beat_every):
            try:
                self.store.beat(self.worker)
                since_reconcile += beat_every
                if since_reconcile >= self.settings.reconcile_seconds:
                    since_reconcile = 0.0
                    reconcile(self.store, self.connection, self.settings)
            except Exception:  # the watchman must outlive a database or Redis hiccup
                log.exception("watchman pass failed; retrying at the next beat")

    def stop(self) -> None:
        self.stopped.set()
