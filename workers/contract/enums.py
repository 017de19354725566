"""The names the contract uses for statuses, tasks and summary options, and its fixed caps.

Plain enums with no dependency at all, so the smallest client (``service/client.py``) reads the same
names as the API and the workers.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final


class JobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELED = "canceled"


FINISHED = (JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELED)


class Task(StrEnum):
    TRANSLATE = "translate"
    SUMMARIZE = "summarize"


TASKS = tuple(Task)


class SentenceState(StrEnum):
    """Where a sentence stands in an editor's work, furthest first wins: ``approved`` (its article is),
    ``reviewed`` (an editor confirmed it), ``edited``, ``memory`` (from a translation memory), ``machine``."""

    MACHINE = "machine"
    MEMORY = "memory"
    EDITED = "edited"
    REVIEWED = "reviewed"
    APPROVED = "approved"


class SummaryMethod(StrEnum):
    ABSTRACTIVE = "abstractive"
    EXTRACTIVE = "extractive"


class SummaryPath(StrEnum):
    """How a summary was made: in the source language and then translated (``source``), from the
    translation in the target language (``target``: the model does not write the source language), or
    chosen from the article's sentences and translated (``extractive``: asked for, or the model writes
    neither language)."""

    SOURCE = "source"
    TARGET = "target"
    EXTRACTIVE = "extractive"


class SummaryLength(StrEnum):
    SHORT = "short"
    MEDIUM = "medium"
    LONG = "long"


SUMMARY_TOKENS = (8, 512)
MAX_ID_CHARS = 200
MAX_NAME_CHARS = 200
MAX_INLINE_TERMS = 1000
# Texts in one synchronous translation request (``POST /v1/translate`` and the compatible APIs).
MAX_SYNC_TEXTS = 50
MAX_BENCHMARK_PAIRS = 5000
MAX_PAGE = 200
# Final: the name keeps its literal type, which ``BenchmarkRequest.glossary`` (Literal["default"]) takes.
DEFAULT_GLOSSARY: Final = "default"
