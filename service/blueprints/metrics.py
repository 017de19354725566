"""``GET /metrics``: Prometheus text exposition of jobs, queues and the translation memory.

Written by hand (the format is a few lines of text) rather than through a client library whose
registry is per process: every number here is read from the shared store and Redis at scrape time,
so any API process gives the same answer.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response
from redis.exceptions import RedisError

from service import extensions
from workers.contract.enums import JobStatus
from workers.queue import (
    benchmark_queue,
    memory_prefix,
    metrics_prefix,
    queue_key,
    sync_queue,
    sync_requests_key,
)
from workers.settings import Settings
from workers.telemetry import BUCKETS, read_histograms

bp = Blueprint("metrics", __name__)
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


@bp.get("/metrics")
def metrics() -> Response:
    settings, redis = extensions.settings(), extensions.redis()
    counts = extensions.job_store().count_by_status()
    by_status = [({"status": str(s)}, counts.get(s, 0)) for s in JobStatus]
    lines = _family("warta_jobs", "gauge", "Jobs in the store by status.", by_status)
    try:
        lines += _redis_metrics(redis, settings)
        up = 1
    except RedisError:
        up = 0
    lines += _family("warta_redis_up", "gauge", "Whether Redis answered this scrape.", [({}, up)])
    return Response("\n".join(lines) + "\n", content_type=CONTENT_TYPE)


def _redis_metrics(redis: Any, settings: Settings) -> list[str]:
    queues = [sync_queue(settings), settings.queue, benchmark_queue(settings)]
    lengths = [({"queue": q}, redis.llen(queue_key(q))) for q in queues]
    prefix, counters = memory_prefix(settings), metrics_prefix(settings)
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
        *_family("warta_sentences_translated_total", "counter", "Sentences translated by finished jobs.",
                 [({}, int(redis.get(f"{counters}:sentences_translated") or 0))]),
        *_family("warta_sync_requests_total", "counter", "Synchronous translations answered, by the API "
                 "they came through (translate: /v1/translate; deepl; libretranslate).",
                 [({"api": k.decode()}, int(v)) for k, v in sorted(
                     redis.hgetall(f"{counters}:sync_requests").items())]),
        *_family("warta_sync_texts_total", "counter", "Texts in the synchronous translations answered.",
                 [({}, int(redis.get(f"{counters}:sync_texts") or 0))]),
        *_family("warta_sync_waiting", "gauge", "Synchronous requests waiting for a worker.",
                 [({}, redis.llen(sync_requests_key(settings)))]),
        *_family("warta_edits_saved_total", "counter", "Sentence edits saved by editors.",
                 [({}, int(redis.get(f"{counters}:edits_saved") or 0))]),
        *_family("warta_hter_edits_total", "counter", "TER edits from the machine English to the edited "
                 "English, over every translated sentence of the articles editors edited; divided by "
                 "warta_hter_words_total it is their HTER.",
                 [({}, float(redis.get(f"{counters}:hter_edits") or 0))]),
        *_family("warta_hter_words_total", "counter", "Words of the edited English those edits are "
                 "counted against (TER's reference length).",
                 [({}, float(redis.get(f"{counters}:hter_words") or 0))]),
        *_family("warta_model_load_seconds", "gauge", "Seconds the last worker to load each model took.",
                 [({"role": k.decode()}, float(v)) for k, v in sorted(
                     redis.hgetall(f"{counters}:model_load_seconds").items())]),
        *_histogram("warta_stage_seconds", "Seconds finished jobs spent in each stage (queue: waiting for "
                    "a worker).", read_histograms(redis, counters)),
    ]  # fmt: skip


def _histogram(name: str, help_: str, stages: dict[str, dict[str, float]]) -> list[str]:
    """Prometheus histogram lines from per-bucket counts, made cumulative here."""
    lines = [f"# HELP {name} {help_}", f"# TYPE {name} histogram"]
    for stage, counts in sorted(stages.items()):
        running = 0.0
        for bound in [*map(repr, BUCKETS), "+Inf"]:
            running += counts.get(bound, 0.0)
            lines.append(f'{name}_bucket{{stage="{stage}",le="{bound}"}} {int(running)}')
        lines.append(f'{name}_sum{{stage="{stage}"}} {counts.get("sum", 0.0)}')
        lines.append(f'{name}_count{{stage="{stage}"}} {int(running)}')
    return lines


def _family(name: str, kind: str, help_: str, samples: list[tuple[dict[str, str], float]]) -> list[str]:
    lines = [f"# HELP {name} {help_}", f"# TYPE {name} {kind}"]
    for labels, value in samples:
        label_text = ",".join(f'{k}="{v}"' for k, v in labels.items())
        lines.append(f"{name}{{{label_text}}} {value}" if label_text else f"{name} {value}")
    return lines
