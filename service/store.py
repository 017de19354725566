"""The job store: the durable record of every job, its articles, progress and result.

Redis only carries "run job X"; everything a client can ask about lives here, so the API and the
workers share nothing but this database. SQLite is the zero-setup default, PostgreSQL the scale-out one.
State changes are conditional updates (``WHERE status = …``) so a late or repeated writer cannot undo
a finished job.
"""

from __future__ import annotations

import json
import uuid
import weakref
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
    false,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError

from service.schema import upgrade

QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELED = "queued", "running", "succeeded", "failed", "canceled"
FINISHED = (SUCCEEDED, FAILED, CANCELED)

metadata = MetaData()

jobs = Table(
    "warta_jobs",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("status", String(16), nullable=False, index=True),
    Column("tasks", JSON, nullable=False),
    Column("options", JSON, nullable=False),
    Column("stage", String(32), nullable=False),
    Column("done", Integer, nullable=False, default=0),
    Column("total", Integer, nullable=False, default=0),
    Column("attempts", Integer, nullable=False, default=0),
    Column("error_code", String(64)),
    Column("error_message", Text),
    Column("result", Text),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("started_at", DateTime(timezone=True)),
    Column("finished_at", DateTime(timezone=True)),
    # When a job that met a transient error may run again (None: as soon as a worker is free).
    Column("retry_at", DateTime(timezone=True)),
    # The API key that submitted the job ("" when keys are off): only that key can see it.
    Column("owner", String(32), nullable=False, server_default="", index=True),
)

articles = Table(
    "warta_articles",
    metadata,
    Column("job_id", String(32), ForeignKey("warta_jobs.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("article_id", String(200), nullable=False),
    Column("title", Text),
    Column("text", Text, nullable=False),
    Column("html", Text),
    Column("language", JSON),
    Column("reference", Text),
    Column("reference_summary", Text),
)


# Which worker ran which attempt of a job, and when each worker last said it was alive: the
# reconciler (``workers/reconciler.py``) gives back to the queue the jobs of workers that went silent.
attempts = Table(
    "warta_attempts",
    metadata,
    Column("job_id", String(32), ForeignKey("warta_jobs.id", ondelete="CASCADE"), primary_key=True),
    Column("attempt", Integer, primary_key=True),
    Column("worker", String(200), nullable=False),
    Column("started_at", DateTime(timezone=True), nullable=False),
)

# A cancel asked of a running job; its worker sees it at the next batch boundary.
cancel_requests = Table(
    "warta_cancel_requests",
    metadata,
    Column("job_id", String(32), ForeignKey("warta_jobs.id", ondelete="CASCADE"), primary_key=True),
    Column("requested_at", DateTime(timezone=True), nullable=False),
)

# Idempotency-Key of a POST /v1/jobs: the same key and body give back the same job.
idempotency_keys = Table(
    "warta_idempotency_keys",
    metadata,
    # The client's key, prefixed with the API key's id: two clients' keys never meet.
    Column("key", String(240), primary_key=True),
    Column("body_sha256", String(64), nullable=False),
    Column("job_id", String(32), ForeignKey("warta_jobs.id", ondelete="CASCADE"), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

workers = Table(
    "warta_workers",
    metadata,
    Column("name", String(200), primary_key=True),
    Column("heartbeat_at", DateTime(timezone=True), nullable=False),
)


# Named glossaries live beside the jobs; ``glossary_store.py`` reads and writes them.
glossaries = Table(
    "warta_glossaries",
    metadata,
    # Each API key has its own glossary names; "" holds the shared ones every key can read.
    Column("owner", String(32), primary_key=True, server_default=""),
    Column("name", String(64), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("terms", Text, nullable=False),
    # How many terms ``terms`` holds, so listings need not parse every version (None: stored before).
    Column("term_count", Integer),
    Column("created_at", DateTime(timezone=True), nullable=False),
)


# Benchmarks run as jobs of their own; ``benchmark_store.py`` reads and writes them.
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

# API keys, stored as the SHA-256 of the token: ``api_keys.py`` makes and checks them.
api_keys = Table(
    "warta_api_keys",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("token_sha256", String(64), nullable=False, unique=True),
    # An admin key also opens the operators' pages (the RQ dashboard under /rq).
    Column("admin", Boolean, nullable=False, server_default=false()),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True)),
)


@dataclass(frozen=True)
class ArticleInput:
    """An article as accepted: ``text`` is what was sent, or what was extracted from ``html``."""

    id: str
    title: str | None
    text: str
    html: str | None = None
    language: dict[str, Any] | None = None
    reference: str | None = None
    reference_summary: str | None = None


@dataclass(frozen=True)
class JobRecord:
    id: str
    status: str
    tasks: list[str]
    options: dict[str, Any]
    stage: str
    done: int
    total: int
    attempts: int
    error_code: str | None
    error_message: str | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    owner: str = ""
    retry_at: datetime | None = None


def utcnow() -> datetime:
    return datetime.now(UTC)


def _new_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    if parsed.database:
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
        # The API and every worker write the same file: WAL lets readers run beside one writer.
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    return engine


class JobStore:
    """All reads and writes of jobs go through here."""

    def __init__(self, url: str) -> None:
        self.engine = _new_engine(url)
        create_tables(self.engine)

    def create_job(
        self, articles_in: list[ArticleInput], tasks: list[str], options: dict[str, Any], owner: str = ""
    ) -> JobRecord:
        job_id = uuid.uuid4().hex
        with self.engine.begin() as conn:
            conn.execute(
                insert(jobs).values(
                    id=job_id,
                    status=QUEUED,
                    tasks=tasks,
                    options=options,
                    stage=QUEUED,
                    done=0,
                    total=0,
                    attempts=0,
                    created_at=utcnow(),
                    owner=owner,
                )
            )
            conn.execute(
                insert(articles),
                [
                    {
                        "job_id": job_id,
                        "position": i,
                        "article_id": a.id,
                        "title": a.title,
                        "text": a.text,
                        "html": a.html,
                        "language": a.language,
                        "reference": a.reference,
                        "reference_summary": a.reference_summary,
                    }
                    for i, a in enumerate(articles_in)
                ],
            )
        record = self.get_job(job_id)
        assert record is not None
        return record

    def get_job(self, job_id: str) -> JobRecord | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(jobs).where(jobs.c.id == job_id)).mappings().first()
        if row is None:
            return None
        fields = {k: v for k, v in row.items() if k != "result"}
        return _record(fields)

    def list_jobs(
        self, owner: str, status: str | None = None, limit: int = 50, before: JobRecord | None = None
    ) -> list[JobRecord]:
        """``owner``'s jobs, newest first; ``before`` continues a page after its last job."""
        query = select(*[c for c in jobs.c if c.name != "result"]).where(jobs.c.owner == owner)
        if status:
            query = query.where(jobs.c.status == status)
        if before is not None:
            earlier = jobs.c.created_at < before.created_at
            tied = (jobs.c.created_at == before.created_at) & (jobs.c.id < before.id)
            query = query.where(earlier | tied)
        query = query.order_by(jobs.c.created_at.desc(), jobs.c.id.desc()).limit(limit)
        with self.engine.connect() as conn:
            rows = conn.execute(query).mappings().all()
        return [_record(r) for r in rows]

    def get_articles(self, job_id: str) -> list[ArticleInput]:
        query = select(articles).where(articles.c.job_id == job_id).order_by(articles.c.position)
        with self.engine.connect() as conn:
            rows = conn.execute(query).mappings().all()
        fields = ("article_id", "title", "text", "html", "language", "reference", "reference_summary")
        return [ArticleInput(*(r[f] for f in fields)) for r in rows]

    def get_result(self, job_id: str) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            raw = conn.execute(select(jobs.c.result).where(jobs.c.id == job_id)).scalar()
        return None if raw is None else json.loads(raw)

    def article_chars(self, job_id: str) -> int:
        query = select(func.sum(func.length(articles.c.text))).where(articles.c.job_id == job_id)
        with self.engine.connect() as conn:
            return int(conn.execute(query).scalar() or 0)

    def ping(self) -> None:
        with self.engine.connect() as conn:
            conn.execute(select(1))

    def live_workers(self, since: datetime) -> int:
        """Workers that have beaten since ``since``."""
        with self.engine.connect() as conn:
            return int(
                conn.execute(select(func.count()).where(workers.c.heartbeat_at >= since)).scalar() or 0
            )

    def count_by_status(self) -> dict[str, int]:
        query = select(jobs.c.status, func.count()).group_by(jobs.c.status)
        with self.engine.connect() as conn:
            return {status: count for status, count in conn.execute(query)}

    def start(self, job_id: str, worker: str = "") -> int | None:
        """Claim a queued job for ``worker``: the attempt number, or None when it is not (or no longer)
        queued. Every later write of this attempt is fenced by that number, so an attempt the reconciler
        gave up on can never overwrite what a newer one wrote."""
        now = utcnow()
        claim = (
            update(jobs)
            .where(jobs.c.id == job_id, jobs.c.status == QUEUED)
            .values(status=RUNNING, started_at=now, attempts=jobs.c.attempts + 1)
        )
        with self.engine.begin() as conn:
            if conn.execute(claim).rowcount != 1:
                return None
            attempt = conn.execute(select(jobs.c.attempts).where(jobs.c.id == job_id)).scalar_one()
            conn.execute(
                insert(attempts).values(job_id=job_id, attempt=attempt, worker=worker, started_at=now)
            )
        return int(attempt)

    def set_progress(
        self, job_id: str, stage: str, done: int, total: int, attempt: int | None = None
    ) -> None:
        self._transition(job_id, (RUNNING,), {"stage": stage, "done": done, "total": total}, attempt)

    def succeed(self, job_id: str, result: dict[str, Any], attempt: int | None = None) -> bool:
        values = {
            "status": SUCCEEDED,
            "stage": "done",
            "result": json.dumps(result, ensure_ascii=False),
            "finished_at": utcnow(),
            "error_code": None,
            "error_message": None,
        }
        return self._transition(job_id, (RUNNING,), values, attempt)

    def fail(self, job_id: str, code: str, message: str, attempt: int | None = None) -> bool:
        values = {"status": FAILED, "error_code": code, "error_message": message, "finished_at": utcnow()}
        return self._transition(job_id, (QUEUED, RUNNING), values, attempt)

    def retry_later(self, job_id: str, attempt: int, code: str, message: str, at: datetime) -> bool:
        """Give a job that met a transient error back to the queue, to run again from ``at``; its last
        error stays visible meanwhile."""
        values = {"status": QUEUED, "stage": "retrying", "error_code": code, "error_message": message,
                  "retry_at": at}  # fmt: skip
        return self._transition(job_id, (RUNNING,), values, attempt)

    def due_retries(self, now: datetime) -> list[str]:
        """Jobs whose back-off has passed; each is handed out once (its ``retry_at`` is cleared)."""
        query = select(jobs.c.id, jobs.c.retry_at).where(jobs.c.status == QUEUED, jobs.c.retry_at <= now)
        due = []
        with self.engine.begin() as conn:
            for job_id, retry_at in conn.execute(query).all():
                clear = update(jobs).where(
                    jobs.c.id == job_id, jobs.c.retry_at == retry_at, jobs.c.status == QUEUED
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
            .where(jobs.c.status == RUNNING, attempts.c.worker == worker)
        )
        with self.engine.connect() as conn:
            rows = conn.execute(claimed).all()
        current = running_now()
        orphans = []
        for job_id, attempt in rows:
            if job_id != current and self._transition(
                job_id, (RUNNING,), {"status": QUEUED, "stage": QUEUED}, attempt
            ):
                orphans.append(job_id)
        return orphans

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

    def cancel(self, job_id: str) -> str | None:
        """Cancel a queued job now, or ask a running one to stop; the status it is left in (None: no job)."""
        if self._transition(
            job_id, (QUEUED,), {"status": CANCELED, "stage": CANCELED, "finished_at": utcnow()}
        ):
            return CANCELED
        job = self.get_job(job_id)
        if job is None or job.status != RUNNING:
            return job.status if job else None
        with self.engine.begin() as conn:
            asked = select(cancel_requests.c.job_id).where(cancel_requests.c.job_id == job_id)
            if conn.execute(asked).first() is None:
                conn.execute(insert(cancel_requests).values(job_id=job_id, requested_at=utcnow()))
        return RUNNING

    def cancel_requested(self, job_id: str) -> bool:
        with self.engine.connect() as conn:
            query = select(cancel_requests.c.job_id).where(cancel_requests.c.job_id == job_id)
            return conn.execute(query).first() is not None

    def mark_canceled(self, job_id: str, attempt: int | None = None) -> bool:
        values = {"status": CANCELED, "stage": CANCELED, "finished_at": utcnow()}
        return self._transition(job_id, (RUNNING,), values, attempt)

    def beat(self, worker: str) -> None:
        """Record that ``worker`` is alive now."""
        now = utcnow()
        with self.engine.begin() as conn:
            if conn.execute(
                update(workers).where(workers.c.name == worker).values(heartbeat_at=now)
            ).rowcount:
                return
            try:
                with conn.begin_nested():
                    conn.execute(insert(workers).values(name=worker, heartbeat_at=now))
            except IntegrityError:
                conn.execute(update(workers).where(workers.c.name == worker).values(heartbeat_at=now))

    def requeue_abandoned(self, silent_since: datetime) -> list[str]:
        """Running jobs whose worker has not beaten since ``silent_since``, put back to ``queued``."""
        latest = (
            select(jobs.c.id, jobs.c.attempts, attempts.c.worker, workers.c.heartbeat_at)
            .join(attempts, (attempts.c.job_id == jobs.c.id) & (attempts.c.attempt == jobs.c.attempts))
            .outerjoin(workers, workers.c.name == attempts.c.worker)
            .where(jobs.c.status == RUNNING)
        )
        requeued = []
        with self.engine.begin() as conn:
            for job_id, attempt, _worker, beat in conn.execute(latest).all():
                if beat is not None and aware(beat) >= silent_since:
                    continue
                back = (
                    update(jobs)
                    .where(jobs.c.id == job_id, jobs.c.status == RUNNING, jobs.c.attempts == attempt)
                    .values(status=QUEUED, stage=QUEUED)
                )
                if conn.execute(back).rowcount == 1:
                    requeued.append(job_id)
        return requeued

    def queued_ids(self) -> list[str]:
        """Jobs waiting for a worker now (not those waiting out a retry back-off)."""
        waiting = (jobs.c.status == QUEUED) & jobs.c.retry_at.is_(None)
        with self.engine.connect() as conn:
            return list(conn.execute(select(jobs.c.id).where(waiting)).scalars())

    def _transition(
        self, job_id: str, allowed: tuple[str, ...], values: dict[str, Any], attempt: int | None = None
    ) -> bool:
        query = update(jobs).where(jobs.c.id == job_id, jobs.c.status.in_(allowed))
        if attempt is not None:
            query = query.where(jobs.c.attempts == attempt)
        query = query.values(**values)
        with self.engine.begin() as conn:
            return conn.execute(query).rowcount == 1

    def close(self) -> None:
        self.engine.dispose()


_prepared: weakref.WeakSet[Engine] = weakref.WeakSet()


def create_tables(engine: Engine) -> None:
    """Create missing tables and bring older ones up to date, once per engine (every store on it asks);
    another process doing the same at the same moment is not an error."""
    if engine in _prepared:
        return
    try:
        metadata.create_all(engine)
        upgrade(engine, metadata)
    except (OperationalError, ProgrammingError, IntegrityError):
        metadata.create_all(engine)
        upgrade(engine, metadata)
    _prepared.add(engine)


def _record(row: Mapping[str, Any]) -> JobRecord:
    return JobRecord(**{k: aware(v) if isinstance(v, datetime) else v for k, v in row.items()})


def aware(value: datetime) -> datetime:
    """SQLite hands back naive datetimes; every timestamp we store is UTC."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)
