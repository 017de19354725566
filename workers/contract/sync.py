"""The answer of a synchronous translation (``POST /v1/translate``), and how it travels back from the
worker that made it.

The API never loads a model: it queues the request on the sync queue and waits for the worker's
``SyncAnswer`` on a Redis list of its own. One text of the request is one ``TextTranslation``; its
terms are the same ``TermUse`` a job's sentences carry, with spans in the whole text.
"""

from __future__ import annotations

from pydantic import Field

from workers.contract.base import Document, omitted
from workers.contract.job import Failure
from workers.contract.result import Flag, TermUse


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
