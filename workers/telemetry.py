"""Numbers the workers leave in Redis for ``/metrics``: stage latencies, sentences, model load times.

Workers are separate processes, often on other machines, and the API answers ``/metrics`` from any of
its processes, so a per-process Prometheus registry would show each scrape a different slice. Counters
and histogram buckets live in Redis instead, under the queue's prefix, and the API renders them at
scrape time. A metric that cannot be written is dropped with a log line: telemetry never fails a job.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from redis.exceptions import RedisError

log = logging.getLogger(__name__)

# Seconds; a job stage on a CPU runs from milliseconds (a remembered sentence) to minutes (long reads).
BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 600.0)


def bucket_of(seconds: float) -> str:
    """The smallest bucket that holds ``seconds`` (counts are made cumulative when rendered)."""
    return next((repr(b) for b in BUCKETS if seconds <= b), "+Inf")


class StageClock:
    """Time spent in each stage of a job, from the stage names its progress reports carry."""

    def __init__(self, first: str = "prepare", clock: Callable[[], float] = time.monotonic) -> None:
        self.clock, self.stage, self.since = clock, first, clock()
        self.spent: dict[str, float] = {}

    def enter(self, stage: str) -> None:
        if stage != self.stage:
            now = self.clock()
            self.spent[self.stage] = self.spent.get(self.stage, 0.0) + now - self.since
            self.stage, self.since = stage, now

    @contextmanager
    def aside(self) -> Iterator[None]:
        """Time spent on other work inside a stage (answering waiting synchronous requests between a
        job's batches) counts for no stage of the job."""
        began = self.clock()
        try:
            yield
        finally:
            self.since += self.clock() - began

    def stop(self) -> dict[str, float]:
        self.enter("")
        return {stage: round(seconds, 4) for stage, seconds in self.spent.items()}


class Telemetry:
    """Writes under ``prefix`` (``workers.queue.metrics_prefix``)."""

    def __init__(self, redis: Any, prefix: str) -> None:
        self.redis, self.prefix = redis, prefix

    def job_finished(self, stages: dict[str, float], waited: float | None, sentences: int) -> None:
        """One finished job: each stage's seconds, how long it waited in the queue, sentences translated."""
        observed = {**stages, **({"queue": waited} if waited is not None else {})}
        try:
            pipe = self.redis.pipeline(transaction=False)
            for stage, seconds in observed.items():
                pipe.hincrby(f"{self.prefix}:stage_seconds", f"{stage}|{bucket_of(seconds)}", 1)
                pipe.hincrbyfloat(f"{self.prefix}:stage_seconds", f"{stage}|sum", seconds)
            pipe.incrby(f"{self.prefix}:sentences_translated", sentences)
            pipe.execute()
        except RedisError as error:
            log.warning("could not record job metrics: %s", error)

    def sync_answered(self, apis: list[str], texts: int, seconds: float) -> None:
        """One batch of synchronous requests: each request by the API it came through (``translate``,
        ``deepl``, ``libretranslate``), its texts, and the batch's seconds as the ``sync`` stage."""
        try:
            pipe = self.redis.pipeline(transaction=False)
            for api in apis:
                pipe.hincrby(f"{self.prefix}:sync_requests", api, 1)
            pipe.incrby(f"{self.prefix}:sync_texts", texts)
            pipe.hincrby(f"{self.prefix}:stage_seconds", f"sync|{bucket_of(seconds)}", 1)
            pipe.hincrbyfloat(f"{self.prefix}:stage_seconds", "sync|sum", seconds)
            pipe.execute()
        except RedisError as error:
            log.warning("could not record sync metrics: %s", error)

    def edit_saved(self, edits: float, words: float) -> None:
        """One editor's save, with what it adds to TER's sums (``workers.edits.Edited.counted``)."""
        try:
            pipe = self.redis.pipeline(transaction=False)
            pipe.incr(f"{self.prefix}:edits_saved")
            pipe.incrbyfloat(f"{self.prefix}:hter_edits", edits)
            pipe.incrbyfloat(f"{self.prefix}:hter_words", words)
            pipe.execute()
        except RedisError as error:
            log.warning("could not record edit metrics: %s", error)

    def models_loaded(self, load_seconds: dict[str, float]) -> None:
        if not load_seconds:
            return
        try:
            self.redis.hset(f"{self.prefix}:model_load_seconds", mapping=load_seconds)
        except RedisError as error:
            log.warning("could not record model load times: %s", error)


def read_histograms(redis: Any, prefix: str) -> dict[str, dict[str, float]]:
    """``{stage: {bucket or "sum": value}}`` as the workers left them under ``prefix``."""
    raw = redis.hgetall(f"{prefix}:stage_seconds")
    stages: dict[str, dict[str, float]] = {}
    for key, value in raw.items():
        stage, _, bucket = key.decode().partition("|")
        stages.setdefault(stage, {})[bucket] = float(value)
    return stages
