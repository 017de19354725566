"""The API against its own ``/openapi.json``: schemathesis sends generated requests, valid and invalid;
every answer must be a non-5xx that the document describes (status, content type, headers, body), every
invalid request is refused and every valid one accepted (``tests/openapi_data.py`` makes the data
realistic where the document names a format)."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    positive_data_acceptance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from service.app import create_app
from service.openapi import build
from tests import openapi_data
from workers.settings import Settings


def positive_data_accepted(ctx: Any, response: Any, case: Any) -> bool | None:
    """schemathesis' ``positive_data_acceptance``, on cases whose every part is valid: its coverage phase
    labels a whole case positive while it varies one header around a body it could not make valid (the
    same family as schemathesis#4592); such a body is negative data, and its refusal is right."""
    components = getattr(case.meta, "components", None) or {}
    if any(info.mode.is_negative for info in components.values()):
        return None
    return positive_data_acceptance(ctx, response, case)  # type: ignore[no-any-return]


def _unsendable_in_a_form(value: Any) -> bool:
    if isinstance(value, list):  # an empty list sends no field at all
        return not value or any(_unsendable_in_a_form(item) for item in value)
    return value is None or isinstance(value, dict)


def _harmless(mutation: Any, case: Any) -> bool:
    """A mutation the request sent does not carry: an unknown query parameter (every query model ignores
    those, ``QUERY``), or a text body made an object (it is sent as the object's text, which is text)."""
    where, keywords = mutation.parameter_location.value, tuple(mutation.keywords)
    if where == "query" and keywords == ("additionalProperties",):
        return True
    text = (case.media_type or "").startswith("text/")
    return where == "body" and keywords == ("type",) and text


def negative_data_refused(ctx: Any, response: Any, case: Any) -> bool | None:
    """schemathesis' ``negative_data_rejection``, on cases whose invalid part reaches the server: a form
    field made null, an object or an empty list is dropped by form encoding, so the request sent is a
    valid one; and a case whose every mutation is harmless (``_harmless``; schemathesis excuses each
    alone, not both together) sends a valid request."""
    body = case.body if (case.media_type or "").startswith(FORM) and isinstance(case.body, dict) else {}
    if any(_unsendable_in_a_form(value) for value in body.values()):
        return None
    data = getattr(getattr(case.meta, "phase", None), "data", None)
    mutations = getattr(data, "mutations", ()) or ()
    if mutations and all(_harmless(m, case) for m in mutations):
        return None
    return negative_data_rejection(ctx, response, case)  # type: ignore[no-any-return]


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_refused,
    positive_data_accepted,
]
FORM = "application/x-www-form-urlencoded"
# HTML pages for people (the web page, the docs), not API operations.
PAGES = {"static", "openapi.docs", "openapi.asset"}
ARTICLE = "Presiden Joko Widodo meresmikan jalan tol baru di Jawa Tengah pada hari Senin pagi."


@pytest.fixture
def api(settings: Settings, start_worker: Any) -> Any:
    """The app with rate limits off (schemathesis is one fast client) and a live worker, which answers
    ``/v1/translate`` while schemathesis waits."""
    settings = dataclasses.replace(settings, rate_limit="", submit_rate_limit="", sync_timeout=120.0)
    start_worker(settings)
    app = create_app(settings)
    # /readyz answers 503 by design without a live worker that has loaded its models.
    app.extensions["warta.store"].beat("a-worker", {"translation": None, "summarization": None})
    newsroom = "Pemerintah\tThe government\nKorut\tNorth Korea\n"
    put = app.test_client().put(
        "/v1/glossaries/newsroom", data=newsroom, content_type="text/tab-separated-values"
    )
    assert put.status_code == 201  # a stored glossary for jobs to name (``openapi_data.GLOSSARIES``)
    yield app
    app.extensions["warta.store"].close()


# The document as a server with default settings serves it (``test_the_served_document_is_this_one``).
schema = schemathesis.openapi.from_dict(build(Settings(), "test"))
# Creating a DeepL glossary or uploading a document needs content the schema cannot state (entries whose
# columns match entries_format; a file whose type its name's extension gives): tests/test_deepl_api.py
# and tests/test_libretranslate_api.py drive them with the real clients instead.
schema = schema.exclude(
    operation_id=[
        "deeplCreateGlossary",
        "deeplUploadDocument",
        "libreTranslateFile",
        "deeplV3CreateGlossary",
        "deeplV3UpdateGlossary",
        "deeplV3ReplaceDictionary",
    ]
)
schema.config.generation.update(modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
# Invalid input is refused with 4xx; a cap exceeded (413) counts as a refusal too.
openapi_data.install(schema)
schema.config.checks.negative_data_rejection.expected_statuses = [
    "400",
    "401",
    "404",
    "409",
    "412",
    "413",
    "415",
    "422",
    "428",
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
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
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


@pytest.mark.integration
def test_a_real_result_holds_to_the_document_down_to_every_term(live_app, start_worker):
    """The result schema is generated from the contract, so it holds every sentence and term: a real
    result validates, and the same result with a sentence missing its ``target`` (or a term with a
    status the contract does not know) does not."""
    import copy
    import time

    import requests
    from jsonschema import Draft202012Validator

    from tests.helpers import wait_for_job

    server, settings = live_app
    start_worker(settings)
    components = requests.get(f"{server.url}/openapi.json", timeout=10).json()["components"]

    def errors(name: str, answer: Any) -> list[str]:
        validator = Draft202012Validator({"$ref": f"#/components/schemas/{name}", "components": components})
        return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(answer)]

    text = "Presiden Rusia tiba di Korea Utara pada Selasa. Harga beras naik 4,8 persen di Jakarta."
    reference = "The Russian president arrived in North Korea on Tuesday.\nRice rose."
    article = {"id": "a", "title": "Putin di Korea Utara", "text": text, "reference": reference}
    body = {
        "articles": [article],
        "terms": [{"target": "Jakarta City", "sources": ["Jakarta"], "type": "place"}],
    }
    job = requests.post(f"{server.url}/v1/jobs", json=body, timeout=10).json()
    assert wait_for_job(server.url, job["id"])["status"] == "succeeded"
    result = requests.get(f"{server.url}/v1/jobs/{job['id']}/result", timeout=10).json()
    assert errors("JobResult", result) == []
    sentences = [s for p in result["articles"][0]["paragraphs"] for s in p]
    assert any(s["terms"] for s in sentences), "the result should reach down to terms"

    no_target = copy.deepcopy(result)
    del no_target["articles"][0]["paragraphs"][0][0]["target"]
    assert any("'target' is a required property" in e for e in errors("JobResult", no_target))
    lost = copy.deepcopy(result)
    next(s for p in lost["articles"][0]["paragraphs"] for s in p if s["terms"])["terms"][0]["status"] = "lost"
    assert any("terms/0/status" in e for e in errors("JobResult", lost))

    pairs = {"pairs": [{"source": text, "reference": "The Russian president arrived in North Korea."}]}
    location = (
        server.url + requests.post(f"{server.url}/v1/benchmarks", json=pairs, timeout=10).headers["Location"]
    )
    deadline = time.monotonic() + 240
    while requests.get(location, timeout=10).json()["status"] not in ("succeeded", "failed"):
        assert time.monotonic() < deadline
        time.sleep(0.3)
    assert errors("BenchmarkReport", requests.get(location + "/report", timeout=10).json()) == []
