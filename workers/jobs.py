"""The RQ entry point: run one stored job and record how it ended."""

from __future__ import annotations

import logging
import os
from typing import Any

from glossary.default import DEFAULT_NAME, default_glossary, layered
from glossary.formats import parse_terms
from glossary.matcher import Matcher
from glossary.model import Glossary
from service.benchmark_store import BenchmarkStore
from workers import runtime
from workers.bench import Dataset, run_benchmark
from workers.digest import build_digests
from workers.models import ModelUnavailable
from workers.pipeline import ABSTRACTIVE, EXTRACTIVE, SummaryOptions, run_pipeline
from workers.quality.checks import Thresholds

log = logging.getLogger(__name__)


def run_job(job_id: str) -> str:
    rt = runtime.current()
    store = rt.store
    if not store.start(job_id):
        job = store.get_job(job_id)
        log.warning("job %s not started: it is %s", job_id, job.status if job else "unknown")
        return "skipped"
    job = store.get_job(job_id)
    assert job is not None
    try:
        documents = run_pipeline(
            store.get_articles(job_id),
            job.tasks,
            translator=rt.models.translator,
            summarizer=rt.models.summarizer,
            batch_size=rt.settings.mt_batch_size,
            clean=job.options.get("clean", True),
            matcher=_matcher(rt, job.options),
            summary=SummaryOptions(
                method=job.options.get("summary_method")
                or (ABSTRACTIVE if rt.settings.sum_model else EXTRACTIVE),
                length=job.options.get("summary_length", "medium"),
            ),
            limits=Thresholds(
                rt.settings.qe_min_length_ratio,
                rt.settings.qe_max_length_ratio,
                rt.settings.qe_untranslated_words,
                rt.settings.qe_repeats,
            ),
            progress=lambda stage, done, total: store.set_progress(job_id, stage, done, total),
        )
    except (ModelUnavailable, GlossaryMissing) as error:
        log.error("job %s: %s", job_id, error)
        store.fail(job_id, error.code, str(error))
        return "failed"
    except Exception as error:
        log.exception("job %s failed", job_id)
        store.fail(job_id, "internal_error", f"{type(error).__name__}: {error}")
        return "failed"
    result = {"articles": documents, "digests": build_digests(documents), "runtime": _runtime_report(rt)}
    store.succeed(job_id, result)
    return "succeeded"


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
    s = rt.settings
    described = {
        "mt_model": s.mt_model, "backend": "transformers", "beams": s.mt_beams, "batch_size": s.mt_batch_size,
        "device": s.device, "glossary": request["glossary"] or "none",
    }  # fmt: skip
    try:
        report = run_benchmark(
            dataset, rt.models.translator, rt.models.summarizer, batch_size=s.mt_batch_size,
            matcher=Matcher(default_glossary()) if request["glossary"] else None, settings=described,
        )  # fmt: skip
    except ModelUnavailable as error:
        store.fail(benchmark_id, error.code, str(error))
        return "failed"
    except Exception as error:
        log.exception("benchmark %s failed", benchmark_id)
        store.fail(benchmark_id, "internal_error", f"{type(error).__name__}: {error}")
        return "failed"
    store.succeed(benchmark_id, report)
    return "succeeded"


def _matcher(rt: runtime.Runtime, options: dict[str, Any]) -> Matcher | None:
    """default < the job's named glossary (at the version recorded when the job was accepted) < inline."""
    name = options.get("glossary", DEFAULT_NAME)
    named = (
        rt.glossaries.get(name, options.get("glossary_version")) if name and name != DEFAULT_NAME else None
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
