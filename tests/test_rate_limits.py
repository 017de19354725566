"""Rate limits: one budget per key across the API, one submission budget, failed authentications per
address; counted in the real Redis."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from service.app import create_app

JOB = {"articles": [{"text": "Harga beras naik di Jakarta pada hari Selasa pagi."}], "tasks": ["translate"]}
BENCHMARK = {"pairs": [{"source": "Halo.", "reference": "Hello."}]}
FIVE_ENDPOINTS = ("/v1/glossaries", "/v1/jobs", "/glossaries", "/v1/glossaries/default", "/")


@pytest.fixture
def limited(settings: Any) -> Any:
    """An app with the given limits: ``make(**limits) -> (client, app)``."""
    apps = []

    def make(**limits: str) -> Any:
        app = create_app(dataclasses.replace(settings, **limits))
        apps.append(app)
        return app.test_client(), app

    yield make
    for app in apps:
        app.extensions["warta.store"].close()


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_one_budget_per_key_across_every_endpoint(limited):
    """With 20/minute a key once made 20 requests to each of five endpoints."""
    client, app = limited(rate_limit="5 per minute")
    keys = app.extensions["warta.keys"]
    (_, token), (_, other) = keys.create("a"), keys.create("b")
    answers = [client.get(path, headers=_bearer(token)).status_code for path in FIVE_ENDPOINTS]
    assert answers == [200] * 5
    for path in FIVE_ENDPOINTS:
        refused = client.get(path, headers=_bearer(token))
        assert refused.status_code == 429 and refused.json["code"] == "rate_limited", path
    assert client.get("/v1/jobs", headers=_bearer(other)).status_code == 200
    assert client.get("/healthz").status_code == 200


def test_jobs_and_benchmarks_share_one_submission_budget(limited):
    client, _app = limited(rate_limit="600 per minute", submit_rate_limit="2 per minute")
    assert client.post("/v1/jobs", json=JOB).status_code == 202
    assert client.post("/v1/benchmarks", json=BENCHMARK).status_code == 202
    for path, body in (("/v1/jobs", JOB), ("/v1/benchmarks", BENCHMARK)):
        refused = client.post(path, json=body)
        assert refused.status_code == 429 and "submission rate limit" in refused.json["detail"], path
    assert client.get("/v1/jobs").status_code == 200


def test_failed_authentications_are_limited_per_address(limited):
    """30 bad keys and 25 log-in guesses once passed unlimited."""
    client, app = limited(auth_failure_limit="3 per minute")
    _, token = app.extensions["warta.keys"].create("desk")
    guesses = [client.get("/v1/jobs", headers=_bearer(f"wk_guess{i}")).status_code for i in range(3)]
    assert guesses == [401, 401, 401]
    refused = client.get("/v1/jobs", headers=_bearer("wk_guess4"))
    assert refused.status_code == 429 and refused.json["code"] == "too_many_failed_authentications"
    assert 0 < int(refused.headers["Retry-After"]) <= 60
    # The right key from that address still passes: one client's guesses never lock out another's key.
    assert client.get("/v1/jobs", headers=_bearer(token)).status_code == 200
    assert client.get("/v1/jobs", headers=_bearer("wk_guess5")).status_code == 429
    elsewhere = {"REMOTE_ADDR": "10.1.2.3"}
    assert client.get("/v1/jobs", headers=_bearer("wk_guess6"), environ_base=elsewhere).status_code == 401


def test_log_in_guesses_count_as_failed_authentications(limited):
    client, app = limited(auth_failure_limit="2 per minute")
    _, token = app.extensions["warta.keys"].create("desk")
    origin = {"Origin": "http://localhost"}
    answers = [client.post("/login", data={"key": f"wk_{i}"}, headers=origin).status_code for i in range(3)]
    assert answers == [401, 401, 429]
    assert client.post("/login", data={"key": token}, headers=origin).status_code == 302
    elsewhere = {"REMOTE_ADDR": "10.1.2.3"}
    logged_in = client.post("/login", data={"key": token}, headers=origin, environ_base=elsewhere)
    assert logged_in.status_code == 302


def test_behind_trusted_proxies_failures_count_per_client(limited):
    """Behind one proxy every request came from its address: ten bad keys from anyone locked out every
    valid key. With WARTA_TRUSTED_PROXIES=1 the client's address is X-Forwarded-For's last entry."""
    client, app = limited(auth_failure_limit="2 per minute", trusted_proxies=1)
    _, token = app.extensions["warta.keys"].create("desk")
    proxy = {"REMOTE_ADDR": "127.0.0.1"}

    def via_proxy(key: str, client_address: str, claimed: str = "") -> int:
        forwarded = {"X-Forwarded-For": f"{claimed}{client_address}", **_bearer(key)}
        return client.get("/v1/jobs", headers=forwarded, environ_base=proxy).status_code

    assert [via_proxy(f"wk_{i}", "203.0.113.9") for i in range(3)] == [401, 401, 429]
    # A guesser cannot escape by claiming another address: only the proxy's own entry is believed.
    assert via_proxy("wk_x", "203.0.113.9", claimed="198.51.100.1, ") == 429
    assert via_proxy("wk_typo", "198.51.100.7") == 401
    assert via_proxy(token, "198.51.100.7") == 200
    secure = client.post("/login", data={"key": token}, environ_base=proxy,
                         headers={"Origin": "http://localhost", "X-Forwarded-Proto": "https"})  # fmt: skip
    assert secure.status_code == 302 and "Secure" in secure.headers["Set-Cookie"]


def test_without_trusted_proxies_forwarded_headers_are_ignored(limited):
    client, _app = limited(auth_failure_limit="1 per minute")
    for n, status in enumerate([401, 429]):
        spoofed = {"X-Forwarded-For": f"198.51.100.{n}", **_bearer(f"wk_{n}")}
        assert client.get("/v1/jobs", headers=spoofed).status_code == status


def test_retry_after_comes_only_with_a_429(limited):
    client, _app = limited(rate_limit="600 per minute", submit_rate_limit="60 per minute")
    assert "Retry-After" not in client.get("/v1/jobs").headers
    assert "Retry-After" not in client.get("/v1/jobs/nosuchjob").headers
    assert "X-RateLimit-Remaining" in client.get("/v1/jobs").headers
