"""Per-key rate limits (flask-limiter) counted in the queue's Redis, so every API process shares them.

Each request counts against ``WARTA_RATE_LIMIT``; submitting a job or a benchmark also counts against
``WARTA_SUBMIT_RATE_LIMIT``, because a submission costs model minutes where a poll costs a query. A
client over its limit gets 429 with ``Retry-After``. Where Redis cannot be reached the limits are not
enforced (and submissions fail with 503 anyway): an outage of the counter must not lock clients out.
"""

from __future__ import annotations

from flask import Flask, request
from flask_limiter import Limiter
from flask_limiter.errors import RateLimitExceeded
from redis import Redis

from service.auth import PUBLIC, rate_limit_key
from service.problems import problem_response
from workers.queue import limits_prefix
from workers.settings import Settings

SUBMIT_ENDPOINTS = ("jobs.submit", "benchmarks.submit")


def install(app: Flask, settings: Settings, redis: Redis) -> Limiter:
    """Count in the API's own Redis connection pool; ``redis`` is the queue's connection."""
    limiter = Limiter(
        rate_limit_key,
        app=app,
        default_limits=[settings.rate_limit] if settings.rate_limit.strip() else [],
        default_limits_exempt_when=lambda: request.endpoint in PUBLIC,
        storage_uri=_limits_uri(settings.effective_redis_url),
        storage_options={"connection_pool": redis.connection_pool},
        key_prefix=limits_prefix(settings),
        headers_enabled=True,
        swallow_errors=True,
        strategy="moving-window",
    )
    if settings.submit_rate_limit.strip():
        for endpoint in SUBMIT_ENDPOINTS:
            limit = limiter.limit(settings.submit_rate_limit, override_defaults=False)
            app.view_functions[endpoint] = limit(app.view_functions[endpoint])
    app.register_error_handler(RateLimitExceeded, _too_many)
    return limiter


def _limits_uri(url: str) -> str:
    """The limits library names a Redis socket ``redis+unix://`` where redis-py says ``unix://``."""
    return "redis+unix://" + url.removeprefix("unix://") if url.startswith("unix://") else url


def _too_many(error: RateLimitExceeded):  # type: ignore[no-untyped-def]
    detail = (
        f"Rate limit of {error.limit.limit} exceeded for this "
        f"{'API key' if rate_limit_key().startswith('key:') else 'address'}; retry after the time in the "
        "Retry-After header."
    )
    return problem_response(429, "rate_limited", detail, limit=str(error.limit.limit))
