"""A bounded fuzz pass over every endpoint: requests built from the request models' valid examples with
members dropped, replaced by any JSON value or joined by unknown ones, odd characters in every string,
arbitrary query strings, headers and glossary files. Whatever arrives, the answer is never a 5xx, and
every refusal of the API is a problem naming a field.

Schemathesis (``test_openapi.py``) sends what the schema describes; this sends what it does not.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glossary.formats import FORMATS
from service.renderers import RENDERERS
from workers.contract.article import ArticleInput

# What broke the service before: controls, a lone surrogate, line and paragraph separators, noncharacters,
# markup and XML's CDATA end, bidirectional overrides, characters outside the BMP.
ODD = ["\x00", "\x01", "\x0b", "\x0c", "\ud800", "\udfff", "\u2028", "\x85", "\ufffe", "\uffff", "<b>", "]]>",
       "&amp;", "\u202e", "😀", "\t", "\r\n", "\\", '"', "²", "٣"]  # fmt: skip
TEXT = st.one_of(
    st.text(max_size=40),
    st.lists(st.sampled_from(ODD) | st.text(max_size=4), max_size=8).map("".join),
    st.sampled_from(["", " ", "x" * 5000, "default", "1", "-1", "0", "99999999999999999999999999999"]),
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False),
    TEXT,
)
JSON = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=8,
)

ARTICLE = {"id": "a-1", "title": "Banjir", "text": "Presiden tiba di Jakarta. Harga beras naik.",
           "reference": "The president arrived.", "reference_summary": "He arrived."}  # fmt: skip
JOB = {"articles": [ARTICLE, {"html": "<p>Harga beras naik.</p>"}], "tasks": ["translate", "summarize"],
       "glossary": "default", "terms": [{"source": "Jakarta", "target": "Jakarta"}], "clean": True,
       "force": False, "summary_method": "extractive", "summary_length": "short"}  # fmt: skip
BENCHMARK = {"name": "fuzz", "pairs": [{"source": "Halo.", "reference": "Hello."}], "glossary": "default"}
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None)


@st.composite
def mutated(draw: st.DrawFn, example: Any, depth: int = 0) -> Any:
    """``example`` with some members dropped, replaced or mutated in turn, and unknown ones added."""
    if isinstance(example, dict):
        out = {}
        for key, value in example.items():
            choice = draw(st.sampled_from(["keep", "keep", "drop", "replace", "mutate"]))
            if choice == "keep":
                out[key] = value
            elif choice == "replace":
                out[key] = draw(JSON)
            elif choice == "mutate" and depth < 3:
                out[key] = draw(mutated(value, depth + 1))
        if draw(st.booleans()):
            out[draw(TEXT)] = draw(JSON)
        return out
    if isinstance(example, list):
        items = [draw(mutated(item, depth + 1)) if depth < 3 else item for item in example]
        return items + draw(st.lists(JSON, max_size=2))
    if isinstance(example, str):
        return draw(
            st.one_of(st.just(example), TEXT, st.builds(lambda odd: example + odd, st.sampled_from(ODD)))
        )
    return draw(JSON)


def body_of(document: Any) -> bytes:
    """JSON as a client could send it: lone surrogates as escapes, the rest as UTF-8."""
    return json.dumps(document).encode()


def assert_answered(response: Any, where: str) -> None:
    assert response.status_code < 500, (
        f"{where}: {response.status_code} {response.get_data(as_text=True)[:500]}"
    )
    if response.status_code >= 400 and response.mimetype == "application/problem+json":
        problem = response.get_json()
        assert problem["code"] and problem["detail"] and problem["status"] == response.status_code, problem


@pytest.fixture
def fuzz_client(app: Any) -> Any:
    client = app.test_client()
    store = app.extensions["warta.store"]
    job = store.create_job([ArticleInput("1", None, "Harga beras naik.")], ["translate"], {})
    return client, job.id


@FUZZ
@given(document=mutated(JOB), key=st.none() | TEXT)
def test_job_submissions_never_answer_a_5xx(fuzz_client, document, key):
    client, _job = fuzz_client
    headers = {"Idempotency-Key": key} if key else {}
    try:
        response = client.post("/v1/jobs", data=body_of(document), content_type="application/json",
                               headers=headers)  # fmt: skip
    except ValueError:  # werkzeug's own client refuses a header with a newline: no server would see it
        return
    assert_answered(response, "POST /v1/jobs")


@FUZZ
@given(document=mutated(BENCHMARK))
def test_benchmark_submissions_never_answer_a_5xx(fuzz_client, document):
    client, _job = fuzz_client
    response = client.post("/v1/benchmarks", data=body_of(document), content_type="application/json")
    assert_answered(response, "POST /v1/benchmarks")


GLOSSARY_LINE = st.lists(
    st.sampled_from([*ODD, ",", "\t", '"', "\n", "Jakarta", "DKI", "#"]) | TEXT, max_size=10
)
CONTENT_TYPES = [
    "text/tab-separated-values",
    "text/csv",
    "application/json",
    "text/plain",
    "application/xml",
    "",
]


@FUZZ
@given(
    name=st.sampled_from(["fuzz", "default", "x" * 65, "A", "a/b"]) | TEXT,
    lines=st.lists(
        st.builds(lambda a, b, sep: a + sep + b, TEXT, TEXT, st.sampled_from(["\t", ",", ";"]))
        | GLOSSARY_LINE.map("".join),
        max_size=6,
    ),
    document=mutated(
        {
            "terms": [
                {
                    "id": "t",
                    "target": "Jakarta",
                    "sources": ["DKI"],
                    "forms": ["Jakarta's"],
                    "type": "place",
                    "case_sensitive": False,
                }
            ]
        }
    ),
    fmt=st.none() | st.sampled_from([*FORMATS, "xml", ""]),
    content_type=st.sampled_from(CONTENT_TYPES),
    shared=st.none() | st.sampled_from(["true", "false", "maybe"]),
)
def test_glossary_uploads_downloads_and_deletes_never_answer_a_5xx(
    fuzz_client, name, lines, document, fmt, content_type, shared
):
    client, _job = fuzz_client
    query = {k: v for k, v in {"format": fmt, "shared": shared}.items() if v is not None}
    data = (
        body_of(document)
        if content_type == "application/json"
        else "\n".join(lines).encode("utf-8", "replace")
    )
    path = f"/v1/glossaries/{name}"
    try:
        put = client.put(path, data=data, content_type=content_type, query_string=query)
    except (ValueError, UnicodeEncodeError):  # not a URL any client could send
        return
    assert_answered(put, f"PUT {path}")
    assert_answered(client.get(path, query_string={"format": fmt or "tsv", "version": shared or "1"}), "GET")
    assert_answered(client.get(f"/glossaries/{name}"), "GET page")
    assert_answered(client.delete(path, query_string=query), f"DELETE {path}")


@FUZZ
@given(
    query=st.dictionaries(
        st.sampled_from(["status", "limit", "cursor", "format", "article", "version", "_"]),
        st.sampled_from([*RENDERERS, "zip", "queued", "50"]) | TEXT,
        max_size=4,
    ),
    job_id=st.none() | TEXT,
    accept=st.none()
    | st.sampled_from(
        [
            "application/json",
            "text/markdown",
            "application/x-tmx+xml",
            "*/*",
            "text/html;q=0.1, application/xliff+xml",
            "garbage/",
        ]
    ),
)
def test_reads_of_jobs_results_and_benchmarks_never_answer_a_5xx(fuzz_client, query, job_id, accept):
    client, known = fuzz_client
    job = known if job_id is None else job_id
    headers = {"Accept": accept} if accept else {}
    jobs = ["/v1/jobs", f"/v1/jobs/{job}", f"/v1/jobs/{job}/result", f"/jobs/{job}", "/"]
    paths = [*jobs, f"/v1/benchmarks/{job}", f"/v1/benchmarks/{job}/report", "/glossaries", "/v1/glossaries"]
    for path in paths:
        try:
            response = client.get(path, query_string=query, headers=headers)
        except (ValueError, UnicodeEncodeError):
            continue
        assert_answered(response, f"GET {path}?{query}")


@FUZZ
@given(form=st.dictionaries(st.sampled_from(["key", "next"]), TEXT, max_size=2), next_=st.none() | TEXT)
def test_log_in_and_cancel_never_answer_a_5xx(fuzz_client, form, next_):
    client, known = fuzz_client
    if any("\ud800" <= c <= "\udfff" for c in "".join(form.values()) + (next_ or "")):
        return  # no client can encode a lone surrogate in a form or URL
    assert_answered(client.post("/login", data=form, headers={"Origin": "http://localhost"},
                                query_string={"next": next_} if next_ else {}), "POST /login")  # fmt: skip
    assert_answered(client.get("/login", query_string={"next": next_} if next_ else {}), "GET /login")
    assert_answered(client.delete(f"/v1/jobs/{known}"), "DELETE /v1/jobs")


# Past what the parsers take by default: the csv module's field limit, Python's recursion and digit limits.
LIMIT_BODIES = {
    "csv-field": "Jakarta," + "b" * 140_000 + "\n",
    "quoted-field": '"' + "b" * 140_000 + '",Jakarta\n',
    "deep": "[" * 50_000 + "]" * 50_000,
    "deep-terms": '{"terms": ' + "[" * 50_000 + "]" * 50_000 + "}",
    "digits": '{"terms": [{"target": "a", "sources": ["b"], "x": ' + "1" * 5000 + "}]}",
}
# In JSON only: in a CSV or TSV file this is six characters of text.
SURROGATE = '{"terms": [{"target": "Jakarta\\ud800", "sources": ["DKI"]}]}'


@pytest.mark.parametrize(
    ("fmt", "body"),
    [*((fmt, body) for fmt in FORMATS for body in LIMIT_BODIES.values()), ("json", SURROGATE)],
    ids=[*(f"{name}-{fmt}" for fmt in FORMATS for name in LIMIT_BODIES), "surrogate-json"],
)
def test_glossaries_past_the_parsers_limits_are_refused_naming_the_body(client, fmt, body):
    """A CSV field over 131,072 characters and JSON nested 50,000 deep were 500s."""
    refused = client.put(f"/v1/glossaries/limits?format={fmt}", data=body.encode())
    assert 400 <= refused.status_code < 500, refused.get_data(as_text=True)[:300]
    assert refused.json["field"] == "body" and refused.json["detail"]
