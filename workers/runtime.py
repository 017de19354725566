"""What one worker process keeps between jobs: its settings, job store and models.

RQ calls ``workers.jobs.run_job`` with nothing but a job id, so the process-wide runtime is where the
models loaded at start-up wait for the next job. Its glossary store keeps the versions it last parsed,
and ``workers.matchers`` the matchers built from them, so a job on a 50,000-term glossary parses and
builds nothing its version's first job did not.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass, field

from redis import Redis

from workers.models import ModelRegistry
from workers.queue import connect, memory_prefix, metrics_prefix
from workers.settings import Settings
from workers.store.glossaries import GlossaryStore
from workers.store.jobs import JobStore
from workers.telemetry import Telemetry
from workers.translation_memory import MemoryStore, NoMemory, RedisMemory


@dataclass
class Runtime:
    settings: Settings
    store: JobStore
    models: ModelRegistry
    glossaries: GlossaryStore
    memory: MemoryStore
    telemetry: Telemetry
    redis: Redis
    name: str = field(default_factory=lambda: f"{socket.gethostname()}.{os.getpid()}")
    # The job this worker runs now, named before it is claimed (see JobStore.requeue_orphans).
    running: str | None = None

    @classmethod
    def create(cls, settings: Settings) -> Runtime:
        store = JobStore(settings.effective_database_url)
        redis = connect(settings)
        memory: MemoryStore = (
            RedisMemory(redis, settings.tm_entries, memory_prefix(settings))
            if settings.tm_entries > 0
            else NoMemory()
        )
        return cls(
            settings, store, ModelRegistry(settings), GlossaryStore(store.engine), memory,
            Telemetry(redis, metrics_prefix(settings)), redis,
        )  # fmt: skip


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
