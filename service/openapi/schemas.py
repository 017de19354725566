"""Every request and response body of ``/openapi.json``, generated from the contract's models.

Requests are described as the models validate them, answers as the models serialize them, so the
document cannot say what the code does not do: a cap, an enum or a required member stands in one place,
the model. Caps that are settings carry the running server's value (``apply_limits``).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from service import deepl_params, deepl_v3_params, libretranslate_params
from service.blueprints.glossaries import GlossaryPairQuery, GlossaryQuery, GlossaryWriteQuery
from service.blueprints.jobs import ResultQuery
from service.blueprints.memory import MemoryQuery, MemoryWriteQuery
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
from workers.contract.limits import Limits, apply_limits
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
from workers.contract.result import EditReport, JobResult, SentenceView
from workers.contract.sync import TranslateResult

REF = "#/components/schemas/{model}"
REQUESTS: tuple[type[BaseModel], ...] = (
    JobRequest, TranslateRequest, BenchmarkRequest, GlossaryUpload, GlossaryEdit, SentenceEdit,
    SentenceReview, ArticleApproval,
)  # fmt: skip
QUERIES: tuple[type[BaseModel], ...] = (
    JobListQuery, ResultQuery, GlossaryQuery, GlossaryWriteQuery, GlossaryPairQuery, GlossaryTermsQuery,
    MemoryQuery, MemoryWriteQuery,
)  # fmt: skip
ANSWERS: tuple[type[BaseModel], ...] = (
    Job, JobList, JobResult, GlossaryInfo, GlossaryList, GlossaryFile, GlossaryTermPage, Benchmark,
    BenchmarkReport, Health, Readiness, Problem, TranslateResult, SentenceView, EditReport, MemoryInfo,
)  # fmt: skip
# The compatible APIs' own models (DeepL's, LibreTranslate's): each module lists its REQUESTS, QUERIES and
# ANSWERS, named with the API's prefix so none meets a Warta model's name.
COMPATIBLE = (deepl_params, deepl_v3_params, libretranslate_params)
REQUESTS += tuple(m for module in COMPATIBLE for m in module.REQUESTS)
QUERIES += tuple(m for module in COMPATIBLE for m in module.QUERIES)
ANSWERS += tuple(m for module in COMPATIBLE for m in module.ANSWERS)
# Names earlier versions of the document gave, kept for clients generated from them.
ALIASES = {"Result": "JobResult"}


def ref(name: str) -> dict[str, str]:
    return {"$ref": REF.format(model=name)}


@cache
def _generated() -> dict[str, Any]:
    """Every model's schema, made once per process (the models do not change); callers copy."""
    models = [(m, "validation") for m in (*REQUESTS, *QUERIES)] + [(m, "serialization") for m in ANSWERS]
    _, top = models_json_schema(models, ref_template=REF)  # type: ignore[arg-type]
    return top["$defs"]  # type: ignore[no-any-return]


def component_schemas(limits: Limits) -> dict[str, Any]:
    """The schemas of ``components``, with ``limits`` written into every capped member."""
    queries = {model.__name__ for model in QUERIES}  # described as parameters, not bodies
    schemas = {name: schema for name, schema in _generated().items() if name not in queries}
    schemas.update({alias: ref(name) for alias, name in ALIASES.items()})
    return apply_limits(schemas, limits)  # type: ignore[no-any-return]


def body(model: type[BaseModel]) -> dict[str, str]:
    """A reference to ``model``'s schema, as a request or an answer."""
    return ref(model.__name__)


def query_parameters(model: type[BaseModel]) -> list[dict[str, Any]]:
    """``model``'s fields as the query parameters of an operation."""
    schema = _generated()[model.__name__]
    required = set(schema.get("required", []))
    parameters = []
    for name, member in schema["properties"].items():
        described = {k: v for k, v in member.items() if k not in ("title", "description", "default")}
        parameter: dict[str, Any] = {"name": name, "in": "query", "required": name in required,
                                     "schema": _nullable_dropped(described)}  # fmt: skip
        if "description" in member:
            parameter["description"] = member["description"]
        parameters.append(parameter)
    return parameters


def _nullable_dropped(schema: dict[str, Any]) -> dict[str, Any]:
    """A query parameter is absent or a string, never null: ``X | None`` is described as ``X``."""
    options = [s for s in schema.get("anyOf", []) if s.get("type") != "null"]
    if len(options) == 1 and len(schema.get("anyOf", [])) == 2:
        rest = {k: v for k, v in schema.items() if k != "anyOf"}
        return {**rest, **options[0]}
    return schema
