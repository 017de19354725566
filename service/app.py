"""The Flask application factory."""

from __future__ import annotations

import logging

from flask import Flask
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException

from service import auth, dashboard, headers, logs, problems, rate_limits
from service.api_keys import KeyStore
from service.benchmark_store import BenchmarkStore
from service.blueprints import benchmarks, glossaries, health, jobs, metrics, openapi, web
from service.glossary_store import GlossaryStore
from service.queue import connect
from service.settings import Settings
from service.store import JobStore

log = logging.getLogger(__name__)


def create_app(settings: Settings | None = None) -> Flask:
    """Build the API; ``settings`` defaults to the ``WARTA_*`` environment."""
    settings = settings or Settings.from_env()
    logs.configure(settings.log_level, settings.log_format)
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = settings.max_request_bytes
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.extensions["warta.settings"] = settings
    app.extensions["warta.store"] = JobStore(settings.effective_database_url)
    app.extensions["warta.glossaries"] = GlossaryStore(app.extensions["warta.store"].engine)
    app.extensions["warta.benchmarks"] = BenchmarkStore(app.extensions["warta.store"].engine)
    app.extensions["warta.keys"] = KeyStore(app.extensions["warta.store"].engine)
    app.extensions["warta.redis"] = connect(settings)
    app.register_blueprint(health.bp)
    app.register_blueprint(jobs.bp)
    app.register_blueprint(glossaries.bp)
    app.register_blueprint(benchmarks.bp)
    app.register_blueprint(metrics.bp)
    app.register_blueprint(openapi.bp)
    app.register_blueprint(web.bp)
    _register_error_handlers(app, settings)
    auth.install(app)
    if settings.rq_dashboard:
        dashboard.install(app, settings)
    app.extensions["warta.limiter"] = rate_limits.install(app, settings, app.extensions["warta.redis"])
    headers.install(app)
    return app


def _register_error_handlers(app: Flask, settings: Settings) -> None:
    app.register_error_handler(problems.Problem, problems.render)

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):  # type: ignore[no-untyped-def]
        status = error.code or 500
        if status == 413:
            return problems.problem_response(
                413,
                "request_too_large",
                f"The request body is larger than {settings.max_request_bytes} bytes "
                "(WARTA_MAX_REQUEST_BYTES). Send fewer or shorter articles per job.",
                field="body",
                limit=settings.max_request_bytes,
            )
        code = (error.name or "error").lower().replace(" ", "_")
        return problems.problem_response(status, code, error.description or error.name)

    @app.errorhandler(SQLAlchemyError)
    def _store_error(error: SQLAlchemyError):  # type: ignore[no-untyped-def]
        log.error("job store error: %s", error)
        return problems.problem_response(
            503,
            "store_unavailable",
            "The job store could not be reached; nothing was changed. Retry shortly.",
        )

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):  # type: ignore[no-untyped-def]
        log.exception("unhandled error")
        return problems.problem_response(
            500, "internal_error", "Unexpected server error; it has been logged."
        )
