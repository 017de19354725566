"""Fixtures: tiny real models, a real Redis, SQLite and PostgreSQL stores, live servers, workers.

Nothing here is mocked. Models are built by ``warta models make-tiny`` (real transformers classes,
random weights); Redis is a real ``redis-server`` started for the session, or the one named by
``WARTA_TEST_REDIS_URL``; PostgreSQL is ``WARTA_TEST_POSTGRES_URL`` (default: the local server), each
test in a schema of its own. PostgreSQL tests skip, saying why, where no server answers.
"""

from __future__ import annotations

import dataclasses
import os
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from service.app import create_app
from service.embedded import EmbeddedRedis
from tests.helpers import LiveServer, WorkerProcess, child_env, warta_command
from workers.settings import BACKENDS, Settings

POSTGRES_URL = os.environ.get("WARTA_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")


pytest_plugins = ["tests.browser_fixtures"]


@pytest.fixture(scope="session")
def tiny_models(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    target = tmp_path_factory.mktemp("tiny-models")
    subprocess.run(
        warta_command("models", "make-tiny", str(target)),
        check=True,
        env=child_env(),
        capture_output=True,
        timeout=300,
    )
    # CTranslate2 copies are made on first use into this cache, as a worker does in service.
    return {"mt_model": str(target / "marian"), "sum_model": str(target / "mt5"),
            "model_cache": str(target / "ct2-cache")}  # fmt: skip


@pytest.fixture(scope="session")
def tiny_pair_models(tiny_models: dict[str, str]) -> dict[str, str]:
    """The language-token families ``make-tiny`` builds beside the id→en Marian: a second one-pair Marian
    (en→es), a multi-target Marian (``>>spa<<``), NLLB-200 and M2M-100 style many-to-many models."""
    root = Path(tiny_models["mt_model"]).parent
    return {name: str(root / name) for name in ("marian-en-es", "marian-en-mul", "nllb", "m2m100")}


@pytest.fixture
def spanish_served(
    settings: Settings, start_worker: Any, tiny_pair_models: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[str, str, Any]]:
    """A live API serving id→en and en→es (the tiny second Marian), a key and a worker: (url, key, app).
    DeepL's client retries a 5xx for many seconds; here it fails at once."""
    import deepl

    monkeypatch.setattr(deepl.http_client, "max_network_retries", 0)
    settings = dataclasses.replace(
        settings, sync_timeout=120.0, mt_models=f"en-es={tiny_pair_models['marian-en-es']}"
    )
    app = create_app(settings)
    _, key = app.extensions["warta.keys"].create("pairs")
    start_worker(settings)
    with LiveServer(app) as server:
        yield server.url, key, app
    app.extensions["warta.store"].close()


@pytest.fixture(scope="module", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """Runs a test module's model tests on each engine: both must pass the same tests."""
    return str(request.param)


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if os.environ.get("WARTA_TEST_REDIS_URL"):
        yield os.environ["WARTA_TEST_REDIS_URL"]
        return
    server = EmbeddedRedis(tmp_path_factory.mktemp("redis")).start()
    yield server.url
    server.stop()


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A schema of its own on the PostgreSQL server, dropped afterwards."""
    base = Settings(database_url=POSTGRES_URL).effective_database_url
    schema = f"warta_test_{uuid.uuid4().hex[:12]}"
    engine = create_engine(base)
    try:
        with engine.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except OperationalError as error:
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_URL}: {error.orig}")
    yield f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    with engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'warta.db'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def settings(tiny_models: dict[str, str], redis_url: str, tmp_path: Path) -> Settings:
    """SQLite store, a queue of this test's own on the shared Redis, the tiny models; no rate limits
    (tests poll fast), except where a test turns them on."""
    return Settings(
        redis_url=redis_url,
        database_url=f"sqlite:///{tmp_path / 'warta.db'}",
        data_dir=str(tmp_path),
        queue=f"test-{uuid.uuid4().hex[:8]}",
        mt_beams=2,
        sum_beams=2,
        sum_max_tokens=24,
        rate_limit="",
        submit_rate_limit="",
        auth_failure_limit="",
        **tiny_models,
    )


@pytest.fixture
def app(settings: Settings) -> Any:
    app = create_app(settings)
    app.config["TESTING"] = True
    yield app
    app.extensions["warta.store"].close()


@pytest.fixture
def client(app: Any) -> Any:
    return app.test_client()


@pytest.fixture
def start_worker(tmp_path: Path) -> Iterator[Any]:
    workers: list[WorkerProcess] = []

    def start(settings: Settings) -> WorkerProcess:
        worker = WorkerProcess(settings, tmp_path / f"worker-{len(workers)}.log")
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.stop()


@pytest.fixture
def served_with(settings: Settings, start_worker: Any) -> Iterator[Any]:
    """``served_with(**changes)``: a test client, its app and a live worker on the test's settings with
    ``changes``: for answers a worker makes while the client waits (``/v1/translate`` and the rest)."""
    apps = []

    def serve(**changes: Any) -> tuple[Any, Any, WorkerProcess]:
        changed = dataclasses.replace(settings, **{"sync_timeout": 120.0, **changes})
        apps.append(app := create_app(changed))
        return app.test_client(), app, start_worker(changed)

    yield serve
    for app in apps:
        app.extensions["warta.store"].close()


@pytest.fixture
def served(served_with: Any) -> tuple[Any, Any, WorkerProcess]:
    return served_with()


@pytest.fixture
def live_app(settings: Settings, database_url: str) -> Iterator[tuple[LiveServer, Settings]]:
    """The API on a real port over the parametrized store."""
    settings = dataclasses.replace(settings, database_url=database_url)
    app = create_app(settings)
    with LiveServer(app) as server:
        yield server, settings
    app.extensions["warta.store"].close()


@pytest.fixture(scope="session")
def tiny_comet(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """``(comet-score, tiny checkpoint)`` from the COMET environment ``make test`` builds beside .venv."""
    env = Path(os.environ.get("WARTA_TEST_COMET_ENV", Path(__file__).parents[1] / ".venv-comet"))
    if not (env / "bin" / "comet-score").exists():
        pytest.skip(f"no unbabel-comet environment at {env}: `make test` builds it")
    target = tmp_path_factory.mktemp("tiny-comet")
    builder = Path(__file__).parents[1] / "benchmarks" / "quality" / "make_tiny_comet.py"
    subprocess.run([str(env / "bin" / "python"), str(builder), str(target)], check=True, capture_output=True,
                   timeout=300)  # fmt: skip
    return str(env / "bin" / "comet-score"), str(target / "checkpoints" / "model.ckpt")
