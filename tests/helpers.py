"""Helpers shared by the tests: the real `warta` command, live servers, worker processes, polling."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import requests
from werkzeug.serving import make_server

from workers.settings import Settings

BIN = Path(sys.executable).parent


def warta_command(*args: str) -> list[str]:
    """The installed ``warta`` entry point, as a user would run it."""
    return [str(BIN / "warta"), *args]


def child_env(settings: Settings | None = None, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WARTA_")}
    env.update({"HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false", "PYTHONUNBUFFERED": "1"})
    if settings:
        env.update(settings.to_env())
    env.update(extra)
    return env


class LiveServer:
    def __init__(self, app: Any) -> None:
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.server.shutdown()


class WorkerProcess:
    """``warta worker`` as a real subprocess; its log is kept for the failure report."""

    def __init__(self, settings: Settings, log_path: Path) -> None:
        self.log_path = log_path
        self.log = log_path.open("wb")
        self.process = subprocess.Popen(
            warta_command("worker"), env=child_env(settings), stdout=self.log, stderr=subprocess.STDOUT
        )

    def output(self) -> str:
        self.log.flush()
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def wait_for_job(base_url: str, job_id: str, timeout: float = 240.0) -> dict[str, Any]:
    """Poll until the job has finished; returns its last status document."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = requests.get(f"{base_url}/v1/jobs/{job_id}", timeout=10).json()
        if job["status"] in ("succeeded", "failed", "canceled"):
            return job
        time.sleep(0.25)
    raise AssertionError(f"job {job_id} did not finish in {timeout:.0f}s: {job}")
