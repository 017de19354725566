"""Idempotency keys: the same ``Idempotency-Key`` and body give back the job they made, once."""

from __future__ import annotations

from sqlalchemy import insert, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from workers.store.engine import utcnow
from workers.store.job_tables import articles, idempotency_keys, jobs


class IdempotencyKeys:
    engine: Engine

    def idempotent(self, key: str) -> tuple[str, str] | None:
        """``(body sha256, job id)`` recorded for ``key``, if any."""
        query = select(idempotency_keys.c.body_sha256, idempotency_keys.c.job_id).where(
            idempotency_keys.c.key == key
        )
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        return (row[0], row[1]) if row else None

    def bind_key(self, key: str, body_sha256: str, job_id: str) -> tuple[str, str] | None:
        """Tie ``key`` to a new, not yet enqueued job. When a concurrent request won the key, that job is
        deleted and the winner's ``(body sha256, job id)`` returned instead."""
        try:
            with self.engine.begin() as conn:
                conn.execute(insert(idempotency_keys).values(key=key, body_sha256=body_sha256, job_id=job_id,
                                                             created_at=utcnow()))  # fmt: skip
            return None
        except IntegrityError:
            with self.engine.begin() as conn:
                conn.execute(articles.delete().where(articles.c.job_id == job_id))
                conn.execute(jobs.delete().where(jobs.c.id == job_id))
            return self.idempotent(key)

    def release_key(self, key: str, job_id: str) -> None:
        """Untie ``key`` from a job that was never queued, so the client's retry queues a new job rather
        than being answered with the failure; a key since bound to another job is left alone."""
        with self.engine.begin() as conn:
            conn.execute(
                idempotency_keys.delete().where(
                    idempotency_keys.c.key == key, idempotency_keys.c.job_id == job_id
                )
            )
