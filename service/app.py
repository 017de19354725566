"""The Flask application factory."""

from __future__ import annotations

import logging

from flask import Flask
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException, MethodNotAllowed
from werkzeug.middleware.proxy_fix import ProxyFix

from service import auth, body_limit, dashboard, extensions, headers, problems, rate_limits, store_errors
from service.blueprints import (
    benchmarks,
    deepl,
    deepl_glossaries_v3,
    deepl_unsupported,
    edits,
    glossaries,
    health,
    jobs,
    libretranslate,
    memory,
    metrics,
    openapi,
    translate,
    web,
)
from workers import logs
from workers.queue import connect
from workers.settings import Settings
from workers.store.values import UnstorableValue

log = logging.getLogger(__name__)


def create_app(settings: Settings | None = None) -> Flask:
    """Build the API; ``settings`` defaults to the ``WARTA_*`` environment."""
    settings = settings or Settings.from_env()
    logs.configure(settings.log_level, settings.log_format)
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = settings.max_request_bytes
    body_limit.install(app, settings.max_request_bytes)
    if settings.trusted_proxies > 0:
        # The client's address for rate limits and failed log-ins, its scheme for cookies: as the outermost
        # trusted proxy saw them, never as a client claims them beyond that.
        n = settings.trusted_proxies
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n)  # type: ignore[method-assign]
    app.json.sort_keys = False  # type: ignore[attr-defined]
    redis = connect(settings)
    extensions.install(app, settings, redis)
    for blueprint in (health, jobs, edits, translate, glossaries, memory, benchmarks, metrics, openapi, web,
                      deepl, deepl_glossaries_v3, deepl_unsupported, libretranslate):  # fmt: skip
        app.register_blueprint(blueprint.bp)
    _register_error_handlers(app, settings)
    auth.install(app)
    if settings.rq_dashboard and settings.require_api_key:
        dashboard.install(app, settings)
    limiter = rate_limits.install(app, settings, redis)
    extensions.install_limits(app, limiter, rate_limits.AuthFailures(limiter, settings.auth_failure_limit))
    headers.install(app)
    return app


def _register_error_handlers(app: Flask, settings: Settings) -> None:
    app.register_error_handler(problems.Problem, problems.render)

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):  # type: ignore[no-untyped-def]
        status = error.code or 500
        if status == 413:
            return problems.render(
                problems.Problem(
                    413,
                    "request_too_large",
                    f"The request body is larger than {settings.max_request_bytes} bytes "
                    "(WARTA_MAX_REQUEST_BYTES). Send fewer or shorter articles per job.",
                    field="body",
                    limit=settings.max_request_bytes,
                )
            )
        code = (error.name or "error").lower().replace(" ", "_")
        # RFC 9110 15.5.6: a 405 names the methods the resource has, whatever shape its body takes.
        methods = error.valid_methods if isinstance(error, MethodNotAllowed) else None
        headers = {"Allow": ", ".join(sorted(methods))} if methods else None
        detail = error.description or error.name
        problem = problems.Problem(status, code, detail, headers=headers)
        return deepl_unsupported.not_served(problem) or problems.render(problem)

    @app.errorhandler(SQLAlchemyError)
    def _store_error(error: SQLAlchemyError):  # type: ignore[no-untyped-def]
        return problems.render(store_errors.store_problem(error))

    @app.errorhandler(UnstorableValue)
    def _unstorable(error: UnstorableValue):  # type: ignore[no-untyped-def]
        return problems.render(store_errors.unstorable_problem(error))

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):  # type: ignore[no-untyped-def]
        log.exception("unhandled error")
        return problems.render(
            problems.Problem(500, "internal_error", "Unexpected server error; it has been logged.")
        )
