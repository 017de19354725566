"""Finding glossary terms in source text with an Aho-Corasick automaton.

One pass over the text finds every source form of every term (pyahocorasick, in C), however many
terms there are; the Python side only checks word boundaries and case and keeps the longest matches.
Boundaries understand the source language: in Indonesian (the default ``WordRules``) a name may carry a
clitic (``Pyongyang-nya``, ``Jakartalah``) or be half of a hyphenated compound (``Korut-Rusia``), but
never matches inside another word (``AS`` in ``KASUS``).

Building the automaton is linear in the source forms but takes a second for 50,000 terms, so a worker
builds one per stored glossary version and keeps it; a job's few inline terms go on top of it
(``Matcher.on_top``) without rebuilding it.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import cached_property

import ahocorasick

from glossary.indonesian import INDONESIAN
from glossary.language import WordRules
from glossary.model import Glossary, Term


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    text: str
    term: Term

    def overlaps(self, other: Match) -> bool:
        return self.start < other.end and other.start < self.end


def _fold(text: str) -> str:
    """Lower-case without changing length, so offsets in the folded text are offsets in the text."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


Entries = list[tuple[str, Term]]  # the source forms one folded key stands for, with their terms


class Matcher:
    def __init__(self, glossary: Glossary, words: WordRules = INDONESIAN) -> None:
        """``words`` are the source language's clitics: a matcher is built for one source language."""
        self.glossary, self.words = glossary, words
        self._clitic_after = words.clitic_after
        self._automaton = ahocorasick.Automaton()
        entries: dict[str, Entries] = {}
        with _collector_paused():
            for term in glossary.terms:
                for source in term.sources:
                    entries.setdefault(_fold(source), []).append((source, term))
            for key, value in entries.items():
                self._automaton.add_word(key, (len(key), value))
            if entries:
                self._automaton.make_automaton()

    def find(self, text: str) -> list[Match]:
        """Non-overlapping matches in reading order, longest first where they compete."""
        if not self.glossary.terms:
            return []
        return _longest_first(self._candidates(text, _fold(text)))

    def on_top(self, glossary: Glossary) -> Matcher:
        """This matcher with ``glossary``'s terms winning over its own: it finds what a matcher of
        ``layered(self.glossary, glossary)`` would, without building an automaton for all the terms
        again (a job's inline terms over a stored glossary of 50,000)."""
        if not glossary.terms:
            return self
        if not self.glossary.terms:
            return Matcher(Glossary(self.glossary.name, glossary.terms), self.words)
        return LayeredMatcher(self, glossary)

    def _candidates(self, text: str, folded: str) -> list[Match]:
        candidates = []
        for start, end, entries in self._spans(text, folded):
            match = _accepted(text, start, end, entries)
            if match is not None:
                candidates.append(match)
        return candidates

    def _spans(self, text: str, folded: str) -> Iterator[tuple[int, int, Entries]]:
        """Where a source form occurs (ignoring case) at word edges, with the forms it may be."""
        if self._automaton.kind != ahocorasick.AHOCORASICK:
            return
        for end_index, (length, entries) in self._automaton.iter(folded):
            start, end = end_index - length + 1, end_index + 1
            if _at_word_edges(text, start, end, self._clitic_after):
                yield start, end, entries

    @cached_property
    def terms_by_source(self) -> dict[str, list[Term]]:
        """The terms that hold each case-folded source form, in glossary order (built once, on the
        first ``on_top`` that needs it)."""
        holders: dict[str, list[Term]] = {}
        for term in self.glossary.terms:
            for source in dict.fromkeys(s.casefold() for s in term.sources):
                holders.setdefault(source, []).append(term)
        return holders


class LayeredMatcher(Matcher):
    """A built matcher with a small glossary on top, as ``Glossary.overridden_by`` layers them: a source
    form the top glossary defines (ignoring case) leaves the base's terms, a base term left with none
    is gone, and the rest of the base is unchanged, ahead of the top's terms. Both automata run over the
    text; where both find the same span, the base's remaining forms come first, as they would in one
    automaton built from the layered terms."""

    def __init__(self, base: Matcher, top: Glossary) -> None:
        self.base, self.top = base, Matcher(top, base.words)
        self.words, self._clitic_after = base.words, base._clitic_after
        self._taken = {s.casefold() for t in top.terms for s in t.sources}
        # Base terms that lose a source form, by identity: the narrowed term, or None where none is left.
        self._narrowed: dict[int, Term | None] = {}
        for source in self._taken:
            for term in base.terms_by_source.get(source, ()):
                if id(term) not in self._narrowed:
                    left = tuple(s for s in term.sources if s.casefold() not in self._taken)
                    self._narrowed[id(term)] = replace(term, sources=left) if left else None
        self.glossary = Glossary(base.glossary.name, (*self._kept(), *top.terms))

    def on_top(self, glossary: Glossary) -> Matcher:
        """Layering is associative, so the base stays as it is and the two small glossaries are layered."""
        if not glossary.terms:
            return self
        return LayeredMatcher(self.base, self.top.glossary.overridden_by(glossary))

    def _kept(self) -> Iterable[Term]:
        if not self._narrowed:
            return self.base.glossary.terms
        kept = (self._narrowed.get(id(t), t) for t in self.base.glossary.terms)
        return [t for t in kept if t is not None]

    def _candidates(self, text: str, folded: str) -> list[Match]:
        on_top = {(start, end): entries for start, end, entries in self.top._spans(text, folded)}
        taken, narrowed = self._taken, self._narrowed
        candidates = []
        for start, end, entries in self.base._spans(text, folded):
            left = [(s, narrowed.get(id(t)) or t) for s, t in entries if s.casefold() not in taken]
            match = _accepted(text, start, end, (*left, *on_top.pop((start, end), ())))
            if match is not None:
                candidates.append(match)
        for (start, end), entries in on_top.items():
            match = _accepted(text, start, end, entries)
            if match is not None:
                candidates.append(match)
        return candidates


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector held off while a matcher is built. The build makes a few small lists and
    tuples per source form, all kept and none in a cycle, yet each batch of them set off a collection
    that walked the ever larger heap again: building for 50,000 terms took three times as long, and
    per term the time grew with the glossary."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _accepted(text: str, start: int, end: int, entries: Iterable[tuple[str, Term]]) -> Match | None:
    """The first form the text at ``start:end`` is (its case decides), as a match; None if none."""
    found = text[start:end]
    for source, term in entries:
        if term.accepts(found, source):
            return Match(start, end, found, term)
    return None


def _longest_first(candidates: list[Match]) -> list[Match]:
    """Non-overlapping matches in reading order, the longer winning where they overlap."""
    chosen: list[Match] = []
    for match in sorted(candidates, key=lambda m: (m.start - m.end, m.start)):
        if not any(match.overlaps(c) for c in chosen):
            chosen.append(match)
    return sorted(chosen, key=lambda m: m.start)


def _at_word_edges(text: str, start: int, end: int, clitic_after: re.Pattern[str] | None) -> bool:
    if start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_"):
        return False
    if end == len(text) or not (text[end].isalnum() or text[end] == "_"):
        return True
    return clitic_after is not None and bool(clitic_after.match(text, end))
