"""A small client of Warta's HTTP API, for ``warta submit`` and ``warta jobs`` and for scripts.

Submissions carry an ``Idempotency-Key`` and are retried on connection errors and 429/503 answers
(after ``Retry-After``), so a flaky network never queues a job twice.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import requests

from workers.contract.enums import JobStatus

RETRIES = 4
FINISHED = ("succeeded", "failed", "canceled")


class ApiError(Exception):
    """An answer the client cannot go on from: its status and problem details."""

    def __init__(self, status: int, problem: dict[str, Any]) -> None:
        self.status, self.problem = status, problem
        where = f" ({problem['field']})" if problem.get("field") else ""
        super().__init__(f"{status} {problem.get('code', 'error')}{where}: {problem.get('detail', '')}")


def percent(job: dict[str, Any]) -> int:
    """How far a job is, as every view of it says (the web page, ``warta submit`` and ``warta jobs``): 100
    only once it has succeeded, since quality checks and digests follow the last batch."""
    if job["status"] == JobStatus.SUCCEEDED:
        return 100
    progress = job["progress"]
    return min(99, 100 * progress["done"] // progress["total"]) if progress["total"] else 0


def article_from_file(path: Path) -> dict[str, str]:
    """An article from a ``.txt`` or ``.html`` file; its id is the file name without extension."""
    body = path.read_text(encoding="utf-8")
    kind = "html" if path.suffix.lower() in (".html", ".htm") else "text"
    return {"id": path.stem, kind: body}


class Client:
    def __init__(self, server: str, api_key: str = "", timeout: float = 60.0) -> None:
        self.server, self.timeout = server.rstrip("/"), timeout
        self.session = requests.Session()
        if api_key:
            self.session.headers["Authorization"] = f"Bearer {api_key}"

    def submit(self, body: dict[str, Any]) -> dict[str, Any]:
        key = uuid.uuid4().hex
        return self._call("POST", "/v1/jobs", json=body, headers={"Idempotency-Key": key}).json()

    def job(self, job_id: str) -> dict[str, Any]:
        return self._call("GET", f"/v1/jobs/{job_id}").json()

    def jobs(
        self, status: str | None = None, limit: int = 50, search: str | None = None, since: str | None = None
    ) -> list[dict[str, Any]]:
        """The newest page of your jobs; ``search`` and ``since`` are ``q`` and ``created_after``."""
        given = {"status": status, "q": search, "created_after": since}
        params = {"limit": limit, **{name: value for name, value in given.items() if value}}
        return self._call("GET", "/v1/jobs", params=params).json()["jobs"]

    def wait(
        self, job_id: str, on_progress: Callable[[dict[str, Any]], None], poll: float = 0.5
    ) -> dict[str, Any]:
        while True:
            job = self.job(job_id)
            on_progress(job)
            if job["status"] in FINISHED:
                return job
            time.sleep(poll)

    def download(self, job_id: str, fmt: str, directory: Path) -> Path:
        """The result in ``fmt``, written under the name the server gives it."""
        response = self._call("GET", f"/v1/jobs/{job_id}/result", params={"format": fmt})
        disposition = response.headers.get("Content-Disposition", "")
        name = disposition.partition('filename="')[2].rstrip('"') or f"warta-{job_id}.{fmt}"
        directory.mkdir(parents=True, exist_ok=True)
        target = directory / Path(name).name
        target.write_bytes(response.content)
        return target

    def _call(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        for attempt in range(RETRIES + 1):
            try:
                response = self.session.request(method, self.server + path, timeout=self.timeout, **kwargs)
            except requests.ConnectionError:
                if attempt == RETRIES:
                    raise
                time.sleep(2**attempt)
                continue
            if response.status_code in (429, 503) and attempt < RETRIES:
                time.sleep(float(response.headers.get("Retry-After", 2**attempt)))
                continue
            if response.status_code >= 400:
                try:
                    problem = response.json()
                except ValueError:
                    problem = {"detail": response.text[:200]}
                raise ApiError(response.status_code, problem)
            return response
        raise AssertionError("unreachable")
