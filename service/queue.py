"""Handing a stored job to the workers through RQ.

Only the job id travels: the worker reads everything else from the job store, so what Redis holds can
be rebuilt from the store at any time.
"""

from __future__ import annotations

from redis import Redis
from rq import Queue

from service.settings import Settings

JOB_FUNCTION = "workers.jobs.run_job"


def connect(settings: Settings) -> Redis:
    return Redis.from_url(settings.effective_redis_url)


def enqueue_job(connection: Redis, settings: Settings, job_id: str) -> None:
    queue = Queue(settings.queue, connection=connection)
    queue.enqueue_call(
        JOB_FUNCTION,
        args=(job_id,),
        job_id=f"warta-{job_id}",
        timeout=settings.job_timeout,
        result_ttl=3600,
        failure_ttl=7 * 24 * 3600,
        description=f"warta job {job_id}",
    )
