"""The pairs this deployment serves, as the API sees them: what live workers report.

Every worker says at each heartbeat which routes (model, sources, targets) it can translate; the API
serves their union, so ``/v2/languages``, LibreTranslate's ``/languages`` and the refusal of an unserved
pair say what running workers can do. Before any worker has reported a route (none started yet, or
none could load a model), the configured table stands in, as far as the API can read the models' cards:
a job is then queued, as it always was, and fails or waits there rather than being refused on a guess.

The answer is kept for a few seconds per API process: a DeepL client asks for the language list
before nearly every call.
"""

from __future__ import annotations

import threading
import time
from datetime import timedelta
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from service import extensions
from workers.contract.limits import Limits
from workers.model_card import local_card
from workers.model_table import ModelTable, ServedPairs, configured_routes
from workers.store.engine import utcnow

KEEP_SECONDS = 5.0
_kept: dict[str, tuple[float, ServedPairs]] = {}
_lock = threading.Lock()


def served_pairs() -> ServedPairs:
    settings = extensions.settings()
    key = f"{settings.database_url}|{settings.mt_model}|{settings.mt_models}"
    with _lock:
        found = _kept.get(key)
        if found and time.monotonic() - found[0] < KEEP_SECONDS:
            return found[1]
    served = _reported() or configured_routes(ModelTable.from_settings(settings), local_card)
    with _lock:
        _kept[key] = (time.monotonic(), served)
    return served


def forget() -> None:
    """Read the workers' reports again at the next call (tests that start and stop workers)."""
    with _lock:
        _kept.clear()


def _reported() -> ServedPairs | None:
    settings = extensions.settings()
    try:
        reports = extensions.job_store().live_models(utcnow() - timedelta(seconds=settings.worker_timeout))
    except SQLAlchemyError:
        return None
    served = ServedPairs.union(ServedPairs.from_json(r.get("pairs")) for r in reports if isinstance(r, dict))
    return served if served.routes else None


def request_context() -> dict[str, Any]:
    """The validation context of a request that translates: the caps, and the pairs served."""
    return {**Limits.of(extensions.settings()).context(), "served": served_pairs()}
