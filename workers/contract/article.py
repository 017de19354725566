"""An article as accepted and stored: the pipeline's input."""

from __future__ import annotations

import dataclasses
from typing import Protocol

from pydantic.dataclasses import dataclass

from workers.contract.base import Document, omitted


class Language(Document):
    """The language check's verdict on an article (py3langid, see ``workers/text/language.py``), and the
    language it is translated from (``source_lang``: the job's, or the one identified under ``auto``)."""

    code: str
    probability: float
    accepted: bool
    forced: bool
    source_lang: str | None = omitted()


class _Guess(Protocol):
    """What ``judged`` reads of a language guess; read-only, as ``LanguageGuess`` is a frozen dataclass."""

    @property
    def code(self) -> str: ...

    @property
    def probability(self) -> float: ...

    @property
    def accepted(self) -> bool: ...


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

    def judged(self, guess: _Guess, forced: bool, source_lang: str | None = None) -> ArticleInput:
        verdict = Language(code=guess.code, probability=guess.probability, accepted=guess.accepted,
                           forced=forced, source_lang=source_lang)  # fmt: skip
        return dataclasses.replace(self, language=verdict)

    @property
    def source_lang(self) -> str | None:
        """The language chosen for this article on acceptance; None where the job's applies."""
        return self.language.source_lang if self.language else None
