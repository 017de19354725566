"""The operations of ``/openapi.json``, described by hand: paths, statuses and media types.

Bodies and query parameters come from the contract's models (``schemas.py``); what is written here is
what a route does with them. ``tests/test_openapi.py`` checks every route of the app is described.
"""

from __future__ import annotations

from typing import Any

from glossary.formats import FORMATS
from glossary.model import NAME_PATTERN
from service.blueprints.benchmarks import REPORT_FORMATS
from service.blueprints.glossaries import (
    FORMAT_OF_MIME,
    MIME_OF_FORMAT,
    GlossaryPairQuery,
    GlossaryQuery,
    GlossaryWriteQuery,
)
from service.blueprints.jobs import MAX_KEY_LENGTH, ResultQuery
from service.blueprints.memory import TMX_MIME, MemoryQuery, MemoryWriteQuery
from service.openapi.deepl import deepl_paths
from service.openapi.deepl_v3 import deepl_v3_paths
from service.openapi.libretranslate import libretranslate_paths
from service.openapi.schemas import body, query_parameters, ref
from service.preconditions import IF_MATCH_PATTERN
from service.problems import PROBLEM_MIME
from service.renderers import RENDERERS
from workers.contract.benchmark import Benchmark, BenchmarkReport
from workers.contract.glossary import (
    GlossaryEdit,
    GlossaryFile,
    GlossaryInfo,
    GlossaryList,
    GlossaryTermPage,
    GlossaryTermsQuery,
    GlossaryUpload,
)
from workers.contract.job import Job, JobList, JobListQuery
from workers.contract.memory import MemoryInfo
from workers.contract.operations import Health, Problem, Readiness
from workers.contract.request import (
    ArticleApproval,
    BenchmarkRequest,
    JobRequest,
    SentenceEdit,
    SentenceReview,
    TranslateRequest,
)
from workers.contract.result import EditReport, SentenceView
from workers.contract.sync import TranslateResult
from workers.documents.formats import KINDS

JSON = "application/json"
Schema = dict[str, Any]
MEANINGS = {
    400: "The body is not JSON or not UTF-8, or a value is one the store cannot hold; `field` names it.",
    401: "No API key, or an unknown or revoked one.",
    403: "A change the caller may not make: a cookie-authenticated one from another site, or an admin's.",
    404: "Nothing by that id for this API key.",
    409: "The resource is not in a state that allows this.",
    412: "Someone saved first: `current` holds what stands now; merge and save with its revision.",
    413: "A cap was exceeded; `limit` holds its value.",
    415: "Unsupported Content-Type.",
    422: "A member is invalid; `field` names it.",
    428: "If-Match is required: send the revision you edited (the ETag of GET).",
    429: "Rate limit exceeded; retry after `Retry-After` seconds.",
    503: "Redis or the job store is unreachable (or no worker has the model); nothing was changed.",
    504: "No worker answered in time (`WARTA_SYNC_TIMEOUT`); nothing is kept, send it again.",
}
# Printable ASCII with something besides spaces: what an HTTP header can carry as a key.
PRINTABLE = "^[ -~]*[!-~][ -~]*$"


def content(schema: Schema, media_type: str = JSON) -> dict[str, Any]:
    return {media_type: {"schema": schema}}


def problems(*statuses: int) -> dict[str, Any]:
    """Error answers: RFC 9457 problem details, with the status meanings a client acts on."""
    answers: dict[str, Any] = {}
    for status in sorted({*statuses, 401, 403, 429}):
        answer: dict[str, Any] = {
            "description": MEANINGS[status],
            "content": content(body(Problem), PROBLEM_MIME),
        }
        if status == 429:
            answer["headers"] = {
                "Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait."}
            }
        answers[str(status)] = answer
    return answers


def operation(op_id: str, tag: str, summary: str, responses: dict[str, Any], **more: Any) -> dict[str, Any]:
    return {"operationId": op_id, "tags": [tag], "summary": summary, **more, "responses": responses}


def ok(description: str, schema: Schema) -> dict[str, Any]:
    return {"description": description, "content": content(schema)}


def path_id(name: str, description: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "path",
        "required": True,
        "schema": {"type": "string"},
        "description": description,
    }


PUBLIC = {"security": []}


def paths() -> dict[str, Any]:
    job_id = path_id("job_id", "The job's id, from POST /v1/jobs.")
    benchmark_id = path_id("benchmark_id", "The benchmark's id.")
    return {**_jobs(job_id), **_edits(job_id), **_translate(), **_glossaries(), **_memory(),
            **_benchmarks(benchmark_id),
            **_operations(), **deepl_paths(), **deepl_v3_paths(), **libretranslate_paths()}  # fmt: skip


def _jobs(job_id: dict[str, Any]) -> dict[str, Any]:
    result_types = {r.media_type.split(";")[0]: {"schema": {"type": "string"}} for r in RENDERERS.values()}
    result_types[JSON] = {"schema": ref("Result")}
    result_types["application/zip"] = {"schema": {"type": "string", "format": "binary"}}
    for kind in KINDS.values():  # ``format=document``: the translated file of a document's job
        result_types.setdefault(
            kind.output.media_type.split(";")[0], {"schema": {"type": "string", "format": "binary"}}
        )
    idempotency = {
        "name": "Idempotency-Key",
        "in": "header",
        "required": False,
        "schema": {"type": "string", "minLength": 1, "maxLength": MAX_KEY_LENGTH, "pattern": PRINTABLE},
        "description": "Same key and body: the same job back, queued once; a key names one request.",
    }
    return {
        "/v1/jobs": {
            "post": operation(
                "submitJob",
                "jobs",
                "Queue articles for translation and summarization",
                {
                    "202": ok("Accepted and queued (or replayed for a known key).", body(Job)),
                    **problems(400, 413, 415, 422, 503),
                },
                parameters=[idempotency],
                requestBody={"required": True, "content": content(body(JobRequest))},
            ),
            "get": operation(
                "listJobs",
                "jobs",
                "Your jobs, newest first",
                {"200": ok("A page of jobs.", body(JobList)), **problems(404, 422)},
                parameters=query_parameters(JobListQuery),
            ),
        },
        "/v1/jobs/{job_id}": {
            "parameters": [job_id],
            "get": operation(
                "getJob",
                "jobs",
                "Status and progress of a job",
                {"200": ok("The job.", body(Job)), **problems(404)},
            ),
            "delete": operation(
                "cancelJob",
                "jobs",
                "Cancel a job: at once when queued, at the next batch when running",
                {
                    "200": ok("Canceled.", body(Job)),
                    "202": ok("Running: it stops at its next batch.", body(Job)),
                    **problems(404, 409),
                },
            ),
        },
        "/v1/jobs/{job_id}/result": {
            "parameters": [job_id],
            "get": operation(
                "getResult",
                "jobs",
                "The bilingual result, as JSON or a download (Accept or `format`)",
                {"200": {"description": "The result.", "content": result_types}, **problems(404, 409, 422)},
                parameters=query_parameters(ResultQuery),
            ),
        },
    }


def if_match_header(description: str) -> dict[str, Any]:
    """The If-Match an edit requires (``service/preconditions.py`` reads it)."""
    schema = {"type": "string", "pattern": IF_MATCH_PATTERN}
    return {
        "name": "If-Match",
        "in": "header",
        "required": True,
        "schema": schema,
        "description": description,
    }


def _edits(job_id: dict[str, Any]) -> dict[str, Any]:
    article = path_id("article_id", "The article's id, as submitted (percent-encoded; it may hold `/`).")
    index = {**path_id("index", "The sentence's index in the article, from 0."),
             "schema": {"type": "integer", "minimum": 0}}  # fmt: skip
    etag = {"ETag": {"schema": {"type": "string"}, "description": "The sentence's revision, for If-Match."}}
    if_match = if_match_header(
        'The revision the edit started from, as the ETag gave it ("0" if never edited); `*` saves over '
        "whatever stands."
    )
    view = {"description": "The sentence, its revisions.", "content": content(body(SentenceView)),
            "headers": etag}  # fmt: skip
    return {
        "/v1/jobs/{job_id}/articles/{article_id}/sentences/{index}": {
            "parameters": [job_id, article, index],
            "get": operation(
                "getSentence", "edits", "One sentence of a finished job, with its revisions",
                {"200": view, **problems(404, 409)},
            ),
            "patch": operation(
                "editSentence", "edits",
                "Save an editor's English for the sentence; it enters the key's human translation memory",
                {"200": {**view, "description": "Saved: the sentence, its revisions and glossary proposals."},
                 **problems(400, 404, 409, 412, 413, 415, 422, 428, 503)},
                parameters=[if_match],
                requestBody={"required": True, "content": content(body(SentenceEdit))},
            ),
        },
        "/v1/jobs/{job_id}/articles/{article_id}/sentences/{index}/review": {
            "parameters": [job_id, article, index],
            "put": operation(
                "reviewSentence", "edits",
                "Mark the sentence's English reviewed as it stands (or not); its revision stays",
                {"200": {**view, "description": "The sentence, its revisions."},
                 **problems(400, 404, 409, 415, 422, 503)},
                requestBody={"required": True, "content": content(body(SentenceReview))},
            ),
        },
        "/v1/jobs/{job_id}/approval": {
            "parameters": [job_id],
            "put": operation(
                "approveJob", "edits", "Mark every article's English final (or not)",
                {"200": ok("The job's edit report.", body(EditReport)),
                 **problems(400, 404, 409, 415, 422, 503)},
                requestBody={"required": True, "content": content(body(ArticleApproval))},
            ),
        },
        "/v1/jobs/{job_id}/articles/{article_id}/approval": {
            "parameters": [job_id, article],
            "put": operation(
                "approveArticle", "edits", "Mark the article's English final (or not)",
                {"200": ok("The article's edit report.", body(EditReport)),
                 **problems(400, 404, 409, 415, 422)},
                requestBody={"required": True, "content": content(body(ArticleApproval))},
            ),
        },
    }  # fmt: skip


def _glossaries() -> dict[str, Any]:
    name = {
        "name": "name",
        "in": "path",
        "required": True,
        "schema": {"type": "string", "pattern": NAME_PATTERN},
        "examples": {"built-in": {"value": "default"}},
    }
    formats = {
        "name": "format",
        "in": "query",
        "schema": {"type": "string", "enum": list(FORMATS)},
        "description": "The file's format, where its Content-Type does not say it; the two must agree.",
    }
    # A text file in that format (``glossary/formats.py``): two columns, source and target.
    uploads = {
        mime: {"schema": {"type": "string", "format": f"glossary-{fmt}"}}
        for mime, fmt in FORMAT_OF_MIME.items()
        if mime != JSON
    }
    uploads[JSON] = {"schema": body(GlossaryUpload)}
    downloads = {
        mime: {"schema": {"type": "string"}} for mime in sorted(set(MIME_OF_FORMAT.values()) - {JSON})
    }
    downloads[JSON] = {"schema": body(GlossaryFile)}
    version_tag = {"ETag": {"schema": {"type": "string"}, "description": "The version, for If-Match."}}
    if_match = if_match_header(
        "The version the edit started from, as the ETag of the terms gave it; `*` edits whatever version "
        "stands."
    )
    return {
        "/v1/glossaries": {
            "get": operation(
                "listGlossaries",
                "glossaries",
                "Your glossaries, the shared ones and the built-in `default`",
                {"200": ok("Latest version of each.", body(GlossaryList)), **problems()},
            ),
        },
        "/v1/glossaries/{name}": {
            "parameters": [name],
            "put": operation(
                "putGlossary",
                "glossaries",
                "Upload a new version (TSV, CSV, Google CSV term sets or JSON)",
                {
                    "201": ok("First version.", body(GlossaryInfo)),
                    "200": ok("A new version.", body(GlossaryInfo)),
                    **problems(400, 403, 409, 413, 415, 422),
                    "409": {
                        **problems(409)["409"],
                        "description": "`glossary_read_only`: `default` is built in, or (without an API key) "
                        "the name is the operator's shared glossary, which an upload would change for every "
                        "client without a key; upload under another name.",
                    },
                },
                parameters=[formats, *query_parameters(GlossaryPairQuery)],
                requestBody={"required": True, "content": uploads},
            ),
            "get": operation(
                "getGlossary",
                "glossaries",
                "Download a glossary",
                {"200": {"description": "The glossary file.", "content": downloads}, **problems(404, 422)},
                parameters=[formats, *query_parameters(GlossaryQuery)],
            ),
            "patch": operation(
                "editGlossary",
                "glossaries",
                "Add, change and delete terms, making a new version; every other term is kept whole",
                {
                    "200": {**ok("The new version (the same one where the edit changes nothing).",
                                 body(GlossaryInfo)), "headers": version_tag},
                    **problems(400, 403, 404, 409, 412, 413, 415, 422, 428),
                    "409": {
                        **problems(409)["409"],
                        "description": "`glossary_read_only`: `default` is built in, and a shared glossary "
                        "is edited only by an admin key with `?shared=true`.",
                    },
                },
                parameters=[if_match, *query_parameters(GlossaryWriteQuery)],
                requestBody={"required": True, "content": content(body(GlossaryEdit))},
            ),
            "delete": operation(
                "deleteGlossary",
                "glossaries",
                "Delete every version",
                {"204": {"description": "Deleted."}, **problems(403, 404, 409, 422)},
                parameters=query_parameters(GlossaryWriteQuery),
            ),
        },
        "/v1/glossaries/{name}/terms": {
            "parameters": [name],
            "get": operation(
                "listGlossaryTerms",
                "glossaries",
                "One page of the latest version's terms, every member of each, searched and sorted",
                {"200": {**ok("The page, and how many terms there are.", body(GlossaryTermPage)),
                         "headers": version_tag}, **problems(404, 422)},
                parameters=query_parameters(GlossaryTermsQuery),
            ),
        },
    }  # fmt: skip


def _memory() -> dict[str, Any]:
    tmx = {TMX_MIME: {"schema": {"type": "string", "format": "tmx"}}}
    info = body(MemoryInfo)
    return {
        "/v1/memory": {
            "get": operation(
                "exportMemory", "memory", "Your human translation memory (or the shared one) as TMX",
                {"200": {"description": "TMX 1.4, or its size as JSON where Accept asks for JSON.",
                         "content": {**tmx, **content(info)}}, **problems(422)},
                parameters=query_parameters(MemoryQuery),
            ),
            "put": operation(
                "importMemory", "memory", "Add a TMX's units to the memory (or replace it with them)",
                {"200": ok("Imported.", info), **problems(400, 403, 413, 415, 422)},
                parameters=query_parameters(MemoryWriteQuery),
                requestBody={"required": True, "content": tmx,
                             "description": "A TMX file (also taken as application/xml or text/xml)."},
            ),
            "delete": operation(
                "forgetMemory", "memory", "Delete every unit of the memory",
                {"200": ok("Deleted.", info), **problems(403, 422)},
                parameters=query_parameters(MemoryWriteQuery),
            ),
        },
    }  # fmt: skip


def _benchmarks(benchmark_id: dict[str, Any]) -> dict[str, Any]:
    report_format = {
        "name": "format",
        "in": "query",
        "schema": {"type": "string", "enum": list(REPORT_FORMATS)},
    }
    return {
        "/v1/benchmarks": {
            "post": operation(
                "submitBenchmark",
                "benchmarks",
                "Queue a quality benchmark over source/reference pairs",
                {"202": ok("Queued.", body(Benchmark)), **problems(400, 413, 415, 422, 503)},
                requestBody={"required": True, "content": content(body(BenchmarkRequest))},
            ),
        },
        "/v1/benchmarks/{benchmark_id}": {
            "parameters": [benchmark_id],
            "get": operation(
                "getBenchmark",
                "benchmarks",
                "Status of a benchmark",
                {"200": ok("The benchmark.", body(Benchmark)), **problems(404)},
            ),
        },
        "/v1/benchmarks/{benchmark_id}/report": {
            "parameters": [benchmark_id],
            "get": operation(
                "getBenchmarkReport",
                "benchmarks",
                "The report: scores with signatures, speed, sentences; JSON or HTML",
                {
                    "200": {
                        "description": "The report.",
                        "content": {
                            JSON: {"schema": body(BenchmarkReport)},
                            "text/html": {"schema": {"type": "string"}},
                        },
                    },
                    **problems(404, 409, 422),
                },
                parameters=[report_format],
            ),
        },
    }


def _translate() -> dict[str, Any]:
    return {
        "/v1/translate": {
            "post": operation(
                "translateText",
                "translate",
                "Translate short texts while you wait (a worker answers within WARTA_SYNC_TIMEOUT)",
                {
                    "200": ok("The English of each text, in order.", body(TranslateResult)),
                    **problems(400, 409, 413, 415, 422, 503, 504),
                },
                requestBody={"required": True, "content": content(body(TranslateRequest))},
            ),
        },
    }


def _operations() -> dict[str, Any]:
    return {
        "/healthz": {
            "get": operation(
                "health",
                "operations",
                "Liveness",
                {"200": ok("The process serves HTTP.", body(Health))},
                **PUBLIC,
            )
        },
        "/readyz": {
            "get": operation(
                "ready",
                "operations",
                "Readiness: Redis, the job store and a live worker with its models loaded",
                {
                    "200": ok("Ready.", body(Readiness)),
                    "503": ok(
                        "Not ready; the failing check says why (`models`: which roles no worker can run).",
                        body(Readiness),
                    ),
                },
                **PUBLIC,
            )
        },
        "/metrics": {
            "get": operation(
                "metrics",
                "operations",
                "Prometheus metrics",
                {
                    "200": {
                        "description": "Prometheus text format.",
                        "content": content({"type": "string"}, "text/plain"),
                    }
                },
                **PUBLIC,
            )
        },
        "/openapi.json": {
            "get": operation(
                "openapi",
                "operations",
                "This document",
                {"200": ok("OpenAPI 3.1.", {"type": "object"})},
                **PUBLIC,
            )
        },
    }
