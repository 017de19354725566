"""Per-key rate limits (flask-limiter) counted in the queue's Redis, so every API process shares them.

One budget per key (or, without a key, per address) across the whole API: ``WARTA_RATE_LIMIT`` is an
application limit, not a limit per endpoint, or a client could make the limit's worth of requests to each
endpoint in turn. Submissions (jobs and benchmarks, and any other path that puts model work on a queue)
share one ``WARTA_SUBMIT_RATE_LIMIT`` budget on top, because a submission costs model minutes where a poll
costs a query. Failed authentications count per address (``WARTA_AUTH_FAILURE_LIMIT``), so keys cannot
be guessed at the request rate, but a valid key is never refused for them; the address is the client's
as the ``WARTA_TRUSTED_PROXIES`` proxies saw it. A client over a limit gets 429 with ``Retry-After``; no
other answer carries that header. Where Redis cannot be reached the limits are not enforced (and
submissions fail with 503 anyway): an outage of the counter must not lock clients out.
"""

from __future__ import annotations

import logging

from flask import Flask, Response, request
from flask_limiter import Limiter
from flask_limiter.errors import RateLimitExceeded
from limits import RateLimitItem, parse_many
from redis import Redis

from service.auth import PUBLIC, rate_limit_key
from service.problems import Problem, render
from workers.queue import limits_prefix
from workers.settings import Settings

log = logging.getLogger(__name__)
SUBMIT_ENDPOINTS = ("jobs.submit", "benchmarks.submit", "translate.translate", "deepl.translate",
                    "deepl.upload_document", "libretranslate.translate",
                    "libretranslate.translate_file")  # fmt: skip
SUBMIT_SCOPE = "submissions"
AUTH_FAILURE_SCOPE = "auth-failures"
# The answers a client is told to come back to later; flask-limiter would add Retry-After to every one.
RETRY_STATUSES = {429, 503}


def install(app: Flask, settings: Settings, redis: Redis) -> Limiter:
    """Count in the API's own Redis connection pool; ``redis`` is the queue's connection."""
    # Registered before the limiter's own after_request, so it runs after it (Flask runs them reversed).
    app.after_request(_retry_after_only_where_it_means_something)
    limiter = Limiter(
        rate_limit_key,
        app=app,
        application_limits=[settings.rate_limit] if settings.rate_limit.strip() else [],
        application_limits_exempt_when=lambda: request.endpoint in PUBLIC,
        storage_uri=_limits_uri(settings.effective_redis_url),
        storage_options={"connection_pool": redis.connection_pool},
        key_prefix=limits_prefix(settings),
        headers_enabled=True,
        swallow_errors=True,
        strategy="moving-window",
    )
    if settings.submit_rate_limit.strip():
        shared = limiter.shared_limit(settings.submit_rate_limit, scope=SUBMIT_SCOPE, override_defaults=False)
        for endpoint in SUBMIT_ENDPOINTS:
            app.view_functions[endpoint] = shared(app.view_functions[endpoint])
    app.register_error_handler(RateLimitExceeded, _too_many)
    return limiter


class AuthFailures:
    """Failed authentications per address, in the limiter's storage: a key or a log-in guessed at the
    request rate would be found; at ten a minute it would not."""

    def __init__(self, limiter: Limiter, limit: str) -> None:
        self.limiter = limiter
        self.items: list[RateLimitItem] = parse_many(limit) if limit.strip() else []

    def refuse_if_exhausted(self) -> None:
        """429 for a further failure once this address has failed too often."""
        address = _address()
        for item in self.items:
            if not self._safely(lambda i=item: self.limiter.limiter.test(i, AUTH_FAILURE_SCOPE, address)):
                raise Problem(
                    429,
                    "too_many_failed_authentications",
                    f"Too many failed authentications from this address ({item}); retry after the time in "
                    "the Retry-After header.",
                    field="Authorization",
                    headers={"Retry-After": str(item.get_expiry())},
                    limit=str(item),
                )

    def record(self) -> None:
        address = _address()
        for item in self.items:
            self._safely(lambda i=item: self.limiter.limiter.hit(i, AUTH_FAILURE_SCOPE, address))

    def _safely(self, count) -> bool:  # type: ignore[no-untyped-def]
        """The counter's answer; True (let it pass) where the storage is away, as the limiter does."""
        try:
            return bool(count())
        except Exception as error:  # the limits library wraps storage errors in several types
            log.warning("rate limit storage unreachable: %s", type(error).__name__)
            return True


def _address() -> str:
    return request.remote_addr or "unknown"


def _retry_after_only_where_it_means_something(response: Response) -> Response:
    if response.status_code not in RETRY_STATUSES:
        response.headers.pop("Retry-After", None)
    return response


def _limits_uri(url: str) -> str:
    """The limits library names a Redis socket ``redis+unix://`` where redis-py says ``unix://``."""
    return "redis+unix://" + url.removeprefix("unix://") if url.startswith("unix://") else url


def _too_many(error: RateLimitExceeded):  # type: ignore[no-untyped-def]
    scope = "submission " if error.limit.scope == SUBMIT_SCOPE else ""
    detail = (
        f"The {scope}rate limit of {error.limit.limit} was exceeded for this "
        f"{'API key' if rate_limit_key().startswith('key:') else 'address'}; retry after the time in the "
        "Retry-After header."
    )
    return render(Problem(429, "rate_limited", detail, limit=str(error.limit.limit)))
