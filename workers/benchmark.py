"""Quality benchmarks: a dataset through exactly the pipeline jobs use, scored, timed and compared.

Each source line is an article of one line, so segmentation, cleaning, the glossary and the backend are
the ones a job gets; lines are processed in batch-sized groups so per-sentence latency can be measured
without giving up batching. Comparisons (``workers/quality/significance.py``) use sacrebleu's paired
bootstrap resampling.
"""

from __future__ import annotations

import csv
import io
import json
import resource
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from glossary.matcher import Matcher
from workers.batch_translate import DEFAULT_BATCH_TOKENS
from workers.contract.article import ArticleInput
from workers.contract.benchmark import BenchmarkReport, RunSettings
from workers.pipeline import ABSTRACTIVE, SummaryOptions, Translators, default_summary_method, run_pipeline
from workers.quality.comet import CometScorer
from workers.quality.rouge import SIGNATURE as ROUGE_SIGNATURE
from workers.quality.rouge import rouge_scores
from workers.quality.sacrebleu_metrics import METRICS
from workers.settings import Settings


@dataclass(frozen=True)
class Dataset:
    name: str
    sources: list[str]
    references: list[str]
    kind: str = "translation"  # or "summary": XL-Sum-style articles with reference summaries


def load_dataset(
    dataset: Path | None = None,
    source: Path | None = None,
    reference: Path | None = None,
    limit: int | None = None,
) -> Dataset:
    """FLORES-style parallel files (``source`` + ``reference``), or a TSV/JSONL of source/reference."""
    if source and reference:
        sources = source.read_text(encoding="utf-8").splitlines()
        references = reference.read_text(encoding="utf-8").splitlines()
        name = source.name
    elif dataset and dataset.suffix == ".jsonl":
        rows = [json.loads(line) for line in dataset.read_text(encoding="utf-8").splitlines() if line.strip()]
        if rows and "summary" in rows[0]:
            texts, summaries = [r["text"] for r in rows], [r["summary"] for r in rows]
            return Dataset(dataset.name, texts[:limit], summaries[:limit], kind="summary")
        sources, references, name = [r["source"] for r in rows], [r["reference"] for r in rows], dataset.name
    elif dataset:
        rows = list(csv.DictReader(io.StringIO(dataset.read_text(encoding="utf-8")), delimiter="\t"))
        sources, references, name = [r["source"] for r in rows], [r["reference"] for r in rows], dataset.name
    else:
        raise ValueError("give a dataset file, or a source and a reference file")
    if len(sources) != len(references):
        raise ValueError(f"{len(sources)} source lines but {len(references)} reference lines")
    return Dataset(name, sources[:limit], references[:limit])


def load_post_edits(dataset: Path, limit: int | None = None) -> tuple[list[str], list[str], list[str]]:
    """A post-edited set: a TSV (header ``source``, ``machine``, ``human``) or JSONL of those members."""
    text = dataset.read_text(encoding="utf-8")
    if dataset.suffix == ".jsonl":
        rows = [json.loads(line) for line in text.splitlines() if line.strip()]
    else:
        rows = list(csv.DictReader(io.StringIO(text), delimiter="\t"))
    if not rows:
        raise ValueError(f"{dataset.name} has no rows")
    missing = {"source", "machine", "human"} - set(rows[0])
    if missing:
        raise ValueError(
            f"{dataset.name} lacks {', '.join(sorted(missing))} (columns: source, machine, human)"
        )
    rows = rows[:limit]
    return [r["source"] for r in rows], [r["machine"] for r in rows], [r["human"] for r in rows]


def describe_settings(
    settings: Settings, glossary: str | None, summary_method: str | None = None
) -> RunSettings:
    """What a report records about the run, the same from the CLI and from the API."""
    return RunSettings.model_validate(
        {
            "mt_model": settings.mt_model,
            "backend": settings.mt_backend,
            "sum_backend": settings.sum_backend,
            "compute_type": settings.compute_type,
            "threads": settings.threads,
            "beams": settings.mt_beams,
            "batch_size": settings.mt_batch_size,
            "batch_tokens": settings.mt_batch_tokens,
            "device": settings.device,
            "glossary": glossary or "none",
            "sum_model": settings.sum_model,
            "summary_method": summary_method or default_summary_method(settings),
        }
    )


def run_benchmark(
    dataset: Dataset,
    translator: Translators,
    summarizer: Callable[[], Any],
    *,
    batch_size: int,
    matcher: Matcher | None,
    settings: RunSettings,
    comet: CometScorer | None = None,
    between: Callable[[], None] = lambda: None,
) -> BenchmarkReport:
    """``between`` runs after each group of sentences (a worker answers waiting synchronous requests
    there); its time is left out of the speed."""
    if dataset.kind == "summary":
        return _summary_benchmark(dataset, translator, summarizer, batch_size=batch_size, settings=settings,
                                  between=between)  # fmt: skip
    translator()  # load before the clock starts: model loading is not translation speed
    hypotheses: list[str] = []
    per_sentence_ms: list[float] = []
    started = time.perf_counter()
    for start in range(0, len(dataset.sources), batch_size):
        group = dataset.sources[start : start + batch_size]
        began = time.perf_counter()
        documents = run_pipeline(
            [ArticleInput(str(start + i), None, line) for i, line in enumerate(group)],
            ["translate"],
            translator=translator,
            summarizer=summarizer,
            batch_size=batch_size,
            progress=lambda *_: None,
            matcher=matcher,
            batch_tokens=settings.get("batch_tokens", DEFAULT_BATCH_TOKENS),
        )
        elapsed = 1000 * (time.perf_counter() - began)
        per_sentence_ms += [elapsed / len(group)] * len(group)
        hypotheses += [" ".join(s.target or "" for s in d.sentences()) for d in documents]
        started += _timed(between)
    seconds = time.perf_counter() - started
    source_tokens = sum(translator().count_tokens(s) for s in dataset.sources)
    model_based = (comet or CometScorer("", "")).score(dataset.sources, hypotheses, dataset.references)
    comet_scores: Sequence[float | None] = model_based.sentence_scores or [None] * len(hypotheses)
    return BenchmarkReport.model_validate(
        {
            "dataset": {"name": dataset.name, "lines": len(dataset.sources)},
            "settings": settings,
            "scores": {m.name: m.corpus(hypotheses, dataset.references) for m in METRICS},
            "speed": {
                "seconds": round(seconds, 3),
                "sentences_per_s": round(len(hypotheses) / seconds, 3),
                "source_tokens_per_s": round(source_tokens / seconds, 1),
                "p50_ms_per_sentence": round(statistics.median(per_sentence_ms), 1),
                "p95_ms_per_sentence": round(percentile(per_sentence_ms, 95), 1),
            },
            "model_based": model_based,
            "peak_rss_mb": peak_rss_mb(),
            "plot_metric": "chrf",
            "sentences": [
                {
                    "source": s,
                    "reference": r,
                    "hypothesis": h,
                    **{m.name: m.sentence(h, r) for m in METRICS},
                    "ms": round(ms, 1),
                    **({"comet": c} if c is not None else {}),
                }
                for s, r, h, ms, c in zip(
                    dataset.sources,
                    dataset.references,
                    hypotheses,
                    per_sentence_ms,
                    comet_scores,
                    strict=True,
                )
            ],
        }
    )


def _timed(work: Callable[[], None]) -> float:
    began = time.perf_counter()
    work()
    return time.perf_counter() - began


def _summary_benchmark(
    dataset: Dataset,
    translator: Translators,
    summarizer: Callable[[], Any],
    *,
    batch_size: int,
    settings: RunSettings,
    between: Callable[[], None],
) -> BenchmarkReport:
    """Indonesian summaries of each article against the reference summaries (ROUGE, no stemming)."""
    method = settings.get("summary_method", ABSTRACTIVE)
    options = SummaryOptions(method=method, length=settings.get("summary_length", "short"))
    if method == ABSTRACTIVE:
        summarizer()
    summaries: list[str] = []
    per_article_ms: list[float] = []
    started = time.perf_counter()
    for i, text in enumerate(dataset.sources):
        began = time.perf_counter()
        [document] = run_pipeline(
            [ArticleInput(str(i), None, text)],
            ["summarize"],
            translator=translator,
            summarizer=summarizer,
            batch_size=batch_size,
            progress=lambda *_: None,
            summary=options,
        )
        per_article_ms.append(1000 * (time.perf_counter() - began))
        # A summary written in the target (path ``target``) has no source-language text to score.
        summaries.append((document.summary.source_lang_text or "") if document.summary else "")
        started += _timed(between)
    seconds = time.perf_counter() - started
    scored = [rouge_scores(h, r) for h, r in zip(summaries, dataset.references, strict=True)]
    averages = {k: round(sum(s[k] for s in scored) / len(scored), 2) for k in ("rouge1", "rouge2", "rougeL")}
    return BenchmarkReport.model_validate(
        {
            "dataset": {"name": dataset.name, "lines": len(dataset.sources), "kind": "summary"},
            "settings": settings,
            "scores": {k: {"score": v, "signature": ROUGE_SIGNATURE} for k, v in averages.items()},
            "speed": {
                "seconds": round(seconds, 3),
                "articles_per_s": round(len(summaries) / seconds, 3),
                "p50_ms_per_article": round(statistics.median(per_article_ms), 1),
                "p95_ms_per_article": round(percentile(per_article_ms, 95), 1),
            },
            "peak_rss_mb": peak_rss_mb(),
            "plot_metric": "rougeL",
            "sentences": [
                {
                    "source": t[:300],
                    "reference": r,
                    "hypothesis": h,
                    **{k: s[k] for k in averages},
                    "ms": round(ms, 1),
                }
                for t, r, h, s, ms in zip(
                    dataset.sources, dataset.references, summaries, scored, per_article_ms, strict=True
                )
            ],
        }
    )


def peak_rss_mb() -> float:
    """This process's peak RSS since exec: ``VmHWM`` (``ru_maxrss`` survives exec, so a child started
    by a big parent would report the parent's size); ``ru_maxrss`` where there is no /proc."""
    status = Path("/proc/self/status")
    if status.is_file():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def percentile(values: list[float], percent: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(percent / 100 * (len(ordered) - 1)))]
