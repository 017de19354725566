"""``/v1/jobs``: submit articles, follow a job, fetch its bilingual result."""

from __future__ import annotations

import json
import logging
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request, url_for
from redis.exceptions import RedisError

from service.problems import Problem
from service.queue import enqueue_job
from service.settings import Settings
from service.store import SUCCEEDED, JobRecord, JobStore
from service.validation import parse_job_request

bp = Blueprint("jobs", __name__, url_prefix="/v1/jobs")
log = logging.getLogger(__name__)
RESULT_FORMATS = ("json",)


def _store() -> JobStore:
    return current_app.extensions["warta.store"]


def _settings() -> Settings:
    return current_app.extensions["warta.settings"]


@bp.post("")
def submit() -> Response:
    payload = _json_body()
    glossaries = current_app.extensions["warta.glossaries"]
    job_request = parse_job_request(payload, _settings(), glossaries.latest_version)
    store = _store()
    job = store.create_job(job_request.articles, job_request.tasks, job_request.options)
    try:
        enqueue_job(current_app.extensions["warta.redis"], _settings(), job.id)
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


@bp.get("/<job_id>")
def status(job_id: str) -> dict[str, Any]:
    return describe_job(_find(job_id))


@bp.get("/<job_id>/result")
def result(job_id: str) -> dict[str, Any]:
    job = _find(job_id)
    fmt = request.args.get("format", "json")
    if fmt not in RESULT_FORMATS:
        raise Problem(
            422,
            "unsupported_format",
            f"Unknown format {fmt!r}; available: {', '.join(RESULT_FORMATS)}.",
            field="format",
        )
    if job.status != SUCCEEDED:
        raise Problem(
            409,
            "result_not_ready",
            f"Job {job.id} is {job.status}; its result exists once it has succeeded. "
            f"Poll {url_for('jobs.status', job_id=job.id)}.",
            status_of_job=job.status,
        )
    return {**describe_job(job), **(_store().get_result(job.id) or {})}


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


def _find(job_id: str) -> JobRecord:
    job = _store().get_job(job_id)
    if job is None:
        raise Problem(404, "job_not_found", f"No job with id {job_id!r}.", field="id")
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
