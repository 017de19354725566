"""The job store: the durable record of every job, its articles, progress and result.

Redis only carries "run job X"; everything a client can ask about lives here, so the API and the
workers share nothing but this database. SQLite is the zero-setup default, PostgreSQL the scale-out one.
State changes are conditional updates (``WHERE status = …``) so a late or repeated writer cannot undo
a finished job.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
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
    func,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError

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


# Named glossaries live beside the jobs; ``glossary_store.py`` reads and writes them.
glossaries = Table(
    "warta_glossaries",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("terms", Text, nullable=False),
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
        self, articles_in: list[ArticleInput], tasks: list[str], options: dict[str, Any]
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
        return JobRecord(**{k: _aware(v) if isinstance(v, datetime) else v for k, v in fields.items()})

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

    def count_by_status(self) -> dict[str, int]:
        query = select(jobs.c.status, func.count()).group_by(jobs.c.status)
        with self.engine.connect() as conn:
            return {status: count for status, count in conn.execute(query)}

    def start(self, job_id: str) -> bool:
        """Claim a queued job for a worker; False when it is not (or no longer) queued."""
        values = {"status": RUNNING, "started_at": utcnow(), "attempts": jobs.c.attempts + 1}
        return self._transition(job_id, (QUEUED,), values)

    def set_progress(self, job_id: str, stage: str, done: int, total: int) -> None:
        self._transition(job_id, (RUNNING,), {"stage": stage, "done": done, "total": total})

    def succeed(self, job_id: str, result: dict[str, Any]) -> bool:
        values = {
            "status": SUCCEEDED,
            "stage": "done",
            "result": json.dumps(result, ensure_ascii=False),
            "finished_at": utcnow(),
        }
        return self._transition(job_id, (RUNNING,), values)

    def fail(self, job_id: str, code: str, message: str) -> bool:
        values = {"status": FAILED, "error_code": code, "error_message": message, "finished_at": utcnow()}
        return self._transition(job_id, (QUEUED, RUNNING), values)

    def _transition(self, job_id: str, allowed: tuple[str, ...], values: dict[str, Any]) -> bool:
        query = update(jobs).where(jobs.c.id == job_id, jobs.c.status.in_(allowed)).values(**values)
        with self.engine.begin() as conn:
            return conn.execute(query).rowcount == 1

    def close(self) -> None:
        self.engine.dispose()


def create_tables(engine: Engine) -> None:
    """Create missing tables; another process creating them at the same moment is not an error."""
    try:
        metadata.create_all(engine)
    except (OperationalError, ProgrammingError, IntegrityError):
        metadata.create_all(engine)


def _aware(value: datetime) -> datetime:
    """SQLite hands back naive datetimes; every timestamp we store is UTC."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)
