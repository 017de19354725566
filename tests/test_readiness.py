"""``/readyz``: ready only when Redis, the job store and a worker all answer."""

from __future__ import annotations

import dataclasses

from service.app import create_app


def test_not_ready_without_a_worker_then_ready_once_one_beats(client, app):
    answer = client.get("/readyz")
    assert answer.status_code == 503 and answer.json["status"] == "not_ready"
    checks = answer.json["checks"]
    assert checks["redis"]["ok"] and checks["store"]["ok"]
    assert not checks["workers"]["ok"] and "warta worker" in checks["workers"]["detail"]
    app.extensions["warta.store"].beat("worker-1")
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json["checks"]["workers"] == {"ok": True, "alive": 1}


def test_not_ready_when_redis_is_away(settings):
    app = create_app(dataclasses.replace(settings, redis_url="redis://127.0.0.1:1/0"))
    app.extensions["warta.store"].beat("worker-1")
    answer = app.test_client().get("/readyz")
    assert answer.status_code == 503 and not answer.json["checks"]["redis"]["ok"]
    assert answer.json["checks"]["store"]["ok"] and answer.json["checks"]["workers"]["ok"]
    app.extensions["warta.store"].close()


def test_readiness_needs_no_key(settings):
    app = create_app(dataclasses.replace(settings, require_api_key=True))
    assert app.test_client().get("/readyz").status_code == 503
    app.extensions["warta.store"].close()
