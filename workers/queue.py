"""Handing a stored job to the workers through RQ, and every name Warta uses in Redis.

Only the job id travels: the worker reads everything else from the job store, so what Redis holds can
be rebuilt from the store at any time. Every key prefix is derived from the queue's name here, so two
deployments sharing a Redis never meet, and the API and the workers agree on each name.
"""

from __future__ import annotations

import time
import uuid

from redis import Redis
from rq import Queue

from workers.contract.sync import SyncRequest, WaitingRequest
from workers.settings import Settings

JOB_FUNCTION = "workers.jobs.run_job"
# RQ ids are "warta-<job id>-<nonce>": a job re-enqueued by the reconciler gets a fresh RQ job, never
# one that a dead worker's registry still holds.
JOB_PREFIX = "warta-"
BENCHMARK_FUNCTION = "workers.jobs.run_benchmark_job"
BENCHMARK_PREFIX = "warta-bench-"


def benchmark_queue(settings: Settings) -> str:
    """Benchmarks get a queue of their own, after the article queue: they never hold up a job."""
    return f"{settings.queue}-bench"


def memory_prefix(settings: Settings) -> str:
    """Redis keys of the translation memory: one memory per queue, shared by all its workers."""
    return f"{settings.queue}:tm"


def metrics_prefix(settings: Settings) -> str:
    """Counters the workers keep for ``/metrics`` (``workers/telemetry.py``)."""
    return f"{settings.queue}:metrics"


def usage_key(settings: Settings, owner: str) -> str:
    """Characters a key had translated through the DeepL API, as ``/v2/usage`` reports them."""
    return f"{settings.queue}:usage:{owner}"


def limits_prefix(settings: Settings) -> str:
    """The API's rate-limit counters, shared by every API process."""
    return f"{settings.queue}:limits"


def queue_key(queue: str) -> str:
    """RQ's list of the jobs waiting in ``queue``."""
    return f"rq:queue:{queue}"


def connect(settings: Settings) -> Redis:
    """The one way Warta opens its Redis (queue, memory, metrics and limits share it)."""
    return Redis.from_url(settings.effective_redis_url)


def job_timeout(settings: Settings, chars: int) -> int:
    """Seconds a job may run: a base, plus time in proportion to its text (a 100-article job of long
    reads needs far longer than one short article, and a stuck one should not wait an hour)."""
    return settings.job_timeout + -(-chars // 1000) * settings.job_seconds_per_1000_chars


def enqueue_job(
    connection: Redis, settings: Settings, job_id: str, chars: int = 0, waited_for: bool = False
) -> None:
    """``waited_for``: a client waits for the job (LibreTranslate's ``/translate_file``), so it goes on the
    sync queue, which workers serve first; the reconciler puts it back on the article queue if lost."""
    queue = Queue(sync_queue(settings) if waited_for else settings.queue, connection=connection)
    queue.enqueue_call(
        JOB_FUNCTION,
        args=(job_id,),
        job_id=f"{JOB_PREFIX}{job_id}-{uuid.uuid4().hex[:8]}",
        timeout=job_timeout(settings, chars),
        result_ttl=3600,
        failure_ttl=7 * 24 * 3600,
        description=f"warta job {job_id}",
    )


def enqueue_benchmark(connection: Redis, settings: Settings, benchmark_id: str) -> None:
    Queue(benchmark_queue(settings), connection=connection).enqueue_call(
        BENCHMARK_FUNCTION,
        args=(benchmark_id,),
        job_id=f"{BENCHMARK_PREFIX}{benchmark_id}-{uuid.uuid4().hex[:8]}",
        timeout=24 * 3600,
        result_ttl=3600,
        failure_ttl=7 * 24 * 3600,
        description=f"warta benchmark {benchmark_id}",
    )


SYNC_FUNCTION = "workers.sync.run_sync"
SYNC_PREFIX = "warta-sync-"


def sync_queue(settings: Settings) -> str:
    """Synchronous translations get a queue of their own, which workers serve before article jobs and
    benchmarks: a client is waiting for each."""
    return f"{settings.queue}-sync"


def sync_requests_key(settings: Settings) -> str:
    """The Redis list of synchronous requests waiting for a worker (oldest first)."""
    return f"{settings.queue}:sync:requests"


def sync_answer_key(settings: Settings, request_id: str) -> str:
    """The Redis list the worker pushes a synchronous request's answer to, where the API waits for it."""
    return f"{settings.queue}:sync:{request_id}"


def sync_gone_key(settings: Settings, request_id: str) -> str:
    """Set by the API when it stops waiting for a synchronous request: a worker drops the request, or
    stops its batches, instead of translating for nobody."""
    return f"{settings.queue}:sync:{request_id}:gone"


def enqueue_sync(connection: Redis, settings: Settings, request_id: str, request: SyncRequest) -> None:
    """The request goes on the waiting list, and an RQ job on the sync queue wakes a worker for it. The
    worker takes up to ``WARTA_SYNC_BATCH`` waiting requests at once, so requests that arrive while every
    worker is busy share their batches; a wake-up that finds the list empty ends at once. Nothing of a
    request is stored: one nobody waits for any more (past ``WARTA_SYNC_TIMEOUT``) is dropped unrun."""
    wait = max(1, int(settings.sync_timeout))
    waiting = WaitingRequest(**request.model_dump(), id=request_id, deadline=time.time() + wait)
    connection.rpush(sync_requests_key(settings), waiting.model_dump_json())
    Queue(sync_queue(settings), connection=connection).enqueue_call(
        SYNC_FUNCTION,
        args=(request_id,),
        job_id=f"{SYNC_PREFIX}{request_id}",
        timeout=wait + 60,
        ttl=wait,
        result_ttl=0,
        failure_ttl=3600,
        description=f"warta sync {request_id}",
    )
