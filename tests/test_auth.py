"""API keys, per-key ownership and rate limits, over SQLite and PostgreSQL and the real Redis."""

from __future__ import annotations

import dataclasses
import subprocess
from typing import Any

import pytest

from glossary.formats import parse_glossary
from service.app import create_app
from tests.helpers import child_env, warta_command
from workers.settings import Settings
from workers.store.api_keys import KeyStore
from workers.store.glossaries import GlossaryStore

JOB = {
    "articles": [{"text": "Presiden Joko Widodo tiba di Jakarta pada hari Senin."}],
    "tasks": ["translate"],
}
GLOSSARY = "source\ttarget\nWarta\tWarta News\n"


@pytest.fixture
def keyed(settings: Settings, database_url: str) -> Any:
    """An app that requires keys, with two keys: ``(client, headers of A, headers of B, app)``."""
    settings = dataclasses.replace(settings, database_url=database_url, require_api_key=True)
    app = create_app(settings)
    keys = app.extensions["warta.keys"]
    (_, token_a), (_, token_b) = keys.create("newsroom a"), keys.create("newsroom b")
    yield app.test_client(), _bearer(token_a), _bearer(token_b), app
    app.extensions["warta.store"].close()


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_a_server_that_requires_keys_refuses_requests_without_one(keyed):
    client, *_ = keyed
    refused = client.post("/v1/jobs", json=JOB)
    assert refused.status_code == 401 and refused.json["code"] == "api_key_required"
    assert refused.json["field"] == "Authorization" and "warta keys create" in refused.json["detail"]
    assert refused.headers["WWW-Authenticate"].startswith("Bearer")
    assert client.get("/healthz").status_code == 200


@pytest.mark.parametrize(
    ("header", "code"),
    [("Bearer wk_0000_nope", "invalid_api_key"), ("Bearer nonsense", "invalid_api_key"),
     ("Basic dXNlcjpwdw==", "invalid_authorization"), ("Bearer ", "invalid_authorization")],
)  # fmt: skip
def test_a_wrong_key_is_refused_even_where_keys_are_optional(client, header, code):
    refused = client.get("/v1/glossaries", headers={"Authorization": header})
    assert refused.status_code == 401 and refused.json["code"] == code


def test_one_key_cannot_see_or_cancel_another_keys_job(keyed):
    client, a, b, _app = keyed
    job = client.post("/v1/jobs", json=JOB, headers=a).json
    assert client.get(f"/v1/jobs/{job['id']}", headers=a).status_code == 200
    for method, path in [("get", ""), ("get", "/result"), ("delete", "")]:
        answer = getattr(client, method)(f"/v1/jobs/{job['id']}{path}", headers=b)
        assert answer.status_code == 404 and answer.json["code"] == "job_not_found", (method, path)
    assert client.get(f"/v1/jobs/{job['id']}", headers=a).json["status"] == "queued"


def test_idempotency_keys_belong_to_their_api_key(keyed):
    client, a, b, _app = keyed
    other = {**JOB, "tasks": ["translate", "summarize"]}
    first = client.post("/v1/jobs", json=JOB, headers={**a, "Idempotency-Key": "batch-1"})
    second = client.post("/v1/jobs", json=other, headers={**b, "Idempotency-Key": "batch-1"})
    assert first.status_code == second.status_code == 202
    assert first.json["id"] != second.json["id"] and "Idempotent-Replayed" not in second.headers


def test_glossaries_are_per_key_and_shared_ones_are_read_only(keyed):
    client, a, b, app = keyed
    tsv = {"Content-Type": "text/tab-separated-values"}
    assert client.put("/v1/glossaries/house", data=GLOSSARY, headers={**a, **tsv}).status_code == 201
    assert client.get("/v1/glossaries/house", headers=b).status_code == 404
    assert "house" not in [g["name"] for g in client.get("/v1/glossaries", headers=b).json["glossaries"]]
    refused = client.post("/v1/jobs", json={**JOB, "glossary": "house"}, headers=b)
    assert refused.status_code == 422 and refused.json["field"] == "glossary"
    assert client.put("/v1/glossaries/house", data=GLOSSARY, headers={**b, **tsv}).json["version"] == 1

    glossaries: GlossaryStore = app.extensions["warta.glossaries"]
    glossaries.put(parse_glossary(GLOSSARY, "tsv", "style"), "style")
    listed = {g["name"]: g for g in client.get("/v1/glossaries", headers=b).json["glossaries"]}
    assert listed["style"]["shared"] and not listed["house"]["shared"]
    job = client.post("/v1/jobs", json={**JOB, "glossary": "style"}, headers=b).json
    assert job["options"]["glossary_shared"] is True
    assert client.delete("/v1/glossaries/style", headers=b).json["code"] == "glossary_read_only"
    assert client.delete("/v1/glossaries/house", headers=b).status_code == 204
    assert client.get("/v1/glossaries/house", headers=a).status_code == 200


def test_one_key_cannot_read_another_keys_benchmark(keyed):
    client, a, b, _app = keyed
    posted = client.post("/v1/benchmarks", json={"pairs": [{"source": "Halo.", "reference": "Hello."}]},
                         headers=a)  # fmt: skip
    assert posted.status_code == 202
    assert client.get(f"/v1/benchmarks/{posted.json['id']}", headers=b).status_code == 404
    assert client.get(f"/v1/benchmarks/{posted.json['id']}", headers=a).status_code == 200


def test_a_revoked_key_is_refused_at_once(keyed):
    client, a, _b, app = keyed
    keys: KeyStore = app.extensions["warta.keys"]
    assert client.get("/v1/glossaries", headers=a).status_code == 200
    assert keys.revoke(keys.list()[0].id) and not keys.revoke(keys.list()[0].id)
    assert client.get("/v1/glossaries", headers=a).json["code"] == "invalid_api_key"


def test_without_required_keys_an_anonymous_client_sees_only_anonymous_jobs(client, app):
    _key, token = app.extensions["warta.keys"].create("analyst")
    keyed_job = client.post("/v1/jobs", json=JOB, headers=_bearer(token)).json
    anonymous_job = client.post("/v1/jobs", json=JOB).json
    assert client.get(f"/v1/jobs/{keyed_job['id']}").status_code == 404
    assert client.get(f"/v1/jobs/{anonymous_job['id']}").status_code == 200
    assert client.get(f"/v1/jobs/{anonymous_job['id']}", headers=_bearer(token)).status_code == 404


def test_without_a_key_a_client_cannot_replace_or_delete_the_operators_shared_glossaries(client, app):
    """Keys optional: a client without a key is not the operator. Clients without a key are one owner, so
    an upload of theirs over a shared name would change it for all of them: refused, the shared glossary
    every key and every keyless client uses stays as `warta glossary import` left it."""
    glossaries: GlossaryStore = app.extensions["warta.glossaries"]
    glossaries.put(parse_glossary(GLOSSARY, "tsv", "style"), "style")
    tsv = {"Content-Type": "text/tab-separated-values"}
    own = client.put("/v1/glossaries/style", data="source\ttarget\nWarta\tHijacked\n", headers=tsv)
    assert own.status_code == 409 and own.json["code"] == "glossary_read_only" and own.json["field"] == "name"
    assert "another name" in own.json["detail"]
    assert client.delete("/v1/glossaries/style").json["code"] == "glossary_read_only"
    elsewhere = client.put("/v1/glossaries/style-2", data="source\ttarget\nWarta\tMine\n", headers=tsv)
    assert elsewhere.status_code == 201 and elsewhere.json["shared"] is False
    refused = client.put("/v1/glossaries/style?shared=true", data=GLOSSARY, headers=tsv)
    assert refused.status_code == 403 and refused.json["field"] == "shared"
    assert client.delete("/v1/glossaries/style?shared=true").status_code == 403
    imported = [t.target for t in parse_glossary(GLOSSARY, "tsv", "style").terms]
    assert [t.target for t in glossaries.get("style").terms] == imported
    assert "Hijacked" not in client.get("/v1/glossaries/style?format=tsv").data.decode()

    _key, token = app.extensions["warta.keys"].create("desk")
    job = client.post("/v1/jobs", json={**JOB, "glossary": "style"}, headers=_bearer(token)).json
    assert job["options"]["glossary_shared"] is True
    anonymous = client.post("/v1/jobs", json={**JOB, "glossary": "style"}).json
    assert anonymous["options"]["glossary_shared"] is True

    # A key is an owner of its own: its glossary of the shared name is its alone, and wins for it only.
    keyed = client.put(
        "/v1/glossaries/style", data="source\ttarget\nWarta\tDesk\n", headers={**_bearer(token), **tsv}
    )
    assert keyed.status_code == 201 and keyed.json["shared"] is False
    assert "Desk" in client.get("/v1/glossaries/style?format=tsv", headers=_bearer(token)).data.decode()
    assert "Desk" not in client.get("/v1/glossaries/style?format=tsv").data.decode()


def test_an_admin_key_changes_the_shared_glossaries(client, app):
    keys: KeyStore = app.extensions["warta.keys"]
    (_, admin), (_, plain) = keys.create("operator", admin=True), keys.create("desk")
    tsv = {"Content-Type": "text/tab-separated-values"}
    made = client.put("/v1/glossaries/style?shared=true", data=GLOSSARY, headers={**_bearer(admin), **tsv})
    assert made.status_code == 201 and made.json["shared"] is True
    assert client.get("/v1/glossaries/style", headers=_bearer(plain)).status_code == 200
    assert client.put("/v1/glossaries/style?shared=true", data=GLOSSARY,
                      headers={**_bearer(plain), **tsv}).json["code"] == "admin_key_required"  # fmt: skip
    assert client.delete("/v1/glossaries/style?shared=yes", headers=_bearer(admin)).status_code == 204
    assert app.extensions["warta.glossaries"].get("style") is None


def test_the_rate_limit_answers_429_with_retry_after_per_key(settings):
    app = create_app(
        dataclasses.replace(settings, rate_limit="3 per minute", submit_rate_limit="60 per minute")
    )
    client, keys = app.test_client(), app.extensions["warta.keys"]
    (_, token_a), (_, token_b) = keys.create("a"), keys.create("b")
    answers = [client.get("/v1/glossaries", headers=_bearer(token_a)) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    limited = answers[-1]
    assert limited.json["code"] == "rate_limited" and limited.json["limit"] == "3 per 1 minute"
    assert 0 < int(limited.headers["Retry-After"]) <= 60
    assert answers[0].headers["X-RateLimit-Remaining"] == "2"
    assert client.get("/v1/glossaries", headers=_bearer(token_b)).status_code == 200
    assert client.get("/healthz").status_code == 200
    app.extensions["warta.store"].close()


def test_submissions_have_a_tighter_limit_of_their_own(settings):
    app = create_app(
        dataclasses.replace(settings, rate_limit="600 per minute", submit_rate_limit="2 per minute")
    )
    client = app.test_client()
    assert [client.post("/v1/jobs", json=JOB).status_code for _ in range(3)] == [202, 202, 429]
    assert client.get("/v1/glossaries").status_code == 200
    app.extensions["warta.store"].close()


def test_warta_keys_makes_lists_and_revokes_keys(settings, tmp_path):
    env = child_env(settings)

    def warta(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            warta_command("keys", *args), env=env, capture_output=True, text=True, timeout=60
        )

    made = warta("create", "Desk editor")
    assert made.returncode == 0, made.stderr
    fields = dict(line.split(": ", 1) for line in made.stdout.splitlines())
    assert fields["token"].startswith(f"wk_{fields['id']}_") and "shown only now" in made.stderr
    app = create_app(dataclasses.replace(settings, require_api_key=True))
    assert app.test_client().get("/v1/glossaries", headers=_bearer(fields["token"])).status_code == 200
    assert f"{fields['id']}\tactive" in warta("list").stdout and fields["token"] not in warta("list").stdout
    assert warta("revoke", fields["id"]).returncode == 0
    assert app.test_client().get("/v1/glossaries", headers=_bearer(fields["token"])).status_code == 401
    again = warta("revoke", fields["id"])
    assert again.returncode == 2 and "no active key" in again.stderr
    app.extensions["warta.store"].close()
