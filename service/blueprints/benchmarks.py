"""``/v1/benchmarks``: a quality benchmark as a job on its own queue, with a JSON and an HTML report.

The dataset travels in the request (pairs of source and reference); the API never opens a path a client
names. From the command line, ``warta bench`` reads files.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify, request, url_for
from redis.exceptions import RedisError

from service import extensions
from service.answers import answer
from service.auth import current_owner
from service.problems import Problem
from service.renderers.benchmark import render_run
from service.validation import json_body, parse
from workers.contract.benchmark import Benchmark, BenchmarkLinks
from workers.contract.enums import JobStatus
from workers.contract.job import Failure
from workers.contract.request import BenchmarkRequest
from workers.queue import enqueue_benchmark

bp = Blueprint("benchmarks", __name__, url_prefix="/v1/benchmarks")
REPORT_FORMATS = ("json", "html")


@bp.post("")
def submit() -> Response:
    payload = json_body("the benchmark", 'send {"pairs": [{"source": "…", "reference": "…"}]}')
    benchmark = parse(BenchmarkRequest, payload)
    store = extensions.benchmarks()
    benchmark_id = store.create(benchmark.model_dump(mode="json"), current_owner())
    try:
        enqueue_benchmark(extensions.redis(), extensions.settings(), benchmark_id)
    except RedisError as error:
        store.fail(benchmark_id, "queue_unavailable", f"The job queue (Redis) could not be reached: {error}")
        raise Problem(
            503, "queue_unavailable", "The job queue is unreachable; nothing was queued."
        ) from error
    location = url_for("benchmarks.status", benchmark_id=benchmark_id)
    return answer(describe(benchmark_id), 202, {"Location": location})


@bp.get("/<benchmark_id>")
def status(benchmark_id: str) -> Response:
    return answer(describe(benchmark_id))


@bp.get("/<benchmark_id>/report")
def report(benchmark_id: str) -> Response:
    record = _find(benchmark_id)
    if record["status"] != JobStatus.SUCCEEDED:
        raise Problem(409, "report_not_ready", f"Benchmark {benchmark_id} is {record['status']}.",
                      status_of_benchmark=record["status"])  # fmt: skip
    fmt = request.args.get("format", "json")
    if fmt not in REPORT_FORMATS:
        raise Problem(
            422, "unsupported_format", f"format must be {' or '.join(REPORT_FORMATS)}.", field="format"
        )
    if fmt == "html":
        return Response(render_run(record["report"]), mimetype="text/html")
    return jsonify(record["report"])


def describe(benchmark_id: str) -> Benchmark:
    record = _find(benchmark_id)
    error = (
        Failure(code=record["error_code"], message=record["error_message"] or "")
        if record["error_code"]
        else None
    )
    links = BenchmarkLinks(self=url_for("benchmarks.status", benchmark_id=record["id"]),
                           report=url_for("benchmarks.report", benchmark_id=record["id"]))  # fmt: skip
    return Benchmark(
        id=record["id"], status=record["status"], name=record["request"]["name"],
        pairs=len(record["request"]["pairs"]), created_at=record["created_at"],
        finished_at=record["finished_at"], error=error, links=links,
    )  # fmt: skip


def _find(benchmark_id: str) -> dict[str, Any]:
    record = extensions.benchmarks().get(benchmark_id)
    if record is None or record["owner"] != current_owner():
        raise Problem(404, "benchmark_not_found", f"No benchmark with id {benchmark_id!r}.", field="id")
    return record
