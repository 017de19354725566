"""The RQ entry point: run one stored job and record how it ended."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from typing import Any

from glossary.default import DEFAULT_NAME, default_glossary, layered
from glossary.formats import parse_terms
from glossary.matcher import Matcher
from glossary.model import Glossary
from service.benchmark_store import BenchmarkStore
from service.store import JobStore
from workers import runtime
from workers.bench import Dataset, describe_settings, run_benchmark
from workers.digest import build_digests
from workers.models import ModelUnavailable
from workers.pipeline import SummaryOptions, default_summary_method, run_pipeline
from workers.quality.checks import Thresholds
from workers.quality.comet import CometScorer, add_model_scores
from workers.translation_memory import MemoSummarizer, MemoTranslator, Usage

log = logging.getLogger(__name__)


def run_job(job_id: str) -> str:
    rt = runtime.current()
    store = rt.store
    attempt = store.start(job_id, rt.name)
    if attempt is None:
        job = store.get_job(job_id)
        log.warning("job %s not started: it is %s", job_id, job.status if job else "unknown")
        return "skipped"
    job = store.get_job(job_id)
    assert job is not None

    usage = Usage()
    translator, summarizer = _memoized(rt, usage)

    def work() -> dict[str, Any]:
        articles = store.get_articles(job_id)
        documents = run_pipeline(
            articles,
            job.tasks,
            translator=translator,
            summarizer=summarizer,
            batch_size=rt.settings.mt_batch_size,
            batch_tokens=rt.settings.mt_batch_tokens,
            clean=job.options.get("clean", True),
            matcher=_matcher(rt, job.options, job.owner),
            summary=SummaryOptions(
                method=job.options.get("summary_method") or default_summary_method(rt.settings),
                length=job.options.get("summary_length", "medium"),
            ),
            limits=Thresholds(
                rt.settings.qe_min_length_ratio,
                rt.settings.qe_max_length_ratio,
                rt.settings.qe_untranslated_words,
                rt.settings.qe_repeats,
            ),
            progress=lambda stage, done, total: _progress(store, job_id, attempt, stage, done, total),
        )
        if "translate" in job.tasks:
            references = [a.reference for a in articles]
            add_model_scores(documents, references, CometScorer.from_settings(rt.settings))
        report = {**_runtime_report(rt), "translation_memory": usage.report()}
        return {"articles": documents, "digests": build_digests(documents), "runtime": report}

    try:
        return _finish(f"job {job_id}", work, lambda result: store.succeed(job_id, result, attempt),
                       lambda code, message: store.fail(job_id, code, message, attempt))  # fmt: skip
    except JobCanceled:
        store.mark_canceled(job_id, attempt)
        log.info("job %s canceled at a batch boundary", job_id)
        return "canceled"


def run_benchmark_job(benchmark_id: str) -> str:
    """A benchmark submitted over the API, through the same code as ``warta bench``."""
    rt = runtime.current()
    store = BenchmarkStore(rt.store.engine)
    if not store.start(benchmark_id):
        return "skipped"
    record = store.get(benchmark_id)
    assert record is not None
    request = record["request"]
    dataset = Dataset(request["name"], [p["source"] for p in request["pairs"]],
                      [p["reference"] for p in request["pairs"]])  # fmt: skip

    def work() -> dict[str, Any]:
        return run_benchmark(
            dataset, rt.models.translator, rt.models.summarizer, batch_size=rt.settings.mt_batch_size,
            matcher=Matcher(default_glossary()) if request["glossary"] else None,
            settings=describe_settings(rt.settings, request["glossary"]),
            comet=CometScorer.from_settings(rt.settings),
        )  # fmt: skip

    return _finish(f"benchmark {benchmark_id}", work, lambda report: store.succeed(benchmark_id, report),
                   lambda code, message: store.fail(benchmark_id, code, message))  # fmt: skip


class JobCanceled(Exception):
    """Raised at a batch boundary of a job whose cancel was asked."""


def _progress(store: JobStore, job_id: str, attempt: int, stage: str, done: int, total: int) -> None:
    """Record progress; this is the batch boundary where a running job's cancel takes effect."""
    if store.cancel_requested(job_id):
        raise JobCanceled(job_id)
    store.set_progress(job_id, stage, done, total, attempt)


def _memoized(rt: runtime.Runtime, usage: Usage) -> tuple[Callable[[], Any], Callable[[], Any]]:
    """The worker's models behind the translation memory, each wrapped on first use by this job."""
    compute = rt.settings.compute_type
    made: dict[str, Any] = {}

    def translator() -> MemoTranslator:
        if "t" not in made:
            made["t"] = MemoTranslator(rt.models.translator(), rt.memory, compute, usage)
        return made["t"]

    def summarizer() -> MemoSummarizer:
        if "s" not in made:
            made["s"] = MemoSummarizer(rt.models.summarizer(), rt.memory, compute, usage)
        return made["s"]

    return translator, summarizer


def _finish(
    label: str,
    work: Callable[[], dict[str, Any]],
    succeed: Callable[[dict[str, Any]], object],
    fail: Callable[[str, str], object],
) -> str:
    """Run ``work`` and record how it ended: known failures keep their code, anything else is internal."""
    try:
        result = work()
    except JobCanceled:
        raise
    except (ModelUnavailable, GlossaryMissing) as error:
        log.error("%s: %s", label, error)
        fail(error.code, str(error))
        return "failed"
    except Exception as error:
        log.exception("%s failed", label)
        fail("internal_error", f"{type(error).__name__}: {error}")
        return "failed"
    succeed(result)
    return "succeeded"


def _matcher(rt: runtime.Runtime, options: dict[str, Any], owner: str) -> Matcher | None:
    """default < the job's named glossary (at the version recorded when the job was accepted) < inline."""
    name = options.get("glossary", DEFAULT_NAME)
    holder = "" if options.get("glossary_shared") else owner
    named = (
        rt.glossaries.get(name, options.get("glossary_version"), holder)
        if name and name != DEFAULT_NAME
        else None
    )
    if name and name != DEFAULT_NAME and named is None:
        raise GlossaryMissing(
            f"Glossary {name!r} version {options.get('glossary_version')} no longer exists."
        )
    inline = Glossary("inline", parse_terms(options.get("terms", [])))
    label = f"{name or 'none'}" + (f"@{named.version}" if named else "")
    glossary = layered(default_glossary() if name else None, named, inline, name=label)
    return Matcher(glossary) if glossary.terms else None


class GlossaryMissing(RuntimeError):
    code = "glossary_unavailable"


def _runtime_report(rt: runtime.Runtime) -> dict[str, Any]:
    """Which worker ran the job and how often it has loaded each model (1 means reused)."""
    return {
        "worker": rt.name,
        "pid": os.getpid(),
        "models": {
            role: {
                "id": rt.models.model_id(role),
                "loads": count,
                "load_seconds": rt.models.load_seconds.get(role),
            }
            for role, count in sorted(rt.models.loads.items())
        },
    }
