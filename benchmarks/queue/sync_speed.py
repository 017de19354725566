"""What the synchronous path adds to the model's time, and what shared batches buy under load.

Tiny models, a real Redis (``WARTA_REDIS_URL``, default the local one), a SQLite store, one real
``warta worker`` process and the real API under gunicorn (``warta serve``, as deployed). The translation
memory is off, so every sentence reaches the model; ``Server-Timing`` says how long it took there.

1. One client sends ``--sequential`` single sentences one after another: the p50/p95 of (answer time as
   the client sees it − model time) is what queueing, Redis, Flask and the pipeline add.
2. ``--clients`` clients send single sentences at once, first with ``WARTA_SYNC_BATCH=1`` (each request
   alone) and then with the default (requests waiting together share a batch): errors, answers that are
   not the right one for their request (each names its own country, whose term must come back), and
   throughput.

    .venv/bin/python benchmarks/queue/sync_speed.py [--sequential 200] [--clients 20] [--each 10]
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import requests

from benchmarks.tiny_models import make_tiny_models
from glossary.default import default_glossary
from workers.benchmark import percentile
from workers.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
FLORES = ROOT.parent / "shared" / "data" / "flores200-devtest" / "ind_Latn.devtest"
TINY_CORPUS = ROOT / "benchmarks" / "tiny_corpus"


def sentences(n: int) -> list[str]:
    """Distinct Indonesian sentences: FLORES-200 where ../shared is beside the repo, else the corpus the
    tiny models were trained on, numbered so none repeats."""
    if FLORES.exists():
        lines = [line.strip() for line in FLORES.read_text(encoding="utf-8").splitlines() if line.strip()]
    else:
        lines = [
            line.strip() for p in sorted(TINY_CORPUS.glob("*.txt")) for line in p.read_text().splitlines()
        ]
        lines = [line for line in lines if len(line.split()) > 3]
    return [lines[i % len(lines)] + ("" if i < len(lines) else f" ({i})") for i in range(n)]


def tagged(n: int) -> list[tuple[str, str]]:
    """Sentences that each name a different country of the default glossary, with that country's term
    id: the answer's terms say whose request it answers, whatever batch the sentence was decoded in (a
    batch changes a tiny random model's words through padding, never which request gets which)."""
    countries = [t for t in default_glossary().terms if t.id.startswith("country-")]
    picked = [countries[i % len(countries)] for i in range(n)]
    return [
        (f"Presiden {c.sources[0]} tiba di Jakarta pada hari ke-{i}.", c.id) for i, c in enumerate(picked)
    ]


def tiny_settings(folder: Path, models: dict[str, Path], name: str, **changes: Any) -> Settings:
    """A deployment of the tiny translation model on a queue of its own: SQLite in ``folder``, the local
    Redis (or ``WARTA_REDIS_URL``), the translation memory and the rate limits off, since the queue
    benchmarks measure the path, not the memory or the limits."""
    return Settings(**{
        "redis_url": os.environ.get("WARTA_REDIS_URL", "redis://127.0.0.1:6379/0"),
        "database_url": f"sqlite:///{folder / 'warta.db'}", "data_dir": str(folder),
        "queue": f"{name}-{uuid.uuid4().hex[:6]}", "mt_model": str(models["translation"]), "sum_model": "",
        "model_cache": str(folder / "ct2"), "tm_entries": 0, "rate_limit": "", "submit_rate_limit": "",
        **changes,
    })  # fmt: skip


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def timing(header: str) -> dict[str, float]:
    parts = (item.strip().split(";dur=") for item in header.split(",") if ";dur=" in item)
    return {name: float(value) / 1000 for name, value in parts}


class Deployment:
    """A worker and the API under gunicorn, both real processes, on one queue of their own."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.url = f"http://127.0.0.1:{settings.port}"
        env = {**os.environ, **settings.to_env(), "HF_HUB_OFFLINE": "1"}
        self.log = Path(settings.data_dir) / f"deployment-{settings.port}.log"
        out = self.log.open("wb")
        logged = {"stdout": out, "stderr": subprocess.STDOUT}
        self.api = subprocess.Popen([sys.executable, "-m", "service.cli", "serve"], env=env, **logged)
        self.worker = subprocess.Popen([sys.executable, "-m", "service.cli", "worker"], env=env, **logged)
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{self.url}/readyz", timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.5)
        self.stop()
        raise TimeoutError(f"the API or the worker did not get ready: see {self.log}")

    def translate(self, session: requests.Session, text: str) -> tuple[str, float, dict[str, float]]:
        started = time.perf_counter()
        answered = session.post(f"{self.url}/v1/translate", json={"text": text}, timeout=120)
        elapsed = time.perf_counter() - started
        answered.raise_for_status()
        return answered.json()["translations"][0]["text"], elapsed, timing(answered.headers["Server-Timing"])

    def stop(self) -> None:
        for process in (self.api, self.worker):
            process.terminate()
            process.wait(timeout=30)


def sequential(deployment: Deployment, texts: list[str]) -> None:
    session = requests.Session()
    deployment.translate(session, "Pemanasan model.")  # the first request pays for nothing of note
    overhead, model = [], []
    for text in texts:
        _made, elapsed, spent = deployment.translate(session, text)
        overhead.append(elapsed - spent["model"])
        model.append(spent["model"])
    print(f"sequential: {len(texts)} requests, one sentence each")
    print(f"  model time      p50 {statistics.median(model) * 1000:6.1f} ms")
    print(f"  answer − model  p50 {statistics.median(overhead) * 1000:6.1f} ms   "
          f"p95 {percentile(overhead, 95) * 1000:6.1f} ms   (floor: p95 under 50 ms)")  # fmt: skip


def concurrent(deployment: Deployment, load: list[tuple[str, str]], clients: int) -> str:
    errors, wrong = 0, 0

    def client(mine: list[tuple[str, str]]) -> None:
        nonlocal errors, wrong
        session = requests.Session()
        for text, term_id in mine:
            try:
                answered = session.post(f"{deployment.url}/v1/translate", json={"text": text}, timeout=120)
                answered.raise_for_status()
            except requests.RequestException:
                errors += 1
                continue
            [translation] = answered.json()["translations"]
            wrong += term_id not in {term["term_id"] for term in translation["terms"]}

    chunks = [load[i::clients] for i in range(clients)]
    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(client, chunks))
    elapsed = time.perf_counter() - started
    return (f"{len(load) / elapsed:7.1f} req/s   errors {errors}   answers to another request {wrong}   "
            f"wall {elapsed:5.1f} s")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sequential", type=int, default=200)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--each", type=int, default=10, help="sentences per client in the concurrent pass")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="warta-sync-"))
    models = make_tiny_models(folder / "models")
    texts = sentences(args.sequential)
    base = tiny_settings(folder, models, "sync", port=free_port(), mt_beams=1, log_level="WARNING")
    rows = []
    load = tagged(args.clients * args.each)
    passes = (("each alone (WARTA_SYNC_BATCH=1)", 1), ("shared batches (default)", base.sync_batch))
    for n, (label, batch) in enumerate(passes):
        deployment = Deployment(dataclasses.replace(base, sync_batch=batch, port=free_port()))
        try:
            if n == 0:
                sequential(deployment, texts)
            rows.append(f"  {label:34} {concurrent(deployment, load, args.clients)}")
        finally:
            deployment.stop()
    print(f"concurrent: {args.clients} clients, {args.each} single sentences each")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
