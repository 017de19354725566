"""``GET /metrics``: Prometheus text exposition of jobs, queues and the translation memory.

Written by hand (the format is a few lines of text) rather than through a client library whose
registry is per process: every number here is read from the shared store and Redis at scrape time,
so any API process gives the same answer.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app
from redis.exceptions import RedisError

from service.queue import benchmark_queue, memory_prefix
from service.store import CANCELED, FAILED, QUEUED, RUNNING, SUCCEEDED

bp = Blueprint("metrics", __name__)
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


@bp.get("/metrics")
def metrics() -> Response:
    settings, redis = current_app.extensions["warta.settings"], current_app.extensions["warta.redis"]
    counts = current_app.extensions["warta.store"].count_by_status()
    by_status = [({"status": s}, counts.get(s, 0)) for s in (QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELED)]
    lines = _family("warta_jobs", "gauge", "Jobs in the store by status.", by_status)
    try:
        lines += _redis_metrics(redis, settings)
        up = 1
    except RedisError:
        up = 0
    lines += _family("warta_redis_up", "gauge", "Whether Redis answered this scrape.", [({}, up)])
    return Response("\n".join(lines) + "\n", content_type=CONTENT_TYPE)


def _redis_metrics(redis: Any, settings: Any) -> list[str]:
    queues = [settings.queue, benchmark_queue(settings)]
    lengths = [({"queue": q}, redis.llen(f"rq:queue:{q}")) for q in queues]
    prefix = memory_prefix(settings)
    stats = {k.decode(): int(v) for k, v in redis.hgetall(f"{prefix}:stats").items()}
    return [
        *_family("warta_queue_length", "gauge", "Jobs waiting in each RQ queue.", lengths),
        *_family("warta_translation_memory_hits_total", "counter",
                 "Look-ups answered by the translation memory (sentences, alignments, summaries).",
                 [({}, stats.get("hits", 0))]),
        *_family("warta_translation_memory_misses_total", "counter",
                 "Look-ups the models had to compute.", [({}, stats.get("misses", 0))]),
        *_family("warta_translation_memory_evictions_total", "counter",
                 "Entries evicted (least recently used first).", [({}, stats.get("evictions", 0))]),
        *_family("warta_translation_memory_entries", "gauge", "Entries held.",
                 [({}, redis.zcard(f"{prefix}:used"))]),
    ]  # fmt: skip


def _family(name: str, kind: str, help_: str, samples: list[tuple[dict[str, str], int]]) -> list[str]:
    lines = [f"# HELP {name} {help_}", f"# TYPE {name} {kind}"]
    for labels, value in samples:
        label_text = ",".join(f'{k}="{v}"' for k, v in labels.items())
        lines.append(f"{name}{{{label_text}}} {value}" if label_text else f"{name} {value}")
    return lines
