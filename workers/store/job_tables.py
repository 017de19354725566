"""The job table group: jobs and their articles, attempts, workers' heartbeats, cancels, idempotency keys.

The job store (``jobs.py``, with ``recovery.py`` and ``idempotency.py``) reads and writes them; the
benchmark store joins ``workers`` to find benchmarks of silent workers.
"""

from __future__ import annotations

from sqlalchemy import JSON, Column, DateTime, ForeignKey, Integer, String, Table, Text

from workers.store.engine import metadata

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
    # Bumped by every save of an edit to the result: edits compare and swap on it, so none is lost.
    Column("result_version", Integer, nullable=False, server_default="0"),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("started_at", DateTime(timezone=True)),
    Column("finished_at", DateTime(timezone=True)),
    # When a job that met a transient error may run again (None: as soon as a worker is free).
    Column("retry_at", DateTime(timezone=True)),
    # The API key that submitted the job ("" when keys are off): only that key can see it.
    Column("owner", String(32), nullable=False, server_default="", index=True),
    # What lists show the job by (``workers/titles.py``); NULL for a job stored before titles, and for a
    # document's job until its worker has read the document (unless its file name was known).
    Column("title", Text),
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

workers = Table(
    "warta_workers",
    metadata,
    Column("name", String(200), primary_key=True),
    Column("heartbeat_at", DateTime(timezone=True), nullable=False),
    # Which model roles the worker can run, rewritten at every beat: role -> None where its model is
    # loaded, else why not (``ModelRegistry.availability``). NULL: the worker did not say (an older Warta),
    # and ``/readyz`` does not count it as able to run anything.
    Column("models", JSON),
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
