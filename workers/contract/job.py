"""A job as the API shows it: its status, options and progress."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Any, ClassVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer

from glossary.entry import TermEntry
from workers.contract.base import Document, omitted
from workers.contract.enums import (
    DEFAULT_GLOSSARY,
    MAX_PAGE,
    SUMMARY_TOKENS,
    JobStatus,
    SummaryLength,
    SummaryMethod,
    Task,
)


def iso(value: datetime) -> str:
    """RFC 3339 in UTC with ``Z``; SQLite hands back naive datetimes, and every stored one is UTC."""
    aware = value if value.tzinfo else value.replace(tzinfo=UTC)
    return aware.astimezone(UTC).isoformat().replace("+00:00", "Z")


Timestamp = Annotated[datetime, PlainSerializer(iso, return_type=str)]


def _json_whole_number(value: Any) -> Any:
    """A whole JSON number: 12 or 12.0 (JSON has one number type), never true or "12"."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("not a whole number")
    return value


SummaryTokens = Annotated[
    int, Field(ge=SUMMARY_TOKENS[0], le=SUMMARY_TOKENS[1]), BeforeValidator(_json_whole_number)
]


def _digits_only(value: Any) -> Any:
    """A query's number in ASCII digits only (``int`` would take " 5", "+5" or "²")."""
    if isinstance(value, str) and not (value.isascii() and value.isdigit()):
        raise ValueError("not a whole number")
    return value


def query_int(*, ge: int, le: int) -> Any:
    """A whole number given in a query string, from ``ge`` to ``le``."""
    return Annotated[int, Field(ge=ge, le=le), BeforeValidator(_digits_only)]


# Query parameters the API does not know are ignored (a cache-busting ``_=…``), unlike body members.
QUERY = ConfigDict(extra="ignore")


class JobOptions(Document):
    """How a job runs, as accepted (the glossary's version is fixed when the job is accepted). A job
    stored before pairs existed reads as id→en; ``source_lang`` ``auto`` leaves each article's language
    to its own verdict (``Language.source_lang``)."""

    clean: bool = True
    force: bool = False
    source_lang: str = "id"
    target_lang: str = "en"
    glossary: str | None = DEFAULT_GLOSSARY
    glossary_version: int | None = None
    terms: list[TermEntry] = Field(default_factory=list)
    summary_method: SummaryMethod | None = None
    summary_length: SummaryLength | SummaryTokens = SummaryLength.MEDIUM
    # Whether a named glossary is the operator's shared one: the worker reads that one even if the key
    # uploads a glossary of the same name before the job runs. Set for a key's jobs with a named glossary.
    glossary_shared: bool | None = omitted()


class Stage(StrEnum):
    """What a job is doing, as ``progress.stage`` shows it. ``translate`` and ``summarize`` share one count
    (sentences translated, then articles summarized); ``align`` (names and terms looked up in the model's
    attention after decoding) counts sentence pairs, ``finish`` articles documented (quality checks,
    glossary report) and then its last steps (COMET where configured, the digests)."""

    QUEUED = "queued"
    TRANSLATE = "translate"
    ALIGN = "align"
    SUMMARIZE = "summarize"
    FINISH = "finish"
    DONE = "done"
    RETRYING = "retrying"
    CANCELED = "canceled"


class Progress(Document):
    stage: Stage
    done: int
    total: int


class Failure(Document):
    code: str
    message: str


class JobLinks(Document):
    self: str
    result: str


class Job(Document):
    id: str
    status: JobStatus
    tasks: list[Task]
    options: JobOptions
    progress: Progress
    attempts: int = Field(ge=0)
    created_at: Timestamp
    started_at: Timestamp | None
    finished_at: Timestamp | None
    error: Failure | None
    links: JobLinks
    cancel_requested: bool | None = omitted()


class JobList(Document):
    jobs: list[Job]
    next: str | None = Field(description="The following page, while there may be one.")


class JobListQuery(BaseModel):
    """``GET /v1/jobs``'s query."""

    model_config = QUERY
    hints: ClassVar[dict[str, str]] = {
        "status": f"one of {', '.join(JobStatus)}",
        "limit": f"a whole number from 1 to {MAX_PAGE}",
        "after": "a job id",
    }

    status: JobStatus | None = None
    limit: query_int(ge=1, le=MAX_PAGE) = 50  # type: ignore[valid-type]  # a type built by a call: pydantic reads it, mypy cannot
    after: str | None = Field(default=None, description="A job id: the page after it (`next` carries it).")
