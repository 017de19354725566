"""``/v1/benchmarks``: a quality benchmark as a job on its own queue, with a JSON and an HTML report.

The dataset travels in the request (pairs of source and reference); the API never opens a path a client
names. From the command line, ``warta bench`` reads files.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request, url_for
from redis.exceptions import RedisError

from service.auth import current_owner
from service.benchmark_store import BenchmarkStore
from service.problems import Problem
from service.queue import enqueue_benchmark
from service.store import SUCCEEDED

bp = Blueprint("benchmarks", __name__, url_prefix="/v1/benchmarks")
MAX_PAIRS = 5000
FIELDS = {"name", "pairs", "glossary"}


def _store() -> BenchmarkStore:
    return current_app.extensions["warta.benchmarks"]


def invalid(field: str, detail: str) -> Problem:
    return Problem(422, "invalid_field", detail, field=field)


def parse_benchmark(payload: Any) -> dict[str, Any]:
    if not isinstance(payload, dict):
        raise invalid("body", 'Send {"pairs": [{"source": "…", "reference": "…"}], "glossary": "default"}.')
    unknown = sorted(set(payload) - FIELDS)
    if unknown:
        raise invalid(unknown[0], f"Unknown member '{unknown[0]}'. Allowed: {', '.join(sorted(FIELDS))}.")
    pairs = payload.get("pairs")
    if not isinstance(pairs, list) or not pairs:
        raise invalid("pairs", '"pairs" must be a non-empty list of {"source": "…", "reference": "…"}.')
    if len(pairs) > MAX_PAIRS:
        detail = f"{len(pairs)} pairs exceed the cap of {MAX_PAIRS}; run larger sets with `warta bench`."
        raise Problem(413, "too_many_pairs", detail, field="pairs", limit=MAX_PAIRS)
    for i, pair in enumerate(pairs):
        for key in ("source", "reference"):
            if not isinstance(pair, dict) or not isinstance(pair.get(key), str) or not pair[key].strip():
                raise invalid(f"pairs[{i}].{key}", f"pairs[{i}].{key} must be a non-empty string.")
    glossary = payload.get("glossary", "default")
    if glossary not in ("default", None):
        raise invalid("glossary", '"glossary" must be "default" or null.')
    name = payload.get("name", "api")
    if not isinstance(name, str) or not name.strip():
        raise invalid("name", '"name" must be a non-empty string.')
    return {"name": name.strip(), "glossary": glossary,
            "pairs": [{"source": p["source"], "reference": p["reference"]} for p in pairs]}  # fmt: skip


@bp.post("")
def submit() -> Response:
    if request.mimetype != "application/json":
        raise Problem(
            415, "unsupported_media_type", "Send the benchmark as application/json.", field="Content-Type"
        )
    benchmark = parse_benchmark(request.get_json(silent=True))
    benchmark_id = _store().create(benchmark, current_owner())
    try:
        enqueue_benchmark(
            current_app.extensions["warta.redis"], current_app.extensions["warta.settings"], benchmark_id
        )
    except RedisError as error:
        _store().fail(
            benchmark_id, "queue_unavailable", f"The job queue (Redis) could not be reached: {error}"
        )
        raise Problem(
            503, "queue_unavailable", "The job queue is unreachable; nothing was queued."
        ) from error
    response = jsonify(describe(benchmark_id))
    response.status_code = 202
    response.headers["Location"] = url_for("benchmarks.status", benchmark_id=benchmark_id)
    return response


@bp.get("/<benchmark_id>")
def status(benchmark_id: str) -> dict[str, Any]:
    return describe(benchmark_id)


@bp.get("/<benchmark_id>/report")
def report(benchmark_id: str) -> Response:
    from workers.bench_report import render_run

    record = _find(benchmark_id)
    if record["status"] != SUCCEEDED:
        raise Problem(409, "report_not_ready", f"Benchmark {benchmark_id} is {record['status']}.",
                      status_of_benchmark=record["status"])  # fmt: skip
    fmt = request.args.get("format", "json")
    if fmt not in ("json", "html"):
        raise Problem(422, "unsupported_format", "format must be json or html.", field="format")
    if fmt == "html":
        return Response(render_run(record["report"]), mimetype="text/html")
    return jsonify(record["report"])


def describe(benchmark_id: str) -> dict[str, Any]:
    record = _find(benchmark_id)
    error = (
        {"code": record["error_code"], "message": record["error_message"]} if record["error_code"] else None
    )
    return {
        "id": record["id"], "status": record["status"], "name": record["request"]["name"],
        "pairs": len(record["request"]["pairs"]), "created_at": _iso(record["created_at"]),
        "finished_at": _iso(record["finished_at"]), "error": error,
        "links": {"self": url_for("benchmarks.status", benchmark_id=record["id"]),
                  "report": url_for("benchmarks.report", benchmark_id=record["id"])},
    }  # fmt: skip


def _find(benchmark_id: str) -> dict[str, Any]:
    record = _store().get(benchmark_id)
    if record is None or record["owner"] != current_owner():
        raise Problem(404, "benchmark_not_found", f"No benchmark with id {benchmark_id!r}.", field="id")
    return record


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None
