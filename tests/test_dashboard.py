"""RQ's dashboard under /rq: admin keys only, so mounted only where keys are required."""

from __future__ import annotations

import dataclasses

import pytest

from service.app import create_app

JOB = {"articles": [{"text": "Harga beras naik di Jakarta pada hari Selasa pagi."}], "tasks": ["translate"]}


@pytest.fixture
def operator(settings):
    """An app that requires keys, and the headers of an admin key."""
    app = create_app(dataclasses.replace(settings, require_api_key=True))
    _, admin = app.extensions["warta.keys"].create("operator", admin=True)
    yield app.test_client(), {"Authorization": f"Bearer {admin}"}
    app.extensions["warta.store"].close()


def test_the_dashboard_shows_the_queue_with_its_own_policy(operator, settings):
    client, admin = operator
    page = client.get("/rq/", headers=admin)
    assert page.status_code == 200 and b"RQ" in page.data
    assert "'unsafe-inline'" in page.headers["Content-Security-Policy"]
    home = client.get("/", headers=admin)
    assert "'unsafe-inline'" not in home.headers["Content-Security-Policy"].split("style-src")[0]
    client.post("/v1/jobs", json=JOB, headers=admin)
    queues = client.get("/rq/0/data/queues.json", headers=admin).json["queues"]
    assert {q["name"]: q["count"] for q in queues}[settings.queue] == 1


def test_with_keys_optional_nobody_reaches_it(client, settings):
    """Anonymous clients once read every job id at /rq and requeued with a GET."""
    client.post("/v1/jobs", json=JOB)
    for path in ("/rq/", "/rq/0/data/queues.json", f"/rq/requeue/{settings.queue}"):
        assert client.get(path).status_code == 404, path


def test_only_an_admin_key_opens_it_where_keys_are_required(settings):
    app = create_app(dataclasses.replace(settings, require_api_key=True))
    keys = app.extensions["warta.keys"]
    (_, plain), (_, admin) = keys.create("desk"), keys.create("operator", admin=True)
    client = app.test_client()
    assert client.get("/rq/").status_code == 302 and "/login" in client.get("/rq/").headers["Location"]
    refused = client.get("/rq/", headers={"Authorization": f"Bearer {plain}"})
    assert refused.status_code == 403 and refused.json["code"] == "admin_key_required"
    assert client.get("/rq/", headers={"Authorization": f"Bearer {admin}"}).status_code == 200
    assert sorted(k.admin for k in keys.list()) == [False, True]
    app.extensions["warta.store"].close()


def test_it_can_be_turned_off(settings):
    app = create_app(dataclasses.replace(settings, rq_dashboard=False))
    assert app.test_client().get("/rq/").status_code == 404
    app.extensions["warta.store"].close()
