"""Liveness and readiness.

``/healthz`` answers as soon as the process serves HTTP, touching nothing else: a load balancer that
restarts on a failed liveness check must not restart the API because Redis is away. ``/readyz`` says
whether a job submitted now would run: Redis answers, the job store answers, and at least one worker
has beaten within ``WARTA_WORKER_TIMEOUT``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from flask import Blueprint, Response
from redis.exceptions import RedisError
from sqlalchemy.exc import SQLAlchemyError

from service import extensions
from service.answers import answer
from workers.contract.operations import Check, Health, Readiness
from workers.store.engine import utcnow

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> Response:
    return answer(Health(status="ok"))


@bp.get("/readyz")
def readyz() -> Response:
    checks = {"redis": _redis(), "store": _store(), "workers": _workers()}
    ready = all(check.ok for check in checks.values())
    return answer(Readiness(status="ready" if ready else "not_ready", checks=checks), 200 if ready else 503)


def _redis() -> Check:
    return _probe(extensions.redis().ping, RedisError, "Redis")


def _store() -> Check:
    return _probe(extensions.job_store().ping, SQLAlchemyError, "The job store")


def _probe(ping: Callable[[], object], failure: type[Exception], what: str) -> Check:
    try:
        ping()
        return Check(ok=True)
    except failure as error:
        # The error's class only: this endpoint is public, and a driver's message can hold a host or user.
        return Check(ok=False, detail=f"{what} did not answer ({type(error).__name__}).")


def _workers() -> Check:
    settings = extensions.settings()
    try:
        alive = extensions.job_store().live_workers(utcnow() - timedelta(seconds=settings.worker_timeout))
    except SQLAlchemyError:
        return Check(ok=False, alive=0, detail="Workers are counted in the job store, which did not answer.")
    if not alive:
        detail = (
            f"No worker has beaten in the last {settings.worker_timeout} s; start one with `warta worker`."
        )
        return Check(ok=False, alive=0, detail=detail)
    return Check(ok=True, alive=alive)
