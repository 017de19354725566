"""Quick answers while a long job runs: a one-sentence request must not wait for the whole job.

One real worker (what ``make up`` starts) and the API under gunicorn, tiny models, the translation memory
off. First one synchronous request of ``WARTA_MT_BATCH_SIZE`` of the job's sentences measures one batch's
model time (``Server-Timing``). Then a job of ``--sentences`` sentences is submitted and, while it runs,
one client sends single sentences one after another; each answer's wait is recorded until the job ends.

Floor (issue 25): p95 of those waits under one batch's model time + 1 s, and the job still succeeds with
every sentence translated.

    .venv/bin/python benchmarks/queue/sync_during_job.py [--sentences 6000]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import requests

from benchmarks.queue.sync_speed import Deployment, free_port, sentences, timing, tiny_settings
from benchmarks.tiny_models import make_tiny_models
from workers.benchmark import percentile


def batch_model_seconds(deployment: Deployment, texts: list[str]) -> float:
    """Model time of one full batch of the job's sentences, as one synchronous request."""
    answered = requests.post(f"{deployment.url}/v1/translate", json={"text": " ".join(texts)}, timeout=300)
    answered.raise_for_status()
    return timing(answered.headers["Server-Timing"])["model"]


def job_articles(texts: list[str], per_article: int = 500) -> list[dict[str, str]]:
    return [
        {"id": str(n), "text": "\n".join(texts[start : start + per_article])}
        for n, start in enumerate(range(0, len(texts), per_article))
    ]


def waits_during(deployment: Deployment, job_id: str, probes: list[str]) -> tuple[list[float], dict]:
    """Single-sentence requests, one after another, while the job runs; the job's last status."""
    session, waits = requests.Session(), []
    status: dict = {}
    for text in probes:
        status = session.get(f"{deployment.url}/v1/jobs/{job_id}", timeout=30).json()
        if status["status"] in ("succeeded", "failed", "canceled"):
            break
        started = time.perf_counter()
        session.post(f"{deployment.url}/v1/translate", json={"text": text}, timeout=300).raise_for_status()
        waits.append(time.perf_counter() - started)
        time.sleep(0.1)
    while status.get("status") not in ("succeeded", "failed", "canceled"):
        time.sleep(0.5)
        status = session.get(f"{deployment.url}/v1/jobs/{job_id}", timeout=30).json()
    return waits, status


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sentences", type=int, default=6000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="warta-sync-job-"))
    models = make_tiny_models(folder / "models")
    settings = tiny_settings(folder, models, "busy", port=free_port(), log_level="WARNING",
                             max_sync_chars=1_000_000, max_sync_sentences=10_000)  # fmt: skip
    texts = sentences(args.sentences + 500)
    job_texts, probes = texts[: args.sentences], texts[args.sentences :]
    deployment = Deployment(settings)
    try:
        batch = batch_model_seconds(deployment, job_texts[: settings.mt_batch_size])
        body = {"articles": job_articles(job_texts), "tasks": ["translate"], "force": True, "glossary": None}
        submitted = requests.post(f"{deployment.url}/v1/jobs", json=body, timeout=60)
        submitted.raise_for_status()
        job_id = submitted.json()["id"]
        started = time.perf_counter()
        waits, status = waits_during(deployment, job_id, probes)
        job_seconds = time.perf_counter() - started
        result = requests.get(f"{deployment.url}/v1/jobs/{job_id}/result", timeout=120).json()
    finally:
        deployment.stop()
    every = [s for a in result.get("articles", []) for p in a["paragraphs"] for s in p]
    translated = sum(1 for s in every if s["target"])
    p95 = percentile(waits, 95) if waits else float("nan")
    floor = batch + 1.0
    print(f"job: {args.sentences} lines, {len(every)} sentences, {status['status']} in {job_seconds:.1f} s, "
          f"{translated} translated; one batch ({settings.mt_batch_size} sentences) takes {batch:.3f} s "
          "of model time")  # fmt: skip
    print(f"one-sentence requests during the job: {len(waits)}, p50 {statistics.median(waits):.3f} s, "
          f"p95 {p95:.3f} s, max {max(waits):.3f} s")  # fmt: skip
    held = status["status"] == "succeeded" and translated == len(every) > 0 and len(waits) > 0 and p95 < floor
    print(f"floor: p95 under one batch's model time + 1 s = {floor:.3f} s, the job complete: "
          f"{'held' if held else 'NOT held'}")  # fmt: skip
    return 0 if held else 1


if __name__ == "__main__":
    sys.exit(main())
