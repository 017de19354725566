"""An article as accepted and stored: the pipeline's input."""

from __future__ import annotations

import dataclasses
from typing import Protocol

from pydantic.dataclasses import dataclass

from workers.contract.base import Document


class Language(Document):
    """The language check's verdict on an article (py3langid, see ``workers/text/language.py``)."""

    code: str
    probability: float
    accepted: bool
    forced: bool


class _Guess(Protocol):
    code: str
    probability: float
    accepted: bool


@dataclass(frozen=True)
class ArticleInput:
    """``text`` is what was sent, or what was extracted from ``html``; ``language`` is set on acceptance."""

    id: str
    title: str | None
    text: str
    html: str | None = None
    language: Language | None = None
    reference: str | None = None
    reference_summary: str | None = None

    def judged(self, guess: _Guess, forced: bool) -> ArticleInput:
        verdict = Language(
            code=guess.code, probability=guess.probability, accepted=guess.accepted, forced=forced
        )
        return dataclasses.replace(self, language=verdict)
