"""The web page's log-in: where it may send a browser next, from which origin it takes a key, and what
browsers may keep of what a key sees."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from service.app import create_app
from service.blueprints.web import local_path

ORIGIN = {"Origin": "http://localhost"}


@pytest.fixture
def keyed(settings: Any) -> Any:
    app = create_app(dataclasses.replace(settings, require_api_key=True))
    _, token = app.extensions["warta.keys"].create("desk")
    yield app.test_client(), token
    app.extensions["warta.store"].close()


@pytest.mark.parametrize(
    "target",
    ["//evil.example", "/\t/evil.example", "/\n/evil.example", "/\\evil.example", "\\\\evil.example",
     "https://evil.example/", "/\r\nSet-Cookie: x=1", "javascript:alert(1)", "/ok\x00", "/caf\u00e9"],
)  # fmt: skip
def test_next_leads_nowhere_but_this_site(keyed, target):
    """``next=/\\t/evil.example`` came back as ``Location: //evil.example``; CR/LF was a 500."""
    client, token = keyed
    answer = client.post("/login", data={"key": token, "next": target}, headers=ORIGIN)
    assert answer.status_code == 302 and answer.headers["Location"] == "/"
    assert client.get("/login", query_string={"next": target}).status_code == 200


def test_a_local_path_is_kept():
    assert local_path("/jobs/abc?x=1#top") == "/jobs/abc?x=1#top"
    assert local_path("/") == "/"


def test_a_log_in_from_another_origin_is_refused(keyed):
    """Login CSRF: another site's form would log the visitor in with the attacker's key."""
    client, token = keyed
    forged = [{"Origin": "https://evil.example"}, {"Referer": "https://evil.example/form"}, {},
              {"Origin": "null"}, {"Sec-Fetch-Site": "cross-site", "Origin": "http://localhost"}]  # fmt: skip
    for headers in forged:
        refused = client.post("/login", data={"key": token}, headers=headers)
        assert refused.status_code == 403 and refused.json["code"] == "cross_site_request", headers
        assert "Set-Cookie" not in refused.headers
    assert client.post("/login", data={"key": token}, headers=ORIGIN).status_code == 302
    # Chromium under a no-referrer policy sends Origin: null for the site's own form; Sec-Fetch-Site decides.
    own_form = {"Origin": "null", "Sec-Fetch-Site": "same-origin"}
    assert client.post("/login", data={"key": token}, headers=own_form).status_code == 302


def test_private_answers_are_not_stored_by_caches(keyed):
    client, token = keyed
    key = {"Authorization": f"Bearer {token}"}
    posted = client.post("/v1/jobs", json={"articles": [{"text": "Halo dunia."}]}, headers=key)
    for path in ("/", "/v1/jobs", f"/v1/jobs/{posted.json['id']}", "/v1/glossaries/default?format=tsv",
                 f"/jobs/{posted.json['id']}", "/glossaries"):  # fmt: skip
        assert client.get(path, headers=key).headers.get("Cache-Control") == "no-store", path
    assert client.get("/v1/jobs").headers.get("Cache-Control") == "no-store"
    assert "no-store" not in client.get("/healthz").headers.get("Cache-Control", "")
