"""``/v1/jobs``: submit articles, follow a job, fetch its bilingual result."""

from __future__ import annotations

import hashlib
import json
import logging
import re
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request, url_for
from redis.exceptions import RedisError

from glossary.default import DEFAULT_NAME
from service.auth import current_owner
from service.logs import current_job
from service.problems import Problem
from service.queue import enqueue_job
from service.renderers import RENDERERS
from service.renderers.archive import render_zip
from service.settings import Settings
from service.store import CANCELED, FINISHED, QUEUED, RUNNING, SUCCEEDED, JobRecord, JobStore
from service.validation import parse_job_request

bp = Blueprint("jobs", __name__, url_prefix="/v1/jobs")
STATUSES = (QUEUED, RUNNING, *FINISHED)
log = logging.getLogger(__name__)


@bp.before_request
def _name_the_job_in_logs() -> None:
    """Lines logged while serving a request about a job carry its id, as the worker's lines do."""
    if request.view_args and "job_id" in request.view_args:
        current_job.set(request.view_args["job_id"])


@bp.teardown_request
def _forget_the_job(_error: BaseException | None) -> None:
    current_job.set(None)


def _store() -> JobStore:
    return current_app.extensions["warta.store"]


def _settings() -> Settings:
    return current_app.extensions["warta.settings"]


@bp.post("")
def submit() -> Response:
    payload = _json_body()
    glossaries = current_app.extensions["warta.glossaries"]
    owner = current_owner()
    job_request = parse_job_request(payload, _settings(), lambda name: glossaries.latest_version(name, owner))
    store = _store()
    key, body_hash = (
        _scoped(_idempotency_key(), owner),
        hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest(),
    )
    if key and (earlier := store.idempotent(key)):
        return _replay(key, body_hash, earlier)
    options = {**job_request.options, **_glossary_holder(job_request.options, owner)}
    job = store.create_job(job_request.articles, job_request.tasks, options, owner)
    current_job.set(job.id)
    if key and (winner := store.bind_key(key, body_hash, job.id)):
        return _replay(key, body_hash, winner)
    try:
        chars = sum(len(a.text) for a in job_request.articles)
        enqueue_job(current_app.extensions["warta.redis"], _settings(), job.id, chars)
    except RedisError as error:
        log.error("could not enqueue job %s: %s", job.id, error)
        store.fail(job.id, "queue_unavailable", f"The job queue (Redis) could not be reached: {error}")
        raise Problem(
            503, "queue_unavailable", "The job queue is unreachable; nothing was queued. Retry shortly."
        ) from error
    response = jsonify(describe_job(job))
    response.status_code = 202
    response.headers["Location"] = url_for("jobs.status", job_id=job.id)
    return response


MAX_KEY_LENGTH = 200


def _idempotency_key() -> str | None:
    key = request.headers.get("Idempotency-Key")
    if key is None:
        return None
    if not key.strip() or len(key) > MAX_KEY_LENGTH or not key.isprintable():
        detail = f"Idempotency-Key must be 1 to {MAX_KEY_LENGTH} printable characters (a UUID will do)."
        raise Problem(422, "invalid_field", detail, field="Idempotency-Key")
    return key


def _glossary_holder(options: dict[str, Any], owner: str) -> dict[str, bool]:
    """Whether the job's named glossary is the operator's shared one: the worker reads that exact one,
    even if the key uploads a glossary of the same name before the job runs."""
    name = options.get("glossary")
    if not name or name == DEFAULT_NAME or not owner:
        return {}
    return {"glossary_shared": current_app.extensions["warta.glossaries"].holder(name, owner) != owner}


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
    response = jsonify(describe_job(_find(job_id)))
    response.status_code = 202
    response.headers["Location"] = url_for("jobs.status", job_id=job_id)
    response.headers["Idempotent-Replayed"] = "true"
    return response


LIST_LIMIT = 200


@bp.get("")
def index() -> dict[str, Any]:
    """The caller's jobs, newest first, a page at a time (``next`` holds the following page)."""
    status_filter = request.args.get("status")
    if status_filter is not None and status_filter not in STATUSES:
        raise Problem(422, "invalid_field", f"status must be one of {', '.join(STATUSES)}.", field="status")
    limit = request.args.get("limit", "50")
    if not limit.isdigit() or not 1 <= int(limit) <= LIST_LIMIT:
        raise Problem(
            422, "invalid_field", f"limit must be a whole number from 1 to {LIST_LIMIT}.", field="limit"
        )
    after = request.args.get("after")
    cursor = _find(after, field="after") if after is not None else None
    listed = _store().list_jobs(current_owner(), status_filter, int(limit), cursor)
    following = None
    if len(listed) == int(limit):
        following = url_for("jobs.index", status=status_filter, limit=limit, after=listed[-1].id)
    return {"jobs": [describe_job(job) for job in listed], "next": following}


@bp.get("/<job_id>")
def status(job_id: str) -> dict[str, Any]:
    return describe_job(_find(job_id))


@bp.delete("/<job_id>")
def cancel(job_id: str) -> Response:
    """200 with the job canceled (it was queued), 202 while a running job stops at its next batch."""
    _find(job_id)
    left_in = _store().cancel(job_id)
    job = _find(job_id)
    if left_in not in (CANCELED, RUNNING):
        detail = f"Job {job_id} has already {job.status}; there is nothing to cancel."
        raise Problem(409, "job_finished", detail, status_of_job=job.status)
    response = jsonify({**describe_job(job), "cancel_requested": True})
    response.status_code = 200 if left_in == CANCELED else 202
    return response


@bp.get("/<job_id>/result")
def result(job_id: str) -> Response:
    job = _find(job_id)
    fmt = _result_format()
    if job.status != SUCCEEDED:
        raise Problem(409, "result_not_ready",
                      f"Job {job.id} is {job.status}; its result exists once it has succeeded. "
                      f"Poll {url_for('jobs.status', job_id=job.id)}.", status_of_job=job.status)  # fmt: skip
    document = {**describe_job(job), **(_store().get_result(job.id) or {})}
    article = request.args.get("article")
    if article is not None:
        document["articles"] = [a for a in document.get("articles", []) if a["id"] == article]
        if not document["articles"]:
            raise Problem(
                404, "article_not_found", f"Job {job.id} has no article {article!r}.", field="article"
            )
    if fmt == "json" and "format" not in request.args:
        return jsonify(document)
    stem = download_name(job.id, article)
    if fmt == "zip":
        body, media_type, extension = render_zip(document, RENDERERS, stem), "application/zip", "zip"
    else:
        renderer = RENDERERS[fmt]
        body, media_type, extension = renderer.render(document), renderer.media_type, renderer.extension
    response = Response(body, content_type=media_type)
    response.headers["Content-Disposition"] = f'attachment; filename="{stem}.{extension}"'
    return response


def _result_format() -> str:
    formats = [*RENDERERS, "zip"]
    fmt = request.args.get("format")
    if fmt is None:
        by_type = {r.media_type.split(";")[0]: name for name, r in RENDERERS.items()} | {
            "application/zip": "zip"
        }
        best = request.accept_mimetypes.best_match(list(by_type), default="application/json")
        fmt = by_type.get(best or "", "json")
    if fmt not in formats:
        raise Problem(422, "unsupported_format", f"Unknown format {fmt!r}; available: {', '.join(formats)}.",
                      field="format")  # fmt: skip
    return fmt


def download_name(job_id: str, article: str | None) -> str:
    """A file name safe in every browser and file system, whatever the article id holds."""
    stem = f"warta-{job_id[:12]}"
    if article:
        stem += "-" + (re.sub(r"[^A-Za-z0-9_]+", "-", article).strip("-")[:60] or "article")
    return stem


def describe_job(job: JobRecord) -> dict[str, Any]:
    error = {"code": job.error_code, "message": job.error_message} if job.error_code else None
    return {
        "id": job.id,
        "status": job.status,
        "tasks": job.tasks,
        "options": job.options,
        "progress": {"stage": job.stage, "done": job.done, "total": job.total},
        "attempts": job.attempts,
        "created_at": _iso(job.created_at),
        "started_at": _iso(job.started_at),
        "finished_at": _iso(job.finished_at),
        "error": error,
        "links": {
            "self": url_for("jobs.status", job_id=job.id),
            "result": url_for("jobs.result", job_id=job.id),
        },
    }


def _find(job_id: str, field: str = "id") -> JobRecord:
    job = _store().get_job(job_id)
    if job is None or job.owner != current_owner():
        raise Problem(404, "job_not_found", f"No job with id {job_id!r}.", field=field)
    return job


def _json_body() -> Any:
    if request.mimetype != "application/json":
        raise Problem(
            415,
            "unsupported_media_type",
            f"Send the job as JSON with 'Content-Type: application/json' "
            f"(got {request.mimetype or 'none'!r}).",
            field="Content-Type",
        )
    raw = request.get_data(cache=False)
    if not raw.strip():
        raise Problem(
            400, "empty_body", 'The request body is empty; send {"articles": [{"text": "…"}]}.', field="body"
        )
    try:
        return json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise Problem(
            400, "invalid_json", f"The body is not valid UTF-8 JSON: {error}.", field="body"
        ) from None


def _iso(value: Any) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None
