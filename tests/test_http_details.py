"""HTTP details a client or an operator relies on: Allow on every 405, If-Match's strong comparison,
keys kept out of logs, LibreTranslate suggestions that change nothing, a sentence edit's own cap."""

from __future__ import annotations

import dataclasses
import logging

import pytest

from service.app import create_app
from workers import logs

JOB = {"articles": [{"id": "a", "text": "Harga beras naik di Jakarta."}], "tasks": ["translate"]}


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("put", "/v1/jobs", {"GET", "HEAD", "OPTIONS", "POST"}),
        ("delete", "/v2/translate", {"OPTIONS", "POST"}),
        ("get", "/suggest", {"OPTIONS", "POST"}),
        ("post", "/v1/jobs/x/articles/a/sentences/0", {"GET", "HEAD", "OPTIONS", "PATCH"}),
    ],
)
def test_every_405_names_the_allowed_methods(client, method, path, allowed):
    response = getattr(client, method)(path)
    assert response.status_code == 405 and response.get_json()
    assert {m.strip() for m in response.headers["Allow"].split(",")} == allowed


def test_a_weak_etag_never_matches(client):
    job = client.post("/v1/jobs", json=JOB).get_json()["id"]
    weak = client.patch(f"/v1/jobs/{job}/articles/a/sentences/0", json={"target": "Rice."},
                        headers={"If-Match": 'W/"0"'})  # fmt: skip
    assert weak.status_code == 412 and weak.get_json()["code"] == "weak_if_match"
    assert weak.get_json()["field"] == "If-Match" and "strongly" in weak.get_json()["detail"]


def test_an_over_long_sentence_edit_is_told_the_cap_in_force_and_what_to_do(settings):
    app = create_app(dataclasses.replace(settings, max_article_chars=50))
    client = app.test_client()
    job = client.post("/v1/jobs", json=JOB).get_json()["id"]
    refused = client.patch(f"/v1/jobs/{job}/articles/a/sentences/0", json={"target": "Rice. " * 20},
                           headers={"If-Match": '"0"'})  # fmt: skip
    problem = refused.get_json()
    assert refused.status_code == 413 and problem["code"] == "sentence_too_long" and problem["limit"] == 50
    assert "at most 50" in problem["detail"] and "WARTA_MAX_ARTICLE_CHARS" in problem["detail"]
    assert "split the article" not in problem["detail"].lower()
    app.extensions["warta.store"].close()


def test_a_suggestion_into_the_same_language_is_not_stored(settings):
    app = create_app(dataclasses.replace(settings, suggestions=True))
    client = app.test_client()
    for pair in ("en", "id"):
        same = client.post("/suggest", json={"q": "Harga naik.", "s": "Harga naik!", "source": pair,
                                             "target": pair})  # fmt: skip
        assert (same.status_code, same.get_json()) == (200, {"success": True})
    units = client.get("/v1/memory", headers={"Accept": "application/json"}).get_json()["units"]
    assert units == 0, "a same-language pair (a no-op) was stored"
    kept = client.post(
        "/suggest", json={"q": "Harga naik.", "s": "Prices rose.", "source": "id", "target": "en"}
    )
    assert kept.get_json() == {"success": True}
    assert client.get("/v1/memory", headers={"Accept": "application/json"}).get_json()["units"] == 1
    app.extensions["warta.store"].close()


def test_keys_in_a_query_string_never_reach_the_log(capsys):
    logs.configure("INFO", "text")
    key = "wk_0123456789ab_secretsecretsecret"
    logging.getLogger("werkzeug").info('"GET /translate?q=x&api_key=%s HTTP/1.1" 200 -', key)
    logging.getLogger("service").info("form api_key=%s&source=id", key)
    written = capsys.readouterr().err
    assert key not in written and written.count("api_key=[redacted]") == 2
