"""`warta up` with nothing configured: embedded Redis, SQLite, API and worker, stopped by Ctrl-C."""

from __future__ import annotations

import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest
import requests

from tests.helpers import child_env, wait_for_job, warta_command

pytestmark = pytest.mark.integration


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_health(url: str, process: subprocess.Popen, log: Path, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text()
        try:
            if requests.get(f"{url}/healthz", timeout=2).json() == {"status": "ok"}:
                return
        except (requests.ConnectionError, requests.Timeout):
            pass  # not listening yet, or listening while its workers still boot
        time.sleep(0.3)
    raise AssertionError(f"/healthz never answered:\n{log.read_text()}")


def test_up_runs_a_job_end_to_end_and_stops_cleanly(tiny_models, tmp_path):
    port = free_port()
    env = child_env(
        WARTA_PORT=str(port),
        WARTA_MT_MODEL=tiny_models["mt_model"],
        WARTA_MODEL_CACHE=tiny_models["model_cache"],
        WARTA_SUM_MODEL=tiny_models["sum_model"],
        WARTA_MT_BEAMS="2",
        WARTA_SUM_BEAMS="2",
    )
    log = tmp_path / "up.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            warta_command("up"), cwd=tmp_path, env=env, stdout=out, stderr=subprocess.STDOUT
        )
        try:
            url = f"http://127.0.0.1:{port}"
            wait_for_health(url, process, log)
            body = {"articles": [{"text": "Presiden tiba di Jakarta. Ia disambut warga."}]}
            job = requests.post(f"{url}/v1/jobs", json=body, timeout=10).json()
            assert wait_for_job(url, job["id"])["status"] == "succeeded", log.read_text()
            result = requests.get(f"{url}/v1/jobs/{job['id']}/result", timeout=10).json()
            assert len(result["articles"][0]["paragraphs"][0]) == 2
        finally:
            process.send_signal(signal.SIGINT)
            code = process.wait(timeout=60)
    assert code == 0, log.read_text()
    data = tmp_path / "warta-data"
    assert (data / "warta.db").exists()
    assert (data / "redis" / "appendonlydir").is_dir() or (data / "redis" / "appendonly.aof").exists()
    with pytest.raises(requests.ConnectionError):
        requests.get(f"http://127.0.0.1:{port}/healthz", timeout=2)


def test_serve_runs_the_api_under_gunicorn(settings, tmp_path):
    port = free_port()
    log = tmp_path / "serve.log"
    env = child_env(settings, WARTA_PORT=str(port), WARTA_WEB_WORKERS="1")
    with log.open("wb") as out:
        process = subprocess.Popen(warta_command("serve"), env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            url = f"http://127.0.0.1:{port}"
            wait_for_health(url, process, log)
            response = requests.post(f"{url}/v1/jobs", json={"articles": [{"text": "Halo."}]}, timeout=10)
            assert response.status_code == 202
            # gunicorn refuses these itself, before the app: its own answers are problems too, not HTML.
            for refused, field in [(requests.get(f"{url}/v1/jobs/{'x' * 9000}", timeout=10), "url"),
                                   (requests.get(f"{url}/v1/jobs", headers={"X-Big": "b" * 9000}, timeout=10),
                                    "headers")]:  # fmt: skip
                assert refused.status_code in (414, 431, 400), refused.text
                assert refused.headers["Content-Type"] == "application/problem+json", refused.text
                assert refused.json()["field"] == field and refused.json()["status"] == refused.status_code
        finally:
            process.terminate()
            process.wait(timeout=30)
    assert "gunicorn" in log.read_text().lower()
