"""Benchmark runs, stored like jobs: the request before it is queued, the report when it is done."""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import JSON, Column, DateTime, String, Table, Text, insert, select, update
from sqlalchemy.engine import Engine

from workers.contract.enums import JobStatus
from workers.store.engine import aware, create_tables, metadata, utcnow
from workers.store.job_tables import workers

benchmarks = Table(
    "warta_benchmarks",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("status", String(16), nullable=False),
    Column("request", JSON, nullable=False),
    Column("report", Text),
    Column("error_code", String(64)),
    Column("error_message", Text),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("started_at", DateTime(timezone=True)),
    Column("finished_at", DateTime(timezone=True)),
    Column("owner", String(32), nullable=False, server_default="", index=True),
    # The worker running it: the reconciler re-queues a benchmark whose worker went silent.
    Column("worker", String(200)),
)


class BenchmarkStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        create_tables(engine)

    def create(self, request: dict[str, Any], owner: str = "") -> str:
        benchmark_id = uuid.uuid4().hex
        with self.engine.begin() as conn:
            conn.execute(insert(benchmarks).values(id=benchmark_id, status=JobStatus.QUEUED, request=request,
                                                   created_at=utcnow(), owner=owner))  # fmt: skip
        return benchmark_id

    def get(self, benchmark_id: str) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(benchmarks).where(benchmarks.c.id == benchmark_id)).mappings().first()
        if row is None:
            return None
        record = dict(row)
        record["report"] = json.loads(record["report"]) if record["report"] else None
        return record

    def start(self, benchmark_id: str, worker: str = "") -> bool:
        return self._move(
            benchmark_id, (JobStatus.QUEUED,), status=JobStatus.RUNNING, started_at=utcnow(), worker=worker
        )

    def requeue_abandoned(self, silent_since: datetime) -> list[str]:
        """Running benchmarks whose worker has not beaten since ``silent_since``, back to ``queued``."""
        query = (
            select(benchmarks.c.id, benchmarks.c.worker, workers.c.heartbeat_at)
            .outerjoin(workers, workers.c.name == benchmarks.c.worker)
            .where(benchmarks.c.status == JobStatus.RUNNING)
        )
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        silent = [r for r in rows if r.heartbeat_at is None or aware(r.heartbeat_at) < silent_since]
        return [
            r.id
            for r in silent
            if self._move(r.id, (JobStatus.RUNNING,), worker_was=r.worker, status=JobStatus.QUEUED)
        ]

    def queued_ids(self) -> list[str]:
        with self.engine.connect() as conn:
            return list(
                conn.execute(select(benchmarks.c.id).where(benchmarks.c.status == JobStatus.QUEUED)).scalars()
            )

    def succeed(self, benchmark_id: str, report: BaseModel | dict[str, Any]) -> bool:
        """Record the report (a ``BenchmarkReport``, saved as its ``model_dump``)."""
        document = report.model_dump(mode="json") if isinstance(report, BaseModel) else report
        body = json.dumps(document, ensure_ascii=False)
        return self._move(
            benchmark_id, (JobStatus.RUNNING,), status=JobStatus.SUCCEEDED, report=body, finished_at=utcnow()
        )

    def fail(self, benchmark_id: str, code: str, message: str) -> bool:
        return self._move(
            benchmark_id,
            (JobStatus.QUEUED, JobStatus.RUNNING),
            status=JobStatus.FAILED,
            error_code=code,
            error_message=message,
            finished_at=utcnow(),
        )

    def _move(
        self, benchmark_id: str, allowed: tuple[str, ...], worker_was: str | None = None, **values: Any
    ) -> bool:
        query = update(benchmarks).where(benchmarks.c.id == benchmark_id, benchmarks.c.status.in_(allowed))
        if worker_was is not None:
            query = query.where(benchmarks.c.worker == worker_was)
        with self.engine.begin() as conn:
            return conn.execute(query.values(**values)).rowcount == 1
