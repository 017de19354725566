"""The job store: the durable record of every job, its articles, progress and result.

Redis only carries "run job X"; everything a client can ask about lives here, so the API and the
workers share nothing but this database. State changes are conditional updates (``WHERE status = …``)
so a late or repeated writer cannot undo a finished job. Claims and heartbeats are ``recovery.py``'s,
idempotency keys ``idempotency.py``'s.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import ColumnElement, delete, exists, func, insert, select, update
from sqlalchemy.engine import RowMapping

from workers.contract.article import ArticleInput
from workers.contract.enums import JobStatus, Task
from workers.contract.job import JobOptions, Stage
from workers.contract.result import upgraded
from workers.store.engine import aware, create_tables, open_engine, utcnow
from workers.store.idempotency import IdempotencyKeys
from workers.store.job_tables import articles, cancel_requests, jobs
from workers.store.recovery import Recovery, transition
from workers.titles import job_title, one_line, shortened


@dataclass(frozen=True)
class JobRecord:
    id: str
    status: JobStatus
    tasks: list[Task]
    options: JobOptions
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
    title: str | None = None

    @classmethod
    def of_row(cls, row: Mapping[str, Any] | RowMapping) -> JobRecord:
        fields: dict[str, Any] = {
            k: aware(v) if isinstance(v, datetime) else v
            for k, v in row.items()
            if k not in ("result", "result_version")
        }
        fields["status"] = JobStatus(fields["status"])
        fields["tasks"] = [Task(t) for t in fields["tasks"]]
        fields["options"] = JobOptions.model_validate(fields["options"])
        return cls(**fields)


class JobStore(Recovery, IdempotencyKeys):
    """All reads and writes of jobs go through here."""

    def __init__(self, url: str) -> None:
        self.engine = open_engine(url)
        create_tables(self.engine)

    def create_job(
        self,
        articles_in: list[ArticleInput],
        tasks: list[Task] | list[str],
        options: JobOptions | Mapping[str, Any],
        owner: str = "",
        title: str | None = None,
    ) -> JobRecord:
        """A queued job; ``title`` stands for a document's job until its articles are read (its file's
        name), where the first article gives none."""
        job_id = uuid.uuid4().hex
        accepted = JobOptions.model_validate(options)
        stored = accepted.model_dump(mode="json")
        if articles_in:
            title = job_title(articles_in[0], accepted.source_lang)
        elif title:
            title = shortened(one_line(title)) or None
        with self.engine.begin() as conn:
            conn.execute(
                insert(jobs).values(
                    id=job_id,
                    status=JobStatus.QUEUED,
                    tasks=[str(t) for t in tasks],
                    options=stored,
                    stage=Stage.QUEUED,
                    done=0,
                    total=0,
                    attempts=0,
                    created_at=utcnow(),
                    owner=owner,
                    title=title,
                )
            )
            rows = [_article_row(job_id, i, a) for i, a in enumerate(articles_in)]
            if rows:  # a document's job gets its articles when a worker has read the document
                conn.execute(insert(articles), rows)
        record = self.get_job(job_id)
        assert record is not None
        return record

    def get_job(self, job_id: str) -> JobRecord | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(jobs).where(jobs.c.id == job_id)).mappings().first()
        return None if row is None else self._titled([JobRecord.of_row(row)])[0]

    def list_jobs(
        self,
        owner: str,
        status: str | None = None,
        limit: int = 50,
        before: JobRecord | None = None,
        *,
        search: str | None = None,
        created_from: datetime | None = None,
        created_until: datetime | None = None,
        newer_than: JobRecord | None = None,
    ) -> list[JobRecord]:
        """``owner``'s jobs, newest first; ``before`` continues a page after its last job, and
        ``newer_than`` gives the ``limit`` jobs just newer than one instead, nearest first (where the
        page before a page begins). ``search`` keeps the jobs whose title or any article's title or text
        holds it, whatever its letters' case (on SQLite, the case of ASCII letters only);
        ``created_from`` is inclusive, ``created_until`` not."""
        query = select(*[c for c in jobs.c if c.name != "result"]).where(jobs.c.owner == owner)
        if status:
            query = query.where(jobs.c.status == status)
        if search:
            query = query.where(_mentioning(search))
        if created_from is not None:
            query = query.where(jobs.c.created_at >= created_from)
        if created_until is not None:
            query = query.where(jobs.c.created_at < created_until)
        if before is not None:
            earlier = jobs.c.created_at < before.created_at
            tied = (jobs.c.created_at == before.created_at) & (jobs.c.id < before.id)
            query = query.where(earlier | tied)
        if newer_than is not None:
            later = jobs.c.created_at > newer_than.created_at
            tied = (jobs.c.created_at == newer_than.created_at) & (jobs.c.id > newer_than.id)
            query = query.where(later | tied).order_by(jobs.c.created_at, jobs.c.id)
        else:
            query = query.order_by(jobs.c.created_at.desc(), jobs.c.id.desc())
        with self.engine.connect() as conn:
            rows = conn.execute(query.limit(limit)).mappings().all()
        return self._titled([JobRecord.of_row(r) for r in rows])

    def _titled(self, records: list[JobRecord]) -> list[JobRecord]:
        """A job stored before titles gets its title from its first article as it is read, not written
        back: reading a list never writes."""
        untitled = [r.id for r in records if r.title is None]
        if not untitled:
            return records
        first = select(articles).where(articles.c.job_id.in_(untitled), articles.c.position == 0)
        with self.engine.connect() as conn:
            found = {row["job_id"]: _article_of(row) for row in conn.execute(first).mappings()}
        return [
            replace(r, title=job_title(found[r.id], r.options.source_lang)) if r.id in found else r
            for r in records
        ]

    def get_articles(self, job_id: str) -> list[ArticleInput]:
        query = select(articles).where(articles.c.job_id == job_id).order_by(articles.c.position)
        with self.engine.connect() as conn:
            rows = conn.execute(query).mappings().all()
        return [_article_of(r) for r in rows]

    def replace_articles(self, job_id: str, articles_in: list[ArticleInput]) -> None:
        """A job's articles made by its worker (from a document), and the title they give it in place of
        the file's name; a second attempt writes the same."""
        with self.engine.begin() as conn:
            conn.execute(delete(articles).where(articles.c.job_id == job_id))
            conn.execute(insert(articles), [_article_row(job_id, i, a) for i, a in enumerate(articles_in)])
            options = conn.execute(select(jobs.c.options).where(jobs.c.id == job_id)).scalar()
            if articles_in and options is not None:
                source_lang = JobOptions.model_validate(options).source_lang
                title = job_title(articles_in[0], source_lang)
                conn.execute(update(jobs).where(jobs.c.id == job_id).values(title=title))

    def get_result(self, job_id: str) -> dict[str, Any] | None:
        """The result as saved: the JSON of the job's ``JobOutcome``."""
        with self.engine.connect() as conn:
            raw = conn.execute(select(jobs.c.result).where(jobs.c.id == job_id)).scalar()
        return None if raw is None else upgraded(json.loads(raw))

    def article_chars(self, job_id: str) -> int:
        query = select(func.sum(func.length(articles.c.text))).where(articles.c.job_id == job_id)
        with self.engine.connect() as conn:
            return int(conn.execute(query).scalar() or 0)

    def ping(self) -> None:
        with self.engine.connect() as conn:
            conn.execute(select(1))

    def count_by_status(self) -> dict[str, int]:
        query = select(jobs.c.status, func.count()).group_by(jobs.c.status)
        with self.engine.connect() as conn:
            return {status: count for status, count in conn.execute(query)}

    def queued_ids(self) -> list[str]:
        """Jobs waiting for a worker now (not those waiting out a retry back-off)."""
        waiting = (jobs.c.status == JobStatus.QUEUED) & jobs.c.retry_at.is_(None)
        with self.engine.connect() as conn:
            return list(conn.execute(select(jobs.c.id).where(waiting)).scalars())

    def set_progress(
        self, job_id: str, stage: str, done: int, total: int, attempt: int | None = None
    ) -> None:
        transition(
            self.engine, job_id, (JobStatus.RUNNING,), {"stage": stage, "done": done, "total": total}, attempt
        )

    def succeed(self, job_id: str, result: BaseModel | Mapping[str, Any], attempt: int | None = None) -> bool:
        """Record the result (a ``JobOutcome``, saved as its ``model_dump``) of a running job."""
        document = result.model_dump(mode="json") if isinstance(result, BaseModel) else result
        values = {
            "status": JobStatus.SUCCEEDED,
            "stage": Stage.DONE,
            "result": json.dumps(document, ensure_ascii=False),
            "finished_at": utcnow(),
            "error_code": None,
            "error_message": None,
        }
        return transition(self.engine, job_id, (JobStatus.RUNNING,), values, attempt)

    def fail(self, job_id: str, code: str, message: str, attempt: int | None = None) -> bool:
        values = {
            "status": JobStatus.FAILED,
            "error_code": code,
            "error_message": message,
            "finished_at": utcnow(),
        }
        return transition(self.engine, job_id, (JobStatus.QUEUED, JobStatus.RUNNING), values, attempt)

    def retry_later(self, job_id: str, attempt: int, code: str, message: str, at: datetime) -> bool:
        """Give a job that met a transient error back to the queue, to run again from ``at``; its last
        error stays visible meanwhile."""
        values = {
            "status": JobStatus.QUEUED,
            "stage": Stage.RETRYING,
            "error_code": code,
            "error_message": message,
            "retry_at": at,
        }
        return transition(self.engine, job_id, (JobStatus.RUNNING,), values, attempt)

    def cancel(self, job_id: str) -> str | None:
        """Cancel a queued job now, or ask a running one to stop; the status it is left in (None: no job)."""
        canceled = {"status": JobStatus.CANCELED, "stage": Stage.CANCELED, "finished_at": utcnow()}
        if transition(self.engine, job_id, (JobStatus.QUEUED,), canceled):
            return JobStatus.CANCELED
        job = self.get_job(job_id)
        if job is None or job.status != JobStatus.RUNNING:
            return job.status if job else None
        with self.engine.begin() as conn:
            asked = select(cancel_requests.c.job_id).where(cancel_requests.c.job_id == job_id)
            if conn.execute(asked).first() is None:
                conn.execute(insert(cancel_requests).values(job_id=job_id, requested_at=utcnow()))
        return JobStatus.RUNNING

    def cancel_requested(self, job_id: str) -> bool:
        with self.engine.connect() as conn:
            query = select(cancel_requests.c.job_id).where(cancel_requests.c.job_id == job_id)
            return conn.execute(query).first() is not None

    def mark_canceled(self, job_id: str, attempt: int | None = None) -> bool:
        values = {"status": JobStatus.CANCELED, "stage": Stage.CANCELED, "finished_at": utcnow()}
        return transition(self.engine, job_id, (JobStatus.RUNNING,), values, attempt)

    def close(self) -> None:
        self.engine.dispose()


def _mentioning(search: str) -> ColumnElement[bool]:
    """Jobs whose title, or any of whose articles' titles or texts, hold ``search`` (``%`` and ``_`` in
    it are themselves, not wildcards)."""

    def holds(column: Any) -> ColumnElement[bool]:
        return column.icontains(search, autoescape=True)

    in_articles = select(articles.c.job_id).where(
        articles.c.job_id == jobs.c.id, holds(articles.c.title) | holds(articles.c.text)
    )
    return holds(jobs.c.title) | exists(in_articles)


def _article_of(row: Mapping[str, Any] | RowMapping) -> ArticleInput:
    fields = ("article_id", "title", "text", "html", "language", "reference", "reference_summary")
    return ArticleInput(*(row[f] for f in fields))


def _article_row(job_id: str, position: int, article: ArticleInput) -> dict[str, Any]:
    language = article.language.model_dump(mode="json") if article.language else None
    return {
        "job_id": job_id, "position": position, "article_id": article.id, "title": article.title,
        "text": article.text, "html": article.html, "language": language, "reference": article.reference,
        "reference_summary": article.reference_summary,
    }  # fmt: skip
