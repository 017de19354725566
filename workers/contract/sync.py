"""The answer of a synchronous translation (``POST /v1/translate``), and how it travels back from the
worker that made it.

The API never loads a model: it queues the request on the sync queue and waits for the worker's
``SyncAnswer`` on a Redis list of its own. One text of the request is one ``TextTranslation``; its
terms are the same ``TermUse`` a job's sentences carry, with spans in the whole text.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from workers.contract.base import Document, omitted
from workers.contract.job import Failure, JobOptions
from workers.contract.result import Flag, TermUse


class TagOptions(Document):
    """How marked-up text is read, as DeepL's parameters say: elements that split, elements kept inside a
    sentence, elements left untranslated, and (XML) whether structure is detected."""

    splitting_tags: list[str] = Field(default_factory=list)
    non_splitting_tags: list[str] = Field(default_factory=list)
    ignore_tags: list[str] = Field(default_factory=list)
    outline_detection: bool = Field(
        default=False, description="XML: an element holding only elements splits."
    )


class SyncRequest(Document):
    """A synchronous translation as every synchronous API sends it to the workers: ``/v1/translate``,
    DeepL's ``/v2/translate`` and LibreTranslate's ``/translate`` each read their own parameters into a
    ``TranslateRequest`` and send this, so the workers serve one request whatever API it came through."""

    texts: list[str]
    tag_handling: Literal["html", "xml"] | None = None
    tags: TagOptions = Field(default_factory=lambda: TagOptions(), description="DeepL's tag parameters.")
    options: JobOptions = Field(description="The texts' pair and glossary, its version pinned.")
    owner: str = Field(description="The key whose glossaries and memory apply.")
    alternatives: int = Field(0, ge=0, description="LibreTranslate's: the beam's next hypotheses wanted.")
    api: str = Field("translate", description="The API it came through, counted in /metrics.")


class WaitingRequest(SyncRequest):
    """A request on the waiting list: its answer list's id, and when its client stops waiting."""

    id: str
    deadline: float


class TextTranslation(Document):
    text: str = Field(description="The English, with the text's line breaks (and, for html, its markup).")
    terms: list[TermUse] = Field(
        default_factory=list,
        description="Glossary terms and names in this text; spans are positions in the source as "
        "normalized and in `text`.",
    )
    flags: list[Flag] = Field(default_factory=list, description="Quality checks its sentences failed.")
    alternatives: list[str] | None = omitted(
        description="Only where asked for (LibreTranslate's `alternatives`): the model beam's next "
        "hypotheses, without the glossary."
    )


class GlossaryVersion(Document):
    name: str
    version: int


class TranslateResult(Document):
    translations: list[TextTranslation]
    glossary: GlossaryVersion | None = Field(description="The named glossary used, at its version; or null.")


class SyncTiming(Document):
    """Where a synchronous request's time went in the worker: the API reports it as ``Server-Timing``."""

    model: float = Field(description="Seconds in the model (what the translation memory did not answer).")
    worker: float = Field(description="Seconds in the worker, the model's included.")
    shared: int = Field(description="Requests translated in the same batch as this one, itself included.")


class SyncAnswer(Document):
    """What the worker puts on the request's answer list: the result, or why there is none."""

    result: TranslateResult | None = omitted()
    timing: SyncTiming | None = omitted()
    error: Failure | None = omitted()
