"""Submit-to-start latency: how long a runnable job waits for a worker (queue overhead, not model time).

Tiny models, a real Redis (``WARTA_REDIS_URL``, default the local one), a SQLite store, one real
``warta worker`` process and the real API (Flask's test client, same code as gunicorn runs). 100 jobs
are queued at once; since one worker runs them one after another, a job's latency is counted from the
moment it could start: the later of its submission and the end of the job the worker ran before it.
A second pass submits jobs one at a time to an idle worker (plain submit-to-start).

    .venv/bin/python benchmarks/queue/latency.py [--jobs 100]
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.queue.sync_speed import tiny_settings
from benchmarks.tiny_models import make_tiny_models
from service.app import create_app
from workers.benchmark import percentile
from workers.store.jobs import JobStore

ARTICLE = {"text": "Presiden Rusia tiba di Pyongyang pada Selasa. Ia disambut di bandara oleh pejabat."}


def wait_all(store: JobStore, ids: list[str], timeout: float = 600) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if all(store.get_job(i).status in ("succeeded", "failed") for i in ids):
            return
        time.sleep(0.2)
    raise TimeoutError("jobs did not finish")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--jobs", type=int, default=100)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="warta-latency-"))
    models = make_tiny_models(folder / "models")
    settings = tiny_settings(folder, models, "latency", sum_model=str(models["summarization"]), mt_beams=1)
    client = create_app(settings).test_client()
    store = JobStore(settings.effective_database_url)
    env = {**os.environ, **settings.to_env(), "HF_HUB_OFFLINE": "1"}
    worker = subprocess.Popen([sys.executable, "-m", "service.cli", "worker"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:

        def submit() -> str:
            body = {"articles": [ARTICLE], "tasks": ["translate"]}
            return client.post("/v1/jobs", json=body).get_json()["id"]

        warm = submit()
        wait_all(store, [warm])  # the worker has loaded its models
        ids = [submit() for _ in range(args.jobs)]
        wait_all(store, ids)
        jobs = sorted((store.get_job(i) for i in ids), key=lambda j: j.started_at)
        queued = [1000 * (jobs[0].started_at - jobs[0].created_at).total_seconds()]
        for before, job in itertools.pairwise(jobs):
            ready = max(job.created_at, before.finished_at)
            queued.append(1000 * (job.started_at - ready).total_seconds())
        idle = []
        for _ in range(20):
            one = submit()
            wait_all(store, [one])
            job = store.get_job(one)
            idle.append(1000 * (job.started_at - job.created_at).total_seconds())
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    for name, values in (("queued at once", queued), ("one at a time, idle worker", idle)):
        print(f"{name}: {len(values)} jobs, submit-to-start p50 {statistics.median(values):.1f} ms, "
              f"p95 {percentile(values, 95):.1f} ms, max {max(values):.1f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
