"""RQ's own dashboard (``rq-dashboard``) under ``/rq``: queues, workers and RQ jobs, for operators.

It sees every queue and every job id, so where keys are required only an admin key (``warta keys
create NAME --admin``) opens it; deleting RQ jobs is turned off, because the job store, not Redis, is the
record of a job and the reconciler would only enqueue a deleted one again. Its pages use inline scripts,
so they get a policy of their own; the rest of the site allows none.
"""

from __future__ import annotations

from flask import Flask, Response, request

from workers.settings import Settings

PREFIX = "/rq"
BLUEPRINT = "rq_dashboard"
POLICY = (
    "default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)


def install(app: Flask, settings: Settings) -> None:
    import rq_dashboard
    from rq_dashboard.web import setup_rq_connection

    app.config.from_object(rq_dashboard.default_settings)
    app.config["RQ_DASHBOARD_REDIS_URL"] = settings.effective_redis_url
    app.config["RQ_DASHBOARD_DISABLE_DELETE"] = True
    setup_rq_connection(app)
    app.register_blueprint(rq_dashboard.blueprint, url_prefix=PREFIX)

    @app.after_request
    def _policy(response: Response) -> Response:
        if request.blueprint == BLUEPRINT:
            response.headers["Content-Security-Policy"] = POLICY
        return response
