"""A job as the API shows it: its status, options and progress."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Annotated, Any, ClassVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer, WithJsonSchema

from glossary.entry import NOT_IN_XML, TermEntry
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


# The longest job title: a list row's worth (``workers/titles.py`` cuts longer ones at a word).
MAX_TITLE_CHARS = 120


class Job(Document):
    id: str
    title: str | None = Field(
        description="The first article's title, else its HTML's first heading, else its first sentence, at "
        f"most {MAX_TITLE_CHARS} characters; a document's file name until its text is read; null where none "
        "is known."
    )
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


# The longest search a job list takes: a phrase from a title or an article, not an article.
MAX_SEARCH_CHARS = 200
_ISO_MOMENT = re.compile(
    r"\d{4}-\d\d-\d\d(?:[Tt ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:[Zz]|[+-]\d\d:\d\d)?)?", re.ASCII
)


def _iso_moment(value: Any) -> Any:
    """An ISO 8601 date or date and time, nothing else pydantic would read as one (a Unix time, "20261205"
    as seconds): a date stays a date, which the list reads as a whole day."""
    if not isinstance(value, str):
        return value
    if not _ISO_MOMENT.fullmatch(value):
        raise ValueError("not an ISO 8601 date or date and time")
    if len(value) == len("2026-12-05"):
        return date.fromisoformat(value)
    return datetime.fromisoformat(value.upper().replace(" ", "T"))


def _searchable(value: Any) -> Any:
    """A search as one line, without what no stored text holds (controls, which PostgreSQL refuses)."""
    return " ".join(NOT_IN_XML.sub("", value).split()) if isinstance(value, str) else value


Moment = Annotated[
    datetime | date,
    BeforeValidator(_iso_moment),
    WithJsonSchema({"type": "string", "anyOf": [{"format": "date"}, {"format": "date-time"}]}),
]


def _utc(moment: datetime | date, day_end: bool) -> datetime:
    """A bound in UTC: a date-time as it is (UTC where it names no offset), a date from its midnight UTC
    (``day_end``: the next midnight, so the day counts whole); the calendar's first or last instant for
    one that an offset or a day's end takes past it."""
    last = datetime.max.replace(tzinfo=UTC)
    if not isinstance(moment, datetime):
        if day_end and moment == date.max:
            return last
        moment = datetime.combine(moment + timedelta(days=1) if day_end else moment, time())
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    try:
        return aware.astimezone(UTC)
    except OverflowError:
        return datetime.min.replace(tzinfo=UTC) if aware.year == 1 else last


class JobListQuery(BaseModel):
    """``GET /v1/jobs``'s query."""

    model_config = QUERY
    hints: ClassVar[dict[str, str]] = {
        "status": f"one of {', '.join(JobStatus)}",
        "limit": f"a whole number from 1 to {MAX_PAGE}",
        "after": "a job id",
        "q": f"text of at most {MAX_SEARCH_CHARS} characters",
        "created_after": "an ISO 8601 date or date and time, such as 2026-12-05 or 2026-12-05T14:30:00Z",
        "created_before": "an ISO 8601 date or date and time, such as 2026-12-05 or 2026-12-05T14:30:00Z",
    }

    status: JobStatus | None = None
    limit: query_int(ge=1, le=MAX_PAGE) = 50  # type: ignore[valid-type]  # a type built by a call: pydantic reads it, mypy cannot
    after: str | None = Field(default=None, description="A job id: the page after it (`next` carries it).")
    q: Annotated[str, BeforeValidator(_searchable), Field(max_length=MAX_SEARCH_CHARS)] | None = Field(
        default=None,
        description="Only jobs whose title, or any article's title or text, holds this text (letters' case "
        "aside; `%` and `_` are themselves). Empty: every job.",
    )
    created_after: Moment | None = Field(
        default=None,
        description="Only jobs created at or after this time; a date (UTC) counts from its start.",
    )
    created_before: Moment | None = Field(
        default=None,
        description="Only jobs created before this time; a date (UTC) counts whole, to its end.",
    )

    @property
    def created_from(self) -> datetime | None:
        return None if self.created_after is None else _utc(self.created_after, day_end=False)

    @property
    def created_until(self) -> datetime | None:
        return None if self.created_before is None else _utc(self.created_before, day_end=True)
