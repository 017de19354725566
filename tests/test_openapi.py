"""The API against its own ``/openapi.json``: schemathesis sends generated requests, valid and invalid,
and every answer must be a non-5xx that the document describes (status, content type, headers, body)."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from service import create_app
from service.openapi import build
from service.settings import Settings

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
# HTML pages for people (the web page, the docs), not API operations.
PAGES = {"static", "openapi.docs", "openapi.asset"}
ARTICLE = "Presiden Joko Widodo meresmikan jalan tol baru di Jawa Tengah pada hari Senin pagi."


@pytest.fixture
def api(settings: Settings) -> Any:
    """The app with rate limits off (schemathesis is one fast client) and a live worker."""
    app = create_app(dataclasses.replace(settings, rate_limit="", submit_rate_limit=""))
    app.extensions["warta.store"].beat("a-worker")  # /readyz answers 503 by design without one
    yield app
    app.extensions["warta.store"].close()


# The document as a server with default settings serves it (``test_the_served_document_is_this_one``).
schema = schemathesis.openapi.from_dict(build(Settings(), "test"))
schema.config.generation.update(modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
# Invalid input is refused with 4xx; a cap exceeded (413) counts as a refusal too.
schema.config.checks.negative_data_rejection.expected_statuses = [
    "400",
    "401",
    "404",
    "409",
    "413",
    "415",
    "422",
    "429",
]


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_answer_is_described_and_none_is_a_server_error(case: Any, api: Any) -> None:
    case.call_and_validate(app=api, checks=CHECKS)


def test_the_served_document_is_this_one(api: Any) -> None:
    served = api.test_client().get("/openapi.json").json
    assert served["paths"] == schema.raw_schema["paths"]
    assert served["components"] == schema.raw_schema["components"]


def test_every_route_is_described(api: Any) -> None:
    described = api.test_client().get("/openapi.json").json["paths"]
    for rule in api.url_map.iter_rules():
        if rule.endpoint in PAGES or rule.endpoint.startswith(("web.", "rq_dashboard.")):
            continue
        path = rule.rule.replace("<", "{").replace(">", "}")
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert method.lower() in described.get(path, {}), f"{method} {path} is not in /openapi.json"


def test_the_document_states_the_servers_limits(api: Any) -> None:
    document = api.test_client().get("/openapi.json").json
    articles = document["components"]["schemas"]["JobRequest"]["properties"]["articles"]
    assert articles["maxItems"] == api.extensions["warta.settings"].max_articles
    assert document["security"] == [{"apiKey": []}, {}], "keys are optional on this server"


@pytest.mark.integration
def test_answers_about_real_jobs_match_the_document(live_app, start_worker):
    """Generated ids only ever find nothing; a real finished job checks the 200 answers' schemas."""
    import requests
    from jsonschema import Draft202012Validator

    from tests.helpers import wait_for_job

    server, settings = live_app
    start_worker(settings)
    document = requests.get(f"{server.url}/openapi.json", timeout=10).json()

    def check(name: str, answer: Any) -> None:
        schema = {"$ref": f"#/components/schemas/{name}", "components": document["components"]}
        errors = [e.message for e in Draft202012Validator(schema).iter_errors(answer)]
        assert errors == [], (name, errors[:3])

    body = {"articles": [{"id": "a", "title": "Jalan tol baru", "text": ARTICLE}], "glossary": "default"}
    job = requests.post(f"{server.url}/v1/jobs", json=body, timeout=10).json()
    check("Job", job)
    check("Job", wait_for_job(server.url, job["id"]))
    check("Result", requests.get(f"{server.url}/v1/jobs/{job['id']}/result", timeout=10).json())
    check("JobList", requests.get(f"{server.url}/v1/jobs", timeout=10).json())
    listed = requests.get(f"{server.url}/v1/glossaries", timeout=10).json()["glossaries"]
    for entry in listed:
        check("GlossaryInfo", entry)
    pairs = {"pairs": [{"source": ARTICLE, "reference": "The president opened a toll road."}]}
    check("Benchmark", requests.post(f"{server.url}/v1/benchmarks", json=pairs, timeout=10).json())
