"""Liveness and readiness.

``/healthz`` answers as soon as the process serves HTTP, touching nothing else: a load balancer that
restarts on a failed liveness check must not restart the API because Redis is away. ``/readyz`` says
whether a job submitted now would run: Redis answers, the job store answers, at least one worker has
beaten within ``WARTA_WORKER_TIMEOUT``, and live workers between them have loaded a model for every role
(``models``). A worker that beats but could not load its translation model would fail every job with
``model_unavailable``, so it does not make Warta ready.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from flask import Blueprint, Response
from redis.exceptions import RedisError
from sqlalchemy.exc import SQLAlchemyError

from service import extensions
from service.answers import answer
from workers.contract.operations import MODEL_ROLES, Check, Health, ModelRole, Readiness
from workers.settings import env_name
from workers.store.engine import utcnow

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> Response:
    return answer(Health(status="ok"))


@bp.get("/readyz")
def readyz() -> Response:
    checks = {"redis": _redis(), "store": _store(), "workers": _workers(), "models": _models()}
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


_SETTING_OF_ROLE: dict[ModelRole, str] = {"translation": "mt_model", "summarization": "sum_model"}


def _models() -> Check:
    """Ready only where some live worker has loaded a model for every role; the roles none can run are
    named, with why each worker that tried could not, in the words the worker chose for the public."""
    settings = extensions.settings()
    try:
        reports = extensions.job_store().live_models(utcnow() - timedelta(seconds=settings.worker_timeout))
    except SQLAlchemyError:
        return Check(ok=False, detail="Workers' models are listed in the job store, which did not answer.")
    said = [report for report in reports if report is not None]
    roles = [role for role in MODEL_ROLES if any(role in report and report[role] is None for report in said)]
    missing = [role for role in MODEL_ROLES if role not in roles]
    if not missing:
        return Check(ok=True, roles=roles)
    if not reports:
        return Check(ok=False, roles=roles, missing=missing, detail="No live worker has loaded its models.")
    reasons = [
        f"{role}: {env_name(_SETTING_OF_ROLE[role])} "
        + ", ".join(sorted({str(report.get(role) or "not reported") for report in said}))
        for role in missing
        if said
    ]
    silent = len(reports) - len(said)
    if silent:
        reasons.append(f"{silent} live worker(s) did not say which models they loaded (an older Warta?)")
    detail = (
        f"No live worker can run {' or '.join(missing)}, so jobs needing it fail with model_unavailable "
        f"({'; '.join(reasons)}); fix the setting and restart the worker, whose log says more."
    )
    return Check(ok=False, roles=roles, missing=missing, detail=detail)
