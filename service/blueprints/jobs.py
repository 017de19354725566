"""``/v1/jobs``: submit articles, follow a job, fetch its bilingual result."""

from __future__ import annotations

import hashlib
import json
import logging
import re
from enum import StrEnum
from typing import ClassVar

from flask import Blueprint, Response, jsonify, request, url_for
from pydantic import BaseModel
from redis.exceptions import RedisError

from glossary.default import DEFAULT_NAME
from service import extensions
from service.answers import answer
from service.auth import current_owner
from service.languages import request_context
from service.problems import Problem
from service.renderers import RENDERERS
from service.renderers.archive import render_zip
from service.validation import json_body, parse
from workers.contract.enums import FINISHED, JobStatus
from workers.contract.job import QUERY, Failure, Job, JobLinks, JobList, JobListQuery, JobOptions, Progress
from workers.contract.request import DocumentRequest, JobRequest, TranslateRequest
from workers.documents.formats import KINDS
from workers.languages import AUTO
from workers.logs import current_job
from workers.queue import enqueue_job
from workers.store.glossaries import glossary_owner
from workers.store.jobs import JobRecord

bp = Blueprint("jobs", __name__, url_prefix="/v1/jobs")
log = logging.getLogger(__name__)
# ``document``: the translated file, for a job made from an uploaded document (DeepL's /v2/document,
# LibreTranslate's /translate_file), in its own format.
ResultFormat = StrEnum("ResultFormat", {name: name for name in [*RENDERERS, "zip", "document"]})  # type: ignore[misc]


class ResultQuery(BaseModel):
    """``GET /v1/jobs/{id}/result``'s query."""

    model_config = QUERY
    hints: ClassVar[dict[str, str]] = {"format": f"one of {', '.join(ResultFormat)}"}

    format: ResultFormat | None = None
    article: str | None = None


@bp.before_request
def _name_the_job_in_logs() -> None:
    """Lines logged while serving a request about a job carry its id, as the worker's lines do."""
    if request.view_args and "job_id" in request.view_args:
        current_job.set(request.view_args["job_id"])


@bp.teardown_request
def _forget_the_job(_error: BaseException | None) -> None:
    current_job.set(None)


@bp.post("")
def submit() -> Response:
    payload = json_body("the job", 'send {"articles": [{"text": "…"}]}')
    owner = current_owner()
    job_request = parse(JobRequest, payload, request_context())
    options = pinned_options(job_request, owner)
    store = extensions.job_store()
    key, body_hash = (
        _scoped(_idempotency_key(), owner),
        hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest(),
    )
    if key and (earlier := store.idempotent(key)):
        return _replay(key, body_hash, earlier)
    job = store.create_job(job_request.accepted_articles, job_request.tasks, options, owner)
    current_job.set(job.id)
    if key and (winner := store.bind_key(key, body_hash, job.id)):
        return _replay(key, body_hash, winner)
    try:
        chars = sum(len(a.text) for a in job_request.accepted_articles)
        enqueue_job(extensions.redis(), extensions.settings(), job.id, chars)
    except RedisError as error:
        log.error("could not enqueue job %s: %s", job.id, error)
        store.fail(job.id, "queue_unavailable", f"The job queue (Redis) could not be reached: {error}")
        if key:
            store.release_key(key, job.id)
        raise Problem(
            503, "queue_unavailable", "The job queue is unreachable; nothing was queued. Retry shortly."
        ) from error
    return answer(describe_job(job), 202, {"Location": url_for("jobs.status", job_id=job.id)})


def pinned_options(job_request: JobRequest | TranslateRequest | DocumentRequest, owner: str) -> JobOptions:
    """The request's options with the named glossary's version fixed now, and whether a key's job uses
    the operator's shared glossary: the worker reads that exact one, even if the key uploads a glossary
    of the same name before the job runs."""
    name = job_request.glossary
    if name is None:
        return job_request.options()
    mine = glossary_owner(owner)
    found = extensions.glossaries().latest(name, mine)
    if found is None:
        detail = (
            f"No glossary named {name!r}: upload it with PUT /v1/glossaries/{{name}}, use "
            '"default", or send null for none.'
        )
        raise Problem(422, "invalid_field", detail, field="glossary")
    holder, version = found
    shared = holder != mine if name != DEFAULT_NAME else None
    options = job_request.options(glossary_version=version, glossary_shared=shared)
    pair = extensions.glossaries().pair_of(name, holder, version)
    asked = (options.source_lang, options.target_lang)
    if name != DEFAULT_NAME and asked[0] != AUTO and pair != asked:
        detail = (f"The glossary {name!r} is for {pair[0]}→{pair[1]}; this request translates "
                  f"{asked[0]}→{asked[1]}. Name a glossary of that pair, or null.")  # fmt: skip
        raise Problem(422, "glossary_pair_mismatch", detail, field="glossary")
    return options


MAX_KEY_LENGTH = 200


def _idempotency_key() -> str | None:
    key = request.headers.get("Idempotency-Key")
    if key is None:
        return None
    if not key.strip() or len(key) > MAX_KEY_LENGTH or not key.isprintable():
        detail = f"Idempotency-Key must be 1 to {MAX_KEY_LENGTH} printable characters (a UUID will do)."
        raise Problem(422, "invalid_field", detail, field="Idempotency-Key")
    return key


def _scoped(key: str | None, owner: str) -> str | None:
    """Idempotency keys are the client's own: the same key from two API keys names two jobs."""
    return None if key is None else f"{owner}:{key}"


def _replay(key: str, body_hash: str, earlier: tuple[str, str]) -> Response:
    """The job a key already made, as first answered; a different body under the same key is refused."""
    earlier_hash, job_id = earlier
    key = key.partition(":")[2]
    if earlier_hash != body_hash:
        detail = (
            f"Idempotency-Key {key!r} was used for a different request (job {job_id}). "
            "Fix: send a new key for a new job."
        )
        raise Problem(422, "idempotency_key_reused", detail, field="Idempotency-Key")
    headers = {"Location": url_for("jobs.status", job_id=job_id), "Idempotent-Replayed": "true"}
    return answer(describe_job(find_job(job_id)), 202, headers)


@bp.get("")
def index() -> Response:
    """The caller's jobs, newest first, a page at a time (``next`` holds the following page)."""
    query = parse(JobListQuery, request.args.to_dict())
    listed = list_jobs(query)
    following = None
    if len(listed) == query.limit:
        following = url_for("jobs.index", **listing_args(query, after=listed[-1].id))
    return answer(JobList(jobs=[describe_job(job) for job in listed], next=following))


def list_jobs(query: JobListQuery, newer_than: JobRecord | None = None) -> list[JobRecord]:
    """The page of the caller's jobs that ``query`` asks for (the web page's list is the same), or with
    ``newer_than`` the jobs just newer than that one that ``query``'s filters keep, nearest first."""
    cursor = find_job(query.after, field="after") if query.after is not None and not newer_than else None
    return extensions.job_store().list_jobs(
        current_owner(), query.status, query.limit, cursor, search=query.q,
        created_from=query.created_from, created_until=query.created_until, newer_than=newer_than,
    )  # fmt: skip


def listing_args(query: JobListQuery, **changes: str | None) -> dict[str, str]:
    """``query``'s parameters as a link to another page of the same list writes them: every filter kept,
    ``changes`` made, nothing empty."""
    given = query.model_dump(mode="json", exclude_none=True) | changes
    return {name: str(value) for name, value in given.items() if value not in (None, "")}


@bp.get("/<job_id>")
def status(job_id: str) -> Response:
    return answer(describe_job(find_job(job_id)))


@bp.delete("/<job_id>")
def cancel(job_id: str) -> Response:
    """200 with the job canceled (it was queued), 202 while a running job stops at its next batch; 409
    for a job that has ended, one already canceled included."""
    ended = find_job(job_id).status in FINISHED
    left_in = None if ended else extensions.job_store().cancel(job_id)
    job = find_job(job_id)
    if left_in not in (JobStatus.CANCELED, JobStatus.RUNNING):
        detail = f"Job {job_id} has already {job.status}; there is nothing to cancel."
        raise Problem(409, "job_finished", detail, status_of_job=job.status)
    described = describe_job(job).model_copy(update={"cancel_requested": True})
    return answer(described, 200 if left_in == JobStatus.CANCELED else 202)


@bp.get("/<job_id>/result")
def result(job_id: str) -> Response:
    job = find_job(job_id)
    query = parse(ResultQuery, request.args.to_dict())
    fmt = query.format or _format_from_accept()
    if job.status != JobStatus.SUCCEEDED:
        raise Problem(
            409,
            "result_not_ready",
            f"Job {job.id} is {job.status}; its result exists once it has succeeded. "
            f"Poll {url_for('jobs.status', job_id=job.id)}.",
            status_of_job=job.status,
        )
    # The result as saved, after the job's fields: what ``JobResult`` describes.
    document = {
        **describe_job(job).model_dump(mode="json"),
        **(extensions.job_store().get_result(job.id) or {}),
    }
    article = query.article
    if article is not None:
        document["articles"] = [a for a in document.get("articles", []) if a["id"] == article]
        if not document["articles"]:
            raise Problem(
                404, "article_not_found", f"Job {job.id} has no article {article!r}.", field="article"
            )
    if fmt == "json" and query.format is None:
        return jsonify(document)
    stem = download_name(job.id, article)
    if fmt == "document":
        return _translated_document(job.id, stem)
    if fmt == "zip":
        body, media_type, extension = render_zip(document, RENDERERS, stem), "application/zip", "zip"
    else:
        renderer = RENDERERS[fmt]
        body, media_type, extension = renderer.render(document), renderer.media_type, renderer.extension
    response = Response(body, content_type=media_type)
    response.headers["Content-Disposition"] = f'attachment; filename="{stem}.{extension}"'
    return response


def _translated_document(job_id: str, stem: str) -> Response:
    """The translated file of the job's document, as the worker wrote it, in its output format."""
    record = extensions.documents().for_job(job_id)
    body = extensions.documents().translated(record) if record is not None else None
    if record is None or body is None:
        raise Problem(404, "no_document", f"Job {job_id} was not made from an uploaded document (or its "
                      "file has expired): use the other formats.", field="format")  # fmt: skip
    written = KINDS[record.format].output
    response = Response(body, content_type=written.media_type)
    response.headers["Content-Disposition"] = f'attachment; filename="{stem}{written.extensions[0]}"'
    return response


def _format_from_accept() -> str:
    by_type = {r.media_type.split(";")[0]: name for name, r in RENDERERS.items()} | {"application/zip": "zip"}
    best = request.accept_mimetypes.best_match(list(by_type), default="application/json")
    return by_type.get(best or "", "json")


def download_name(job_id: str, article: str | None) -> str:
    """A file name safe in every browser and file system, whatever the article id holds."""
    stem = f"warta-{job_id[:12]}"
    if article:
        stem += "-" + (re.sub(r"[^A-Za-z0-9_]+", "-", article).strip("-")[:60] or "article")
    return stem


def describe_job(job: JobRecord) -> Job:
    error = Failure(code=job.error_code, message=job.error_message or "") if job.error_code else None
    return Job(
        id=job.id,
        title=job.title,
        status=job.status,
        tasks=job.tasks,
        options=job.options,
        progress=Progress(stage=job.stage, done=job.done, total=job.total),
        attempts=job.attempts,
        created_at=job.created_at,
        started_at=job.started_at,
        finished_at=job.finished_at,
        error=error,
        links=JobLinks(
            self=url_for("jobs.status", job_id=job.id), result=url_for("jobs.result", job_id=job.id)
        ),
    )


def find_job(job_id: str, field: str = "id") -> JobRecord:
    job = extensions.job_store().get_job(job_id)
    if job is None or job.owner != current_owner():
        raise Problem(404, "job_not_found", f"No job with id {job_id!r}.", field=field)
    return job
