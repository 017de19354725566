"""A bounded load test on loopback: 500 jobs from 20 concurrent clients, 2 real workers.

Keys are required and each client has its own, so the load passes through authentication and the
per-key rate limits (25 submissions a client, under the default 60 a minute) as it would in service.
"""

from __future__ import annotations

import dataclasses
import statistics
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from sqlalchemy import func, select

from service.app import create_app
from tests.helpers import LiveServer
from workers.settings import Settings
from workers.store.job_tables import attempts
from workers.store.jobs import JobStore

pytestmark = pytest.mark.integration
JOBS, CLIENTS = 500, 20


@pytest.fixture
def keyed_server(settings, database_url):
    defaults = Settings()
    limits = {"rate_limit": defaults.rate_limit, "submit_rate_limit": defaults.submit_rate_limit}
    settings = dataclasses.replace(settings, database_url=database_url, require_api_key=True, **limits)
    app = create_app(settings)
    tokens = [app.extensions["warta.keys"].create(f"client {i}")[1] for i in range(CLIENTS)]
    with LiveServer(app) as server:
        yield server, settings, tokens
    app.extensions["warta.store"].close()


def test_500_jobs_from_20_clients_all_finish_once_without_a_5xx(keyed_server, start_worker, capsys):
    server, settings, tokens = keyed_server
    workers = [start_worker(settings), start_worker(settings)]
    session_of: dict[int, requests.Session] = {}

    def post(i: int) -> tuple[int, float, str]:
        if i % CLIENTS not in session_of:
            session_of[i % CLIENTS] = requests.Session()
            session_of[i % CLIENTS].headers["Authorization"] = f"Bearer {tokens[i % CLIENTS]}"
        session = session_of[i % CLIENTS]
        body = {
            "articles": [{"text": f"Harga beras naik {i} persen di Jakarta pada Selasa."}],
            "tasks": ["translate"],
        }
        started = time.perf_counter()
        response = session.post(f"{server.url}/v1/jobs", json=body, timeout=60)
        return response.status_code, time.perf_counter() - started, response.json().get("id", "")

    began = time.perf_counter()
    with ThreadPoolExecutor(CLIENTS) as pool:
        answers = list(pool.map(post, range(JOBS)))
    assert [code for code, _, _ in answers if code != 202] == []
    ids = [job_id for _, _, job_id in answers]
    store = JobStore(settings.database_url)
    deadline = time.monotonic() + 300
    while (counts := store.count_by_status()).get("succeeded", 0) < JOBS:
        assert time.monotonic() < deadline, (counts, workers[0].output()[-2000:])
        assert not counts.get("failed"), workers[0].output()[-2000:]
        time.sleep(0.5)
    seconds = time.perf_counter() - began
    with store.engine.connect() as conn:
        runs = conn.execute(
            select(func.count()).select_from(attempts).where(attempts.c.job_id.in_(ids))
        ).scalar()
    store.close()
    assert runs == JOBS, "every job ran exactly once"
    latencies = sorted(s for _, s, _ in answers)
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    rate, p50 = JOBS / seconds, 1000 * statistics.median(latencies)
    store_kind = settings.database_url.split(":")[0]
    with capsys.disabled():
        print(f"\nload ({store_kind}): {JOBS} jobs, {CLIENTS} clients with a key each, 2 workers: "
              f"{rate:.1f} jobs/s end to end, submit p50 {p50:.0f} ms, p95 {1000 * p95:.0f} ms")  # fmt: skip
