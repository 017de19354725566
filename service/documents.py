"""Uploaded documents as the API takes them: checked without being parsed, stored, handed to a worker.

Nothing here reads a document's text or rebuilds a file; that is the worker's (``workers/documents/``),
so no API thread spends a model's worth of memory or time on a document. An upload's format comes from
its name or its first bytes, a ``.docx``'s zip directory is checked against the archive caps (nothing is
unpacked), and the bytes go into the store beside a job that names them. Both compatible APIs take
documents through here and map its problems to their own error shapes.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

from redis.exceptions import RedisError

from service import extensions
from service.blueprints.jobs import pinned_options
from service.languages import request_context
from service.problems import Problem
from service.validation import parse
from workers.contract.enums import FINISHED, Task
from workers.contract.limits import Limits
from workers.contract.request import DocumentRequest
from workers.documents.archive import check_archive
from workers.documents.formats import DocumentError, Kind, document_format
from workers.queue import enqueue_job
from workers.store.documents import DocumentRecord
from workers.store.jobs import JobRecord

# How often a request that waits for a document job (``/translate_file``) reads the job's status: a
# primary-key read, a few times a second.
POLL_SECONDS = 0.25


def upload_format(filename: str, data: bytes) -> Kind:
    """The upload's format, and for a zip (.docx, .pptx, .xlsx) its directory checked against the
    archive caps: 400 naming the part and the cap where it passes one."""
    try:
        fmt = document_format(filename, data)
        if fmt.zipped:
            check_archive(data, Limits.of(extensions.settings()))
    except DocumentError as error:
        raise Problem(400, error.code, str(error)) from None
    if not data.strip():
        raise Problem(400, "invalid_document", "The document is empty: it has no text to translate.")
    return fmt


def accept(
    data: bytes, fmt: Kind, owner: str, handle: tuple[str, str], *, api: str, name: str = "",
    glossary: str | None = None, waited_for: bool = False, pair: tuple[str, str] = ("id", "en"),
) -> DocumentRecord:  # fmt: skip
    """Store the document under ``handle`` (its id and the key that fetches it) and create and enqueue
    the job that translates it from ``pair``'s source (or ``auto``) into its target; ``waited_for`` puts
    the job on the sync queue, for a client that waits."""
    if pair[0] == pair[1]:  # into its own language: the file as it is, with no job
        record = DocumentRecord(handle[0], owner, "", fmt.name, api, name, datetime.now(UTC))
        extensions.documents().add(record, handle[1], data, translated=data)
        return record
    settings = extensions.settings()
    body = {"glossary": glossary or "default", "source_lang": pair[0], "target_lang": pair[1]}
    choice = parse(DocumentRequest, body, request_context())
    store = extensions.job_store()
    job = store.create_job([], [Task.TRANSLATE], pinned_options(choice, owner), owner, title=name or None)
    record = DocumentRecord(handle[0], owner, job.id, fmt.name, api, name, datetime.now(UTC))
    extensions.documents().add(record, handle[1], data)
    # The job's time limit counts characters; until the worker has read them, the file's size stands in
    # for them (never more than a job may hold).
    chars = min(len(data), settings.max_articles * settings.max_article_chars)
    try:
        enqueue_job(extensions.redis(), settings, job.id, chars, waited_for=waited_for)
    except RedisError as error:
        store.fail(job.id, "queue_unavailable", f"The job queue (Redis) could not be reached: {error}")
        raise Problem(503, "queue_unavailable", "The job queue is unreachable; retry shortly.") from error
    return record


def wait_for(job_id: str, seconds: float) -> JobRecord | None:
    """The job once finished, or None when it is still running after ``seconds``."""
    store = extensions.job_store()
    deadline = time.monotonic() + seconds
    while True:
        job = store.get_job(job_id)
        if job is None or job.status in FINISHED:
            return job
        if time.monotonic() >= deadline:
            return None
        time.sleep(POLL_SECONDS)
