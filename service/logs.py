"""Logs as one JSON object a line, each naming the job it concerns.

A log collector (Loki, Elasticsearch, CloudWatch) indexes JSON fields without parsing rules, and an
operator chasing one job filters on ``job_id`` across the API and every worker. The job id travels in a
context variable that the worker sets around each job, so code deep in the pipeline logs it without
passing it along. ``WARTA_LOG_FORMAT=text`` gives plain lines for a terminal.
"""

from __future__ import annotations

import contextvars
import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

current_job: contextvars.ContextVar[str | None] = contextvars.ContextVar("warta_job", default=None)


@contextmanager
def job_context(job_id: str) -> Iterator[None]:
    token = current_job.set(job_id)
    try:
        yield
    finally:
        current_job.reset(token)


class JobFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.job_id = current_job.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            "process": record.process,
        }
        if getattr(record, "job_id", None):
            entry["job_id"] = record.job_id
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


TEXT_FORMAT = "%(asctime)s %(name)s %(levelname)s [%(job_id)s] %(message)s"


def configure(level: str, fmt: str) -> None:
    """Send every logger's records to stderr in ``fmt`` (``json`` or ``text``), replacing earlier set-ups."""
    handler = logging.StreamHandler()
    handler.addFilter(JobFilter())
    handler.setFormatter(JsonFormatter() if fmt == "json" else logging.Formatter(TEXT_FORMAT))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
