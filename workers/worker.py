"""``warta worker``: load the models once, then run jobs from the queue in this process.

RQ's default worker forks a child per job, which would either reload every model per job or rely on
torch surviving a fork with its thread pools. ``SimpleWorker`` runs jobs in the process that loaded
the models, so the second job costs no load at all.
"""

from __future__ import annotations

import ctypes
import logging
import os
import signal
import sys
from types import FrameType

from rq import SimpleWorker

from workers import logs, runtime
from workers.queue import benchmark_queue, sync_queue
from workers.reconciler import Watchman, reconcile
from workers.settings import Settings

log = logging.getLogger(__name__)


MALLOC_ARENAS = 2
_M_ARENA_MAX = -8  # glibc's mallopt parameter number


def limit_malloc_arenas(arenas: int = MALLOC_ARENAS) -> bool:
    """Cap glibc's malloc arenas before the engines start their threads.

    Each CTranslate2 replica thread would otherwise get its own arena, and freed decoding buffers stay
    in them: measured on the five samples with both int8 models, peak RSS 846 MB by default, 770 MB with
    two arenas, at no measurable speed cost on 2 cores. The same as ``MALLOC_ARENA_MAX=2``, which wins
    when set. False where the C library is not glibc.
    """
    if "MALLOC_ARENA_MAX" in os.environ:
        return False
    try:
        return bool(ctypes.CDLL("libc.so.6").mallopt(_M_ARENA_MAX, arenas))
    except (OSError, AttributeError):
        return False


def run_worker(settings: Settings, *, burst: bool = False) -> None:
    logs.configure(settings.log_level, settings.log_format)
    limit_malloc_arenas()
    rt = runtime.Runtime.create(settings)
    runtime.install(rt)
    for role, reason in rt.models.preload().items():
        print(f"warta worker: model_unavailable: {reason}", file=sys.stderr, flush=True)
        log.error("%s jobs will fail with model_unavailable until the model can be loaded", role)
    rt.telemetry.models_loaded(rt.models.load_seconds)
    connection = rt.redis
    # Until RQ installs its own handlers, SIGTERM too unwinds through ``finally``: a worker stopped while
    # starting says it has left, as one stopped between jobs does.
    signal.signal(signal.SIGTERM, _stop_starting)
    # The first beat comes after every model was tried: /readyz never counts this worker as able to
    # translate before it has loaded the model, and one that could not load it says so.
    rt.store.beat(rt.name, rt.models.availability())
    watchman = Watchman(rt.store, connection, settings, rt.name, running_now=lambda: rt.running,
                        models=rt.models.availability)  # fmt: skip
    try:
        reconcile(rt.store, connection, settings)
        watchman.start()
        # Article jobs first: RQ takes from the benchmark queue only when no article job waits.
        queues = [sync_queue(settings), settings.queue, benchmark_queue(settings)]  # served in this order
        worker = SimpleWorker(queues, connection=connection, name=rt.name)
        log.info("worker %s listening on queue %r", rt.name, settings.queue)
        worker.work(burst=burst, logging_level=settings.log_level.upper())
    finally:
        watchman.stop()


def _stop_starting(_signum: int, _frame: FrameType | None) -> None:
    raise SystemExit(0)
