"""What one worker process keeps between jobs: its settings, job store and models.

RQ calls ``workers.jobs.run_job`` with nothing but a job id, so the process-wide runtime is where the
models loaded at start-up wait for the next job.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass, field

from service.settings import Settings
from service.store import JobStore
from workers.models import ModelRegistry


@dataclass
class Runtime:
    settings: Settings
    store: JobStore
    models: ModelRegistry
    name: str = field(default_factory=lambda: f"{socket.gethostname()}.{os.getpid()}")

    @classmethod
    def create(cls, settings: Settings) -> Runtime:
        return cls(settings, JobStore(settings.effective_database_url), ModelRegistry(settings))


_current: Runtime | None = None


def install(runtime: Runtime) -> None:
    global _current
    _current = runtime


def current() -> Runtime:
    """The process's runtime, created from the environment by a worker that did not preload one."""
    global _current
    if _current is None:
        _current = Runtime.create(Settings.from_env())
    return _current
