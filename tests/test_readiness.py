"""``/readyz``: ready only when Redis, the job store and a worker answer, and live workers have loaded a
model for every role (a worker that beats but cannot load its models would fail every job)."""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path
from typing import Any

from service.app import create_app
from tests.helpers import WorkerProcess

LOADED = {"translation": None, "summarization": None}


def test_not_ready_without_a_worker_then_ready_once_one_beats_with_its_models(client, app):
    answer = client.get("/readyz")
    assert answer.status_code == 503 and answer.json["status"] == "not_ready"
    checks = answer.json["checks"]
    assert checks["redis"]["ok"] and checks["store"]["ok"]
    assert not checks["workers"]["ok"] and "warta worker" in checks["workers"]["detail"]
    assert checks["models"]["ok"] is False and checks["models"]["missing"] == ["translation", "summarization"]
    app.extensions["warta.store"].beat("worker-1", LOADED)
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json["checks"]["workers"] == {"ok": True, "alive": 1}
    assert ready.json["checks"]["models"] == {"ok": True, "roles": ["translation", "summarization"]}
    app.extensions["warta.store"].beat("worker-1")  # a beat that does not say keeps what was said
    assert client.get("/readyz").status_code == 200


def test_a_worker_that_never_said_what_it_loaded_does_not_make_it_ready(client, app):
    app.extensions["warta.store"].beat("an-older-worker")
    answer = client.get("/readyz")
    assert answer.status_code == 503 and answer.json["checks"]["workers"]["ok"]
    models = answer.json["checks"]["models"]
    assert models["roles"] == [] and "did not say which models" in models["detail"]


def test_one_worker_per_role_is_enough(client, app):
    store = app.extensions["warta.store"]
    store.beat("translates", {"translation": None, "summarization": "could not be loaded (OSError)"})
    assert client.get("/readyz").json["checks"]["models"]["missing"] == ["summarization"]
    store.beat("summarizes", {"translation": "could not be loaded (ValueError)", "summarization": None})
    assert client.get("/readyz").status_code == 200


def test_not_ready_when_redis_is_away(settings):
    app = create_app(dataclasses.replace(settings, redis_url="redis://127.0.0.1:1/0"))
    app.extensions["warta.store"].beat("worker-1", LOADED)
    answer = app.test_client().get("/readyz")
    assert answer.status_code == 503 and not answer.json["checks"]["redis"]["ok"]
    assert answer.json["checks"]["store"]["ok"] and answer.json["checks"]["workers"]["ok"]
    assert answer.json["checks"]["models"]["ok"]
    app.extensions["warta.store"].close()


def test_readiness_needs_no_key(settings):
    app = create_app(dataclasses.replace(settings, require_api_key=True))
    assert app.test_client().get("/readyz").status_code == 503
    app.extensions["warta.store"].close()


def not_a_model(tmp_path: Path) -> str:
    """A directory that exists but holds no model, as a mistyped mount would."""
    directory = tmp_path / "secret-mount" / "not-a-model"
    directory.mkdir(parents=True)
    (directory / "README").write_text("models go here\n")
    return str(directory)


def readiness_once_beating(client: Any, worker: WorkerProcess, timeout: float = 240.0) -> Any:
    """``/readyz`` once the worker has loaded (or failed to load) its models and beaten."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        answer = client.get("/readyz")
        if answer.json["checks"]["workers"]["ok"]:
            return answer
        assert worker.process.poll() is None, f"the worker exited:\n{worker.output()[-3000:]}"
        time.sleep(0.25)
    raise AssertionError(f"the worker did not beat in {timeout:.0f}s:\n{worker.output()[-3000:]}")


def test_a_worker_whose_translation_model_cannot_load_is_alive_but_not_ready(
    client, settings, start_worker, tmp_path
):
    bad = not_a_model(tmp_path)
    worker = start_worker(dataclasses.replace(settings, mt_model=bad))
    answer = readiness_once_beating(client, worker)
    assert answer.status_code == 503 and answer.json["status"] == "not_ready"
    assert answer.json["checks"]["workers"] == {"ok": True, "alive": 1}
    models = answer.json["checks"]["models"]
    assert (
        models["ok"] is False
        and models["missing"] == ["translation"]
        and models["roles"] == ["summarization"]
    )
    assert "translation" in models["detail"] and "WARTA_MT_MODEL could not be loaded" in models["detail"]
    assert "secret-mount" not in answer.get_data(as_text=True), "a path must not reach the public endpoint"
    assert "model_unavailable" in worker.output() and bad in worker.output(), "the log says where"


def test_a_worker_with_its_models_loaded_makes_it_ready(client, settings, start_worker):
    worker = start_worker(settings)
    answer = readiness_once_beating(client, worker)
    assert answer.status_code == 200 and answer.json["status"] == "ready", answer.json
    assert answer.json["checks"]["models"] == {"ok": True, "roles": ["translation", "summarization"]}


def test_a_worker_that_stops_stops_counting_at_once(client, settings, start_worker):
    """A stopped worker once kept /readyz at 200 until its beat was WARTA_WORKER_TIMEOUT (60 s) old."""
    worker = start_worker(settings)
    assert readiness_once_beating(client, worker).status_code == 200
    worker.stop()
    assert worker.process.returncode == 0, worker.log_path.read_text()[-3000:]
    answer = client.get("/readyz")
    assert answer.status_code == 503 and answer.json["checks"]["workers"]["alive"] == 0


def test_a_worker_whose_summary_model_cannot_load_names_the_missing_role(
    client, settings, start_worker, tmp_path
):
    worker = start_worker(dataclasses.replace(settings, sum_model=not_a_model(tmp_path)))
    answer = readiness_once_beating(client, worker)
    assert answer.status_code == 503, answer.json
    models = answer.json["checks"]["models"]
    assert (
        models["ok"] is False
        and models["roles"] == ["translation"]
        and models["missing"] == ["summarization"]
    )
    assert "summarization" in models["detail"] and "WARTA_SUM_MODEL" in models["detail"]
    assert "secret-mount" not in answer.get_data(as_text=True)
