"""Glossary terms: one English rendering for every way Indonesian news writes a name.

A term's ``sources`` are its Indonesian forms (full names, short forms, acronyms); ``target`` is the
canonical English; ``forms`` are other renderings the English may legitimately use in context (the
adjective "German" for *Jerman*, the surname "Putin" on second reference), which verification accepts
instead of forcing "the Germany government". Acronyms are matched case-sensitively (``AS`` is the United
States, ``as`` is not); other names must be capitalized.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from typing import Any

from glossary.entry import TermEntry, TermType

TYPES = tuple(TermType)
# A stored glossary's name: what may follow /v1/glossaries/ and what a job may name.
NAME_PATTERN = r"^[a-z0-9][a-z0-9._-]{0,63}$"
_ACRONYM = re.compile(r"^[A-Z0-9][A-Z0-9&.\-]*$")
# The pair a glossary is for where none is said: every glossary stored before glossaries had pairs, and
# every client that sends none, meant Indonesian to English.
DEFAULT_SOURCE, DEFAULT_TARGET = "id", "en"


def normalize_term(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


@dataclass(frozen=True)
class Term:
    id: str
    target: str
    sources: tuple[str, ...]
    type: str = "other"
    forms: tuple[str, ...] = ()
    keep: bool = False
    case_sensitive: bool | None = None  # None: acronyms exact, other forms any case
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "target", normalize_term(self.target))
        object.__setattr__(self, "sources", tuple(dict.fromkeys(normalize_term(s) for s in self.sources)))
        object.__setattr__(self, "forms", tuple(normalize_term(f) for f in self.forms))

    def accepts(self, found: str, source: str) -> bool:
        """Whether ``found`` in a text (equal to ``source`` ignoring case) is this term.

        Acronyms must match exactly (``AS``, not ``as``). Other forms must at least start with a capital,
        as names do in edited Indonesian: ``Jersey`` is the island, ``jersey`` a football shirt; all-caps
        headlines still match.
        """
        if found == source:
            return True
        if self.case_sensitive is not None:
            return not self.case_sensitive
        if _ACRONYM.match(source) and len(source) <= 8:
            return False
        return found[:1].isupper()

    @property
    def renderings(self) -> tuple[str, ...]:
        """Every English string that counts as this term rendered correctly, canonical first."""
        return (self.target, *self.forms)

    @classmethod
    def of_entry(cls, entry: TermEntry, term_id: str) -> Term:
        """The term a validated ``TermEntry`` states, under ``term_id``; members Warta does not use (an
        editor's ``notes``) ride along in ``extra``."""
        return cls(
            id=term_id, target=entry.target, sources=tuple(entry.sources), type=str(entry.type),
            forms=tuple(entry.forms), keep=entry.keep, case_sensitive=entry.case_sensitive,
            extra=dict(entry.model_extra or {}),
        )  # fmt: skip

    def entry(self) -> TermEntry:
        """The term as the contract states it: what files, the API and the editor read."""
        return TermEntry(
            id=self.id,
            target=self.target,
            sources=list(self.sources),
            type=TermType(self.type),
            forms=list(self.forms),
            keep=self.keep,
            case_sensitive=self.case_sensitive,
            **self.extra,
        )

    def to_dict(self) -> dict[str, Any]:
        """The term as JSON (``TermEntry``), defaults left out."""
        return self.entry().model_dump(mode="json")


@dataclass(frozen=True)
class Glossary:
    name: str
    terms: tuple[Term, ...]
    version: int = 1
    # The languages its sources and targets are written in (Warta's codes).
    source: str = DEFAULT_SOURCE
    target: str = DEFAULT_TARGET

    def __len__(self) -> int:
        return len(self.terms)

    def by_id(self) -> dict[str, Term]:
        return {t.id: t for t in self.terms}

    def overridden_by(self, other: Glossary) -> Glossary:
        """This glossary with ``other`` on top: a source form ``other`` defines is taken from it."""
        taken = {s.casefold() for t in other.terms for s in t.sources}
        kept = []
        for term in self.terms:
            sources = tuple(s for s in term.sources if s.casefold() not in taken)
            if sources:
                kept.append(term if sources == term.sources else replace(term, sources=sources))
        return Glossary(
            f"{self.name}+{other.name}", (*kept, *other.terms), source=self.source, target=self.target
        )


def slug_base(text: str) -> str:
    """The target as lower-case ASCII words joined by hyphens (``term`` where nothing is left)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-") or "term"


class Slugs:
    """The ids of one glossary's terms, made from their targets in one pass: linear in the terms.

    An id is the first of ``base``, ``base-2``, ``base-3`` … not yet taken. Searching from ``base`` for
    every term cost n²/2 tries for n targets with one base (50,000 targets in another script all make
    ``term``, and an upload took minutes); this remembers where each base's search stopped. ``taken``
    only grows, so every candidate before that point is still taken and the ids are the same.
    """

    def __init__(self) -> None:
        self.taken: set[str] = set()
        self._next: dict[str, int] = {}  # base -> the suffix to try next (1: the base itself)

    def add(self, term_id: str) -> None:
        """An id given in the file: later made ids avoid it."""
        self.taken.add(term_id)

    def make(self, target: str) -> str:
        """A new id for ``target``, taken from now on."""
        base = slug_base(target)
        n = self._next.get(base, 1)
        candidate = base if n == 1 else f"{base}-{n}"
        while candidate in self.taken:
            n += 1
            candidate = f"{base}-{n}"
        self._next[base] = n + 1
        self.taken.add(candidate)
        return candidate
