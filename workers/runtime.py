"""What one worker process keeps between jobs: its settings, job store and models.

RQ calls ``workers.jobs.run_job`` with nothing but a job id, so the process-wide runtime is where the
models loaded at start-up wait for the next job.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass, field

from service.glossary_store import GlossaryStore
from service.settings import Settings
from service.store import JobStore
from workers.models import ModelRegistry


@dataclass
class Runtime:
    settings: Settings
    store: JobStore
    models: ModelRegistry
    glossaries: GlossaryStore
    name: str = field(default_factory=lambda: f"{socket.gethostname()}.{os.getpid()}")

    @classmethod
    def create(cls, settings: Settings) -> Runtime:
        store = JobStore(settings.effective_database_url)
        return cls(settings, store, ModelRegistry(settings), GlossaryStore(store.engine))


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
