"""A benchmark as the API shows it, and the report it produces (``warta bench`` writes the same)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from workers.contract.base import Document, omitted
from workers.contract.enums import JobStatus
from workers.contract.job import Failure, Timestamp
from workers.contract.result import ModelBased, Score


class BenchmarkLinks(Document):
    self: str
    report: str


class Benchmark(Document):
    id: str
    status: JobStatus
    name: str
    pairs: int
    created_at: Timestamp
    finished_at: Timestamp | None
    error: Failure | None
    links: BenchmarkLinks


class DatasetInfo(Document):
    name: str
    lines: int
    kind: Literal["summary"] | None = omitted()


class RunSettings(Document):
    """What a report records about the run, the same from the CLI and from the API."""

    mt_model: str
    backend: str
    sum_backend: str
    compute_type: str
    threads: int
    beams: int
    batch_size: int
    batch_tokens: int
    device: str
    glossary: str
    sum_model: str
    summary_method: str
    summary_length: str | int | None = omitted()


class ScoredLine(Document):
    """One line of the dataset: its output and its scores (translation or summary metrics)."""

    source: str
    reference: str
    hypothesis: str
    bleu: float | None = omitted()
    chrf: float | None = omitted()
    ter: float | None = omitted()
    rouge1: float | None = omitted()
    rouge2: float | None = omitted()
    rougeL: float | None = omitted()
    ms: float
    comet: float | None = omitted()


class BenchmarkReport(Document):
    dataset: DatasetInfo
    settings: RunSettings
    scores: dict[str, Score] = Field(description="Corpus scores with their sacrebleu or rouge signatures.")
    speed: dict[str, float]
    model_based: ModelBased | None = omitted()
    peak_rss_mb: float
    plot_metric: str
    sentences: list[ScoredLine]
