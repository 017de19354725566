"""The OpenAPI 3.1 description of the API, served at ``/openapi.json``.

Written out here rather than inferred from the views, because the views check JSON by hand (to name
the member at fault) and have no request models to infer from. The limits in it come from the running
settings, so the document describes the server that serves it. ``tests/test_openapi.py`` holds the
two together: schemathesis generates requests from this document and checks every answer against it,
and a test checks that every route of the app is described.
"""

from __future__ import annotations

from typing import Any

from service.problems import PROBLEM_MIME
from service.renderers import RENDERERS
from service.settings import Settings

JSON = "application/json"
Schema = dict[str, Any]


def ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema: Schema) -> Schema:
    return {"anyOf": [schema, {"type": "null"}]}


def content(schema: Schema, media_type: str = JSON) -> dict[str, Any]:
    return {media_type: {"schema": schema}}


def problems(*statuses: int) -> dict[str, Any]:
    """Error answers: RFC 9457 problem details, with the status meanings a client acts on."""
    meaning = {
        400: "The body is not JSON or not UTF-8.",
        401: "No API key, or an unknown or revoked one.",
        404: "Nothing by that id for this API key.",
        409: "The resource is not in a state that allows this.",
        413: "A cap was exceeded; `limit` holds its value.",
        403: "A change authenticated by the web page's cookie came from another site.",
        415: "Unsupported Content-Type.",
        422: "A member is invalid; `field` names it.",
        429: "Rate limit exceeded; retry after `Retry-After` seconds.",
        503: "Redis or the job store is unreachable; nothing was changed.",
    }
    answers: dict[str, Any] = {}
    for status in sorted({*statuses, 401, 403, 429}):
        answer: dict[str, Any] = {
            "description": meaning[status],
            "content": content(ref("Problem"), PROBLEM_MIME),
        }
        if status == 429:
            answer["headers"] = {
                "Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait."}
            }
        answers[str(status)] = answer
    return answers


def _string(**extra: Any) -> Schema:
    return {"type": "string", **extra}


TIMESTAMP = nullable(_string(format="date-time"))


def schemas(settings: Settings) -> dict[str, Schema]:
    statuses = ["queued", "running", "succeeded", "failed", "canceled"]
    return {
        "Problem": {
            "type": "object",
            "required": ["type", "title", "status", "code", "detail"],
            "properties": {
                "type": _string(),
                "title": _string(),
                "status": {"type": "integer"},
                "code": _string(description="Stable machine-readable name of the error."),
                "detail": _string(description="What went wrong and how to fix it."),
                "field": _string(description="The request member at fault, e.g. `articles[2].text`."),
                "limit": {"description": "The cap that was exceeded."},
            },
        },
        "Term": {
            "type": "object",
            "required": ["target", "sources"],
            "properties": {
                "id": _string(),
                "target": _string(minLength=1),
                "sources": {"type": "array", "minItems": 1, "items": _string(minLength=1)},
                "type": _string(enum=["person", "organization", "place", "title", "other"]),
                "forms": {"type": "array", "items": _string()},
                "keep": {"type": "boolean"},
                "case_sensitive": {"type": "boolean"},
            },
        },
        "ArticleIn": {
            "type": "object",
            "additionalProperties": False,
            "description": "Exactly one of `text` or `html` (the page's main text is extracted; markup, "
            "scripts and styles are dropped and never rendered).",
            "properties": {
                "id": _string(minLength=1, maxLength=200, description="Defaults to the position, from 1."),
                "title": _string(minLength=1),
                "text": _string(minLength=1, maxLength=settings.max_article_chars),
                "html": _string(minLength=1, maxLength=settings.max_article_chars),
                "reference": _string(minLength=1, description="An English reference translation."),
                "reference_summary": _string(minLength=1),
            },
            "oneOf": [{"required": ["text"]}, {"required": ["html"]}],
        },
        "JobRequest": {
            "type": "object",
            "additionalProperties": False,
            "required": ["articles"],
            "properties": {
                "articles": {
                    "type": "array",
                    "minItems": 1,
                    "maxItems": settings.max_articles,
                    "items": ref("ArticleIn"),
                },
                "tasks": {
                    "type": "array",
                    "minItems": 1,
                    "items": _string(enum=["translate", "summarize"]),
                    "default": ["translate", "summarize"],
                },
                "glossary": nullable(_string(description="A stored glossary's name; `default` is built in.")),
                "terms": {
                    "type": "array",
                    "maxItems": 1000,
                    "items": ref("Term"),
                    "description": "Inline terms; they win over the named glossary.",
                },
                "clean": {
                    "type": "boolean",
                    "default": True,
                    "description": "Drop bylines, captions and boilerplate before translating.",
                },
                "force": {
                    "type": "boolean",
                    "default": False,
                    "description": "Process articles that do not look Indonesian.",
                },
                "summary_method": nullable(_string(enum=["abstractive", "extractive"])),
                "summary_length": {
                    "anyOf": [
                        _string(enum=["short", "medium", "long"]),
                        {"type": "integer", "minimum": 8, "maximum": 512},
                    ]
                },
            },
        },
        "Job": {
            "type": "object",
            "required": ["id", "status", "tasks", "options", "progress", "attempts", "created_at", "links"],
            "properties": {
                "id": _string(),
                "status": _string(enum=statuses),
                "tasks": {"type": "array", "items": _string()},
                "options": {"type": "object"},
                "progress": {
                    "type": "object",
                    "required": ["stage", "done", "total"],
                    "properties": {
                        "stage": _string(),
                        "done": {"type": "integer"},
                        "total": {"type": "integer"},
                    },
                },
                "attempts": {"type": "integer", "minimum": 0},
                "created_at": _string(format="date-time"),
                "started_at": TIMESTAMP,
                "finished_at": TIMESTAMP,
                "error": nullable(
                    {
                        "type": "object",
                        "required": ["code", "message"],
                        "properties": {"code": _string(), "message": _string()},
                    }
                ),
                "cancel_requested": {"type": "boolean"},
                "links": {"type": "object", "properties": {"self": _string(), "result": _string()}},
            },
        },
        "JobList": {
            "type": "object",
            "required": ["jobs", "next"],
            "properties": {"jobs": {"type": "array", "items": ref("Job")}, "next": nullable(_string())},
        },
        "Result": {
            "description": "The job with its bilingual result: per article the paragraphs of sentence pairs, "
            "the summary in both languages, the glossary report and quality scores; `digests` group the "
            "articles that report the same event.",
            "allOf": [
                ref("Job"),
                {
                    "type": "object",
                    "required": ["articles"],
                    "properties": {
                        "articles": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "required": ["id", "paragraphs"],
                                "properties": {
                                    "id": _string(),
                                    "title": nullable(_string()),
                                    "title_en": nullable(_string()),
                                    "paragraphs": {"type": "array", "items": {"type": "array"}},
                                    "summary": nullable({"type": "object"}),
                                    "glossary_report": nullable({"type": "object"}),
                                    "quality": {"type": "object"},
                                },
                            },
                        },
                        "digests": {"type": "array"},
                        "runtime": {"type": "object"},
                    },
                },
            ],
        },
        "GlossaryInfo": {
            "type": "object",
            "required": ["name", "version", "terms", "shared", "links"],
            "properties": {
                "name": _string(),
                "version": {"type": "integer", "minimum": 1},
                "terms": {"type": "integer", "minimum": 0},
                "shared": {
                    "type": "boolean",
                    "description": "Built in or the operator's: read-only for keys.",
                },
                "links": {"type": "object", "properties": {"self": _string()}},
            },
        },
        "Readiness": {
            "type": "object",
            "required": ["status", "checks"],
            "properties": {
                "status": _string(enum=["ready", "not_ready"]),
                "checks": {
                    "type": "object",
                    "additionalProperties": {
                        "type": "object",
                        "required": ["ok"],
                        "properties": {
                            "ok": {"type": "boolean"},
                            "detail": _string(),
                            "alive": {"type": "integer"},
                        },
                    },
                },
            },
        },
        "BenchmarkRequest": {
            "type": "object",
            "additionalProperties": False,
            "required": ["pairs"],
            "properties": {
                "name": _string(minLength=1),
                "glossary": nullable(_string(enum=["default"])),
                "pairs": {
                    "type": "array",
                    "minItems": 1,
                    "maxItems": 5000,
                    "items": {
                        "type": "object",
                        "required": ["source", "reference"],
                        "properties": {"source": _string(minLength=1), "reference": _string(minLength=1)},
                    },
                },
            },
        },
        "Benchmark": {
            "type": "object",
            "required": ["id", "status", "name", "pairs", "created_at", "links"],
            "properties": {
                "id": _string(),
                "status": _string(enum=statuses),
                "name": _string(),
                "pairs": {"type": "integer"},
                "created_at": _string(),
                "finished_at": nullable(_string()),
                "error": nullable({"type": "object"}),
                "links": {"type": "object", "properties": {"self": _string(), "report": _string()}},
            },
        },
    }


def _id(name: str, description: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": _string(), "description": description}


GLOSSARY_NAME = {
    "name": "name",
    "in": "path",
    "required": True,
    "schema": _string(pattern="^[a-z0-9][a-z0-9._-]{0,63}$"),
    "examples": {"built-in": {"value": "default"}},
}
GLOSSARY_JSON_IN = {
    "description": "The terms, or an object holding them (what GET returns as JSON).",
    "anyOf": [
        {"type": "array", "items": ref("Term")},
        {
            "type": "object",
            "required": ["terms"],
            "properties": {"terms": {"type": "array", "items": ref("Term")}},
        },
    ],
}
GLOSSARY_JSON_OUT = {
    "type": "object",
    "required": ["name", "version", "terms"],
    "properties": {
        "name": _string(),
        "version": {"type": "integer"},
        "terms": {"type": "array", "items": ref("Term")},
    },
}
GLOSSARY_TYPES = {"tsv": "text/tab-separated-values", "csv": "text/csv", "json": JSON}


def paths() -> dict[str, Any]:
    job_id = _id("job_id", "The job's id, from POST /v1/jobs.")
    result_types = {r.media_type.split(";")[0]: {"schema": _string()} for r in RENDERERS.values()}
    result_types[JSON] = {"schema": ref("Result")}
    result_types["application/zip"] = {"schema": _string(format="binary")}
    return {
        "/v1/jobs": {
            "post": {
                "operationId": "submitJob",
                "tags": ["jobs"],
                "summary": "Queue articles for translation and summarization",
                "parameters": [
                    {
                        "name": "Idempotency-Key",
                        "in": "header",
                        "required": False,
                        "schema": _string(minLength=1, maxLength=200),
                        "description": "Same key and body: the same job back, queued once.",
                    }
                ],
                "requestBody": {"required": True, "content": content(ref("JobRequest"))},
                "responses": {
                    "202": {
                        "description": "Accepted and queued (or replayed for a known key).",
                        "content": content(ref("Job")),
                    },
                    **problems(400, 413, 415, 422, 503),
                },
            },
            "get": {
                "operationId": "listJobs",
                "tags": ["jobs"],
                "summary": "Your jobs, newest first",
                "parameters": [
                    {
                        "name": "status",
                        "in": "query",
                        "schema": _string(enum=["queued", "running", "succeeded", "failed", "canceled"]),
                    },
                    {
                        "name": "limit",
                        "in": "query",
                        "schema": {"type": "integer", "minimum": 1, "maximum": 200},
                    },
                    {
                        "name": "after",
                        "in": "query",
                        "schema": _string(),
                        "description": "A job id: the page after it (the `next` link carries it).",
                    },
                ],
                "responses": {
                    "200": {"description": "A page of jobs.", "content": content(ref("JobList"))},
                    **problems(404, 422),
                },
            },
        },
        "/v1/jobs/{job_id}": {
            "parameters": [job_id],
            "get": {
                "operationId": "getJob",
                "tags": ["jobs"],
                "summary": "Status and progress of a job",
                "responses": {
                    "200": {"description": "The job.", "content": content(ref("Job"))},
                    **problems(404),
                },
            },
            "delete": {
                "operationId": "cancelJob",
                "tags": ["jobs"],
                "summary": "Cancel a job: at once when queued, at the next batch when running",
                "responses": {
                    "200": {"description": "Canceled.", "content": content(ref("Job"))},
                    "202": {
                        "description": "Running: it stops at its next batch.",
                        "content": content(ref("Job")),
                    },
                    **problems(404, 409),
                },
            },
        },
        "/v1/jobs/{job_id}/result": {
            "parameters": [job_id],
            "get": {
                "operationId": "getResult",
                "tags": ["jobs"],
                "summary": "The bilingual result, as JSON or a download (Accept or `format`)",
                "parameters": [
                    {"name": "format", "in": "query", "schema": _string(enum=[*RENDERERS, "zip"])},
                    {
                        "name": "article",
                        "in": "query",
                        "schema": _string(),
                        "description": "Only the article with this id.",
                    },
                ],
                "responses": {
                    "200": {"description": "The result.", "content": result_types},
                    **problems(404, 409, 422),
                },
            },
        },
        "/v1/glossaries": {
            "get": {
                "operationId": "listGlossaries",
                "tags": ["glossaries"],
                "summary": "Your glossaries, the shared ones and the built-in `default`",
                "responses": {
                    "200": {
                        "description": "Latest version of each.",
                        "content": content(
                            {
                                "type": "object",
                                "required": ["glossaries"],
                                "properties": {"glossaries": {"type": "array", "items": ref("GlossaryInfo")}},
                            }
                        ),
                    },
                    **problems(),
                },
            },
        },
        "/v1/glossaries/{name}": {
            "parameters": [GLOSSARY_NAME],
            "put": {
                "operationId": "putGlossary",
                "tags": ["glossaries"],
                "summary": "Upload a new version (TSV, CSV, Google CSV term sets or JSON)",
                "parameters": [
                    {
                        "name": "format",
                        "in": "query",
                        "schema": _string(enum=["tsv", "csv", "csv-sets", "json"]),
                    }
                ],
                "requestBody": {
                    "required": True,
                    "content": {
                        "text/tab-separated-values": {"schema": _string()},
                        "text/csv": {"schema": _string()},
                        JSON: {"schema": GLOSSARY_JSON_IN},
                    },
                },
                "responses": {
                    "201": {"description": "First version.", "content": content(ref("GlossaryInfo"))},
                    "200": {"description": "A new version.", "content": content(ref("GlossaryInfo"))},
                    **problems(400, 409, 413, 415, 422),
                },
            },
            "get": {
                "operationId": "getGlossary",
                "tags": ["glossaries"],
                "summary": "Download a glossary",
                "parameters": [
                    {
                        "name": "format",
                        "in": "query",
                        "schema": _string(enum=["tsv", "csv", "csv-sets", "json"]),
                    },
                    {"name": "version", "in": "query", "schema": {"type": "integer", "minimum": 1}},
                ],
                "responses": {
                    "200": {
                        "description": "The glossary file.",
                        "content": {
                            t: {"schema": _string() if t != JSON else GLOSSARY_JSON_OUT}
                            for t in GLOSSARY_TYPES.values()
                        },
                    },
                    **problems(404, 422),
                },
            },
            "delete": {
                "operationId": "deleteGlossary",
                "tags": ["glossaries"],
                "summary": "Delete every version",
                "responses": {"204": {"description": "Deleted."}, **problems(404, 409, 422)},
            },
        },
        "/v1/benchmarks": {
            "post": {
                "operationId": "submitBenchmark",
                "tags": ["benchmarks"],
                "summary": "Queue a quality benchmark over source/reference pairs",
                "requestBody": {"required": True, "content": content(ref("BenchmarkRequest"))},
                "responses": {
                    "202": {"description": "Queued.", "content": content(ref("Benchmark"))},
                    **problems(413, 415, 422, 503),
                },
            },
        },
        "/v1/benchmarks/{benchmark_id}": {
            "parameters": [_id("benchmark_id", "The benchmark's id.")],
            "get": {
                "operationId": "getBenchmark",
                "tags": ["benchmarks"],
                "summary": "Status of a benchmark",
                "responses": {
                    "200": {"description": "The benchmark.", "content": content(ref("Benchmark"))},
                    **problems(404),
                },
            },
        },
        "/v1/benchmarks/{benchmark_id}/report": {
            "parameters": [_id("benchmark_id", "The benchmark's id.")],
            "get": {
                "operationId": "getBenchmarkReport",
                "tags": ["benchmarks"],
                "summary": "The report: scores with confidence intervals, JSON or HTML",
                "parameters": [{"name": "format", "in": "query", "schema": _string(enum=["json", "html"])}],
                "responses": {
                    "200": {
                        "description": "The report.",
                        "content": {JSON: {"schema": {"type": "object"}}, "text/html": {"schema": _string()}},
                    },
                    **problems(404, 409, 422),
                },
            },
        },
        "/healthz": {
            "get": {
                "operationId": "health",
                "tags": ["operations"],
                "summary": "Liveness",
                "security": [],
                "responses": {
                    "200": {
                        "description": "The process serves HTTP.",
                        "content": content(
                            {"type": "object", "required": ["status"], "properties": {"status": _string()}}
                        ),
                    }
                },
            }
        },
        "/readyz": {
            "get": {
                "operationId": "ready",
                "tags": ["operations"],
                "summary": "Readiness: Redis, the job store and a live worker",
                "security": [],
                "responses": {
                    code: {"description": meaning, "content": content(ref("Readiness"))}
                    for code, meaning in (
                        ("200", "Ready."),
                        ("503", "Not ready; the failing check says why."),
                    )
                },
            }
        },
        "/metrics": {
            "get": {
                "operationId": "metrics",
                "tags": ["operations"],
                "summary": "Prometheus metrics",
                "security": [],
                "responses": {
                    "200": {
                        "description": "Prometheus text format.",
                        "content": {"text/plain": {"schema": _string()}},
                    }
                },
            }
        },
        "/openapi.json": {
            "get": {
                "operationId": "openapi",
                "tags": ["operations"],
                "summary": "This document",
                "security": [],
                "responses": {"200": {"description": "OpenAPI 3.1.", "content": content({"type": "object"})}},
            }
        },
    }


def build(settings: Settings, version: str) -> dict[str, Any]:
    security = [{"apiKey": []}] if settings.require_api_key else [{"apiKey": []}, {}]
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Warta",
            "version": version,
            "description": "Indonesian news in; English translations, bilingual summaries, "
            "glossary-consistent names and quality scores out. Jobs are queued and polled; errors are "
            "RFC 9457 problem details.",
            "license": {"name": "Apache-2.0", "identifier": "Apache-2.0"},
        },
        "servers": [{"url": "/"}],
        "security": security,
        "paths": paths(),
        "components": {
            "schemas": schemas(settings),
            "securitySchemes": {
                "apiKey": {
                    "type": "http",
                    "scheme": "bearer",
                    "bearerFormat": "wk_<id>_<secret>",
                    "description": "An API key from `warta keys create`.",
                }
            },
        },
    }
