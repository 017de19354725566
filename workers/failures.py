"""What a job's failure means: retry it later, or tell the client now.

Transient failures pass on their own: Redis or the database away for a moment, memory short while
another process peaked. The job goes back to the queue and runs again after a back-off, up to
``WARTA_MAX_ATTEMPTS`` attempts. Everything else is permanent (a model that cannot load, a glossary
deleted, the time limit, a bug) and fails the job at once with a stable code: running it again would
fail the same way and only delay the answer.
"""

from __future__ import annotations

from dataclasses import dataclass

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from rq.timeouts import JobTimeoutException
from sqlalchemy.exc import DBAPIError, OperationalError

OOM_MARKERS = ("out of memory", "bad_alloc", "cannot allocate memory")


@dataclass(frozen=True)
class Failure:
    code: str
    transient: bool


def is_out_of_memory(error: BaseException) -> bool:
    """Python's MemoryError, torch's OutOfMemoryError, CTranslate2's and CUDA's allocation errors."""
    if isinstance(error, MemoryError):
        return True
    return isinstance(error, RuntimeError) and any(m in str(error).lower() for m in OOM_MARKERS)


def classify(error: BaseException) -> Failure:
    code = getattr(error, "code", None)
    if isinstance(code, str):
        return Failure(code, transient=False)
    if isinstance(error, JobTimeoutException):
        return Failure("job_timeout", transient=False)
    if isinstance(error, RedisConnectionError | RedisTimeoutError):
        return Failure("redis_unavailable", transient=True)
    if isinstance(error, OperationalError) or (
        isinstance(error, DBAPIError) and error.connection_invalidated
    ):
        return Failure("store_unavailable", transient=True)
    if is_out_of_memory(error):
        return Failure("out_of_memory", transient=True)
    return Failure("internal_error", transient=False)


def backoff_seconds(attempt: int, base: float) -> float:
    """Seconds before attempt ``attempt + 1``: ``base``, then doubling, at most an hour."""
    return float(min(base * 2 ** max(0, attempt - 1), 3600))
