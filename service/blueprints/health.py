"""Liveness and readiness.

``/healthz`` answers as soon as the process serves HTTP, touching nothing else: a load balancer that
restarts on a failed liveness check must not restart the API because Redis is away. ``/readyz`` says
whether a job submitted now would run: Redis answers, the job store answers, and at least one worker
has beaten within ``WARTA_WORKER_TIMEOUT``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from flask import Blueprint, Response, current_app, jsonify
from redis.exceptions import RedisError
from sqlalchemy.exc import SQLAlchemyError

from service.store import utcnow

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@bp.get("/readyz")
def readyz() -> Response:
    checks = {"redis": _redis(), "store": _store(), "workers": _workers()}
    ready = all(check["ok"] for check in checks.values())
    response = jsonify({"status": "ready" if ready else "not_ready", "checks": checks})
    response.status_code = 200 if ready else 503
    return response


def _redis() -> dict[str, Any]:
    return _probe(current_app.extensions["warta.redis"].ping, RedisError, "Redis")


def _store() -> dict[str, Any]:
    return _probe(current_app.extensions["warta.store"].ping, SQLAlchemyError, "The job store")


def _probe(ping: Callable[[], object], failure: type[Exception], what: str) -> dict[str, Any]:
    try:
        ping()
        return {"ok": True}
    except failure as error:
        # The error's class only: this endpoint is public, and a driver's message can hold a host or user.
        return {"ok": False, "detail": f"{what} did not answer ({type(error).__name__})."}


def _workers() -> dict[str, Any]:
    settings = current_app.extensions["warta.settings"]
    try:
        alive = current_app.extensions["warta.store"].live_workers(
            utcnow() - timedelta(seconds=settings.worker_timeout)
        )
    except SQLAlchemyError:
        return {
            "ok": False,
            "alive": 0,
            "detail": "Workers are counted in the job store, which did not answer.",
        }
    if not alive:
        detail = (
            f"No worker has beaten in the last {settings.worker_timeout} s; start one with `warta worker`."
        )
        return {"ok": False, "alive": 0, "detail": detail}
    return {"ok": True, "alive": alive}
