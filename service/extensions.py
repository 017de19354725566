"""The app's services, each reached through one typed accessor (flaskr's ``get_db()``).

``create_app`` puts them in ``app.extensions``; views ask here instead of repeating string keys.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Flask, current_app
from flask_limiter import Limiter
from redis import Redis

from workers.settings import Settings
from workers.store.api_keys import KeyStore
from workers.store.benchmarks import BenchmarkStore
from workers.store.documents import DocumentStore
from workers.store.glossaries import GlossaryStore
from workers.store.jobs import JobStore

if TYPE_CHECKING:  # rate_limits reads the request's owner from auth, which reads these accessors
    from service.rate_limits import AuthFailures

SETTINGS, STORE, GLOSSARIES = "warta.settings", "warta.store", "warta.glossaries"
BENCHMARKS, KEYS, REDIS = "warta.benchmarks", "warta.keys", "warta.redis"
LIMITER, AUTH_FAILURES, DOCUMENTS = "warta.limiter", "warta.auth_failures", "warta.documents"


def install(app: Flask, settings: Settings, redis: Redis) -> None:
    store = JobStore(settings.effective_database_url)
    app.extensions.update({
        SETTINGS: settings, STORE: store, GLOSSARIES: GlossaryStore(store.engine),
        BENCHMARKS: BenchmarkStore(store.engine), KEYS: KeyStore(store.engine), REDIS: redis,
        DOCUMENTS: DocumentStore(store.engine, settings.document_ttl_hours),
    })  # fmt: skip


def install_limits(app: Flask, limiter: Limiter, failures: AuthFailures) -> None:
    app.extensions.update({LIMITER: limiter, AUTH_FAILURES: failures})


def settings() -> Settings:
    return current_app.extensions[SETTINGS]  # type: ignore[no-any-return]


def job_store() -> JobStore:
    return current_app.extensions[STORE]  # type: ignore[no-any-return]


def glossaries() -> GlossaryStore:
    return current_app.extensions[GLOSSARIES]  # type: ignore[no-any-return]


def benchmarks() -> BenchmarkStore:
    return current_app.extensions[BENCHMARKS]  # type: ignore[no-any-return]


def documents() -> DocumentStore:
    """Uploaded documents and their translations, on the job store's database."""
    return current_app.extensions[DOCUMENTS]  # type: ignore[no-any-return]


def keys() -> KeyStore:
    return current_app.extensions[KEYS]  # type: ignore[no-any-return]


def redis() -> Redis:
    return current_app.extensions[REDIS]  # type: ignore[no-any-return]


def auth_failures() -> AuthFailures:
    return current_app.extensions[AUTH_FAILURES]  # type: ignore[no-any-return]
