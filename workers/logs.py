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
import re
import sys
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


# A key in a query string (LibreTranslate's clients send ``?api_key=``) or a form logged whole: a log line
# keeps the parameter's name, never the key, which would let anyone who reads the logs act as its owner.
SECRET_PARAMETER = re.compile(r"(?i)\b((?:api_key|auth_key)=)[^&\s\"']+")
REDACTED = "[redacted]"


def redact(text: str) -> str:
    """``text`` with the value of every key parameter replaced."""
    return SECRET_PARAMETER.sub(rf"\g<1>{REDACTED}", text)


class RedactFilter(logging.Filter):
    """Keys out of every record a Warta process writes (werkzeug's request lines included)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if (safe := redact(message)) != message:
            record.msg, record.args = safe, None
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
        job_id = getattr(record, "job_id", None)
        if job_id:
            entry["job_id"] = job_id
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


HANDLER_NAME = "warta"


def _is_default(handler: logging.Handler) -> bool:
    """A plain stderr handler someone's ``basicConfig`` left (a library, an earlier call); handlers of
    other kinds (pytest's capture, a file) stay."""
    return type(handler) is logging.StreamHandler and getattr(handler, "stream", None) is sys.stderr


TEXT_FORMAT = "%(asctime)s %(name)s %(levelname)s [%(job_id)s] %(message)s"


def configure(level: str, fmt: str) -> None:
    """Send every logger's records to stderr in ``fmt`` (``json`` or ``text``), replacing earlier set-ups."""
    handler = logging.StreamHandler()
    handler.addFilter(JobFilter())
    handler.addFilter(RedactFilter())
    handler.setFormatter(JsonFormatter() if fmt == "json" else logging.Formatter(TEXT_FORMAT))
    handler.set_name(HANDLER_NAME)
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() == HANDLER_NAME or _is_default(h)]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
