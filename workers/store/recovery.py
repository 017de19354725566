"""Claims, heartbeats and give-backs: how the job store keeps every accepted job running somewhere.

A worker claims a queued job as a numbered attempt and beats in the store while it lives. Jobs of a
worker that went silent, and jobs a live worker claimed but could not finish recording, go back to
``queued`` (``workers/reconciler.py`` decides when). Every write of an attempt is fenced by its number,
so an attempt given up on can never overwrite what a newer one wrote.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from workers.contract.enums import JobStatus
from workers.store.engine import aware, utcnow
from workers.store.job_tables import attempts, jobs, workers


def transition(
    engine: Engine, job_id: str, allowed: tuple[str, ...], values: dict[str, Any], attempt: int | None = None
) -> bool:
    """Move a job that is in one of ``allowed`` (and, with ``attempt``, still at that attempt)."""
    query = update(jobs).where(jobs.c.id == job_id, jobs.c.status.in_(allowed))
    if attempt is not None:
        query = query.where(jobs.c.attempts == attempt)
    with engine.begin() as conn:
        return conn.execute(query.values(**values)).rowcount == 1


class Recovery:
    """The job store's half that workers and the reconciler use."""

    engine: Engine

    def start(self, job_id: str, worker: str = "") -> int | None:
        """Claim a queued job for ``worker``: the attempt number, or None when it is not (or no longer)
        queued."""
        now = utcnow()
        claim = (
            update(jobs)
            .where(jobs.c.id == job_id, jobs.c.status == JobStatus.QUEUED)
            .values(status=JobStatus.RUNNING, started_at=now, attempts=jobs.c.attempts + 1)
        )
        with self.engine.begin() as conn:
            if conn.execute(claim).rowcount != 1:
                return None
            attempt = conn.execute(select(jobs.c.attempts).where(jobs.c.id == job_id)).scalar_one()
            conn.execute(
                insert(attempts).values(job_id=job_id, attempt=attempt, worker=worker, started_at=now)
            )
        return int(attempt)

    def beat(self, worker: str, models: dict[str, str | None] | None = None) -> None:
        """Record that ``worker`` is alive now and, given ``models``, which model roles it can run (see
        ``ModelRegistry.availability``); without it, what the worker said last is kept."""
        now = utcnow()
        values: dict[str, Any] = {"heartbeat_at": now}
        if models is not None:
            values["models"] = models
        with self.engine.begin() as conn:
            if conn.execute(update(workers).where(workers.c.name == worker).values(**values)).rowcount:
                return
            try:
                with conn.begin_nested():
                    conn.execute(insert(workers).values(name=worker, **values))
            except IntegrityError:
                conn.execute(update(workers).where(workers.c.name == worker).values(**values))

    def leave(self, worker: str) -> None:
        """Forget ``worker``, which is stopping: ``/readyz`` stops counting it now, not once its last beat
        is ``WARTA_WORKER_TIMEOUT`` old, and a job it still held counts as abandoned at the next pass."""
        with self.engine.begin() as conn:
            conn.execute(workers.delete().where(workers.c.name == worker))

    def live_workers(self, since: datetime) -> int:
        """Workers that have beaten since ``since``."""
        with self.engine.connect() as conn:
            return int(
                conn.execute(select(func.count()).where(workers.c.heartbeat_at >= since)).scalar() or 0
            )

    def live_models(self, since: datetime) -> list[dict[str, str | None] | None]:
        """What each worker that has beaten since ``since`` last said it can run (None: it did not say)."""
        with self.engine.connect() as conn:
            return list(
                conn.execute(select(workers.c.models).where(workers.c.heartbeat_at >= since)).scalars()
            )

    def due_retries(self, now: datetime) -> list[str]:
        """Jobs whose back-off has passed; each is handed out once (its ``retry_at`` is cleared)."""
        query = select(jobs.c.id, jobs.c.retry_at).where(
            jobs.c.status == JobStatus.QUEUED, jobs.c.retry_at <= now
        )
        due = []
        with self.engine.begin() as conn:
            for job_id, retry_at in conn.execute(query).all():
                clear = update(jobs).where(
                    jobs.c.id == job_id, jobs.c.retry_at == retry_at, jobs.c.status == JobStatus.QUEUED
                )
                if conn.execute(clear.values(retry_at=None)).rowcount == 1:
                    due.append(job_id)
        return due

    def requeue_orphans(self, worker: str, running_now: Callable[[], str | None]) -> list[str]:
        """Jobs ``worker`` claimed but no longer runs (it could not record how they ended, say while the
        database was away), back to ``queued``. ``running_now`` is read after the query: a job claimed
        meanwhile was already named there before its claim."""
        claimed = (
            select(jobs.c.id, jobs.c.attempts)
            .join(attempts, (attempts.c.job_id == jobs.c.id) & (attempts.c.attempt == jobs.c.attempts))
            .where(jobs.c.status == JobStatus.RUNNING, attempts.c.worker == worker)
        )
        with self.engine.connect() as conn:
            rows = conn.execute(claimed).all()
        current = running_now()
        back = {"status": JobStatus.QUEUED, "stage": JobStatus.QUEUED}
        return [
            job_id
            for job_id, attempt in rows
            if job_id != current and transition(self.engine, job_id, (JobStatus.RUNNING,), back, attempt)
        ]

    def requeue_abandoned(self, silent_since: datetime) -> list[str]:
        """Running jobs whose worker has not beaten since ``silent_since``, put back to ``queued``."""
        latest = (
            select(jobs.c.id, jobs.c.attempts, attempts.c.worker, workers.c.heartbeat_at)
            .join(attempts, (attempts.c.job_id == jobs.c.id) & (attempts.c.attempt == jobs.c.attempts))
            .outerjoin(workers, workers.c.name == attempts.c.worker)
            .where(jobs.c.status == JobStatus.RUNNING)
        )
        requeued = []
        with self.engine.begin() as conn:
            for job_id, attempt, _worker, beat in conn.execute(latest).all():
                if beat is not None and aware(beat) >= silent_since:
                    continue
                back = (
                    update(jobs)
                    .where(
                        jobs.c.id == job_id, jobs.c.status == JobStatus.RUNNING, jobs.c.attempts == attempt
                    )
                    .values(status=JobStatus.QUEUED, stage=JobStatus.QUEUED)
                )
                if conn.execute(back).rowcount == 1:
                    requeued.append(job_id)
        return requeued
