"""Finding glossary terms in Indonesian text with an Aho-Corasick automaton.

One pass over the text finds every source form of every term (pyahocorasick, in C), however many
terms there are; the Python side only checks word boundaries and case and keeps the longest matches.
Boundaries understand Indonesian: a name may carry a clitic (``Pyongyang-nya``, ``Jakartalah``) or be
half of a hyphenated compound (``Korut-Rusia``), but never matches inside another word (``AS`` in
``KASUS``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import ahocorasick

from glossary.model import Glossary, Term

CLITICS = ("nya", "lah", "kah", "pun", "ku", "mu")
_CLITIC_AFTER = re.compile(r"-?(?:" + "|".join(CLITICS) + r")(?!\w)")


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


class Matcher:
    def __init__(self, glossary: Glossary) -> None:
        self.glossary = glossary
        self._automaton = ahocorasick.Automaton()
        entries: dict[str, list[tuple[str, Term]]] = {}
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
        candidates = []
        for end_index, (length, entries) in self._automaton.iter(_fold(text)):
            start, end = end_index - length + 1, end_index + 1
            if not _at_word_edges(text, start, end):
                continue
            found = text[start:end]
            for source, term in entries:
                if term.accepts(found, source):
                    candidates.append(Match(start, end, found, term))
                    break
        chosen: list[Match] = []
        for match in sorted(candidates, key=lambda m: (m.start - m.end, m.start)):
            if not any(match.overlaps(c) for c in chosen):
                chosen.append(match)
        return sorted(chosen, key=lambda m: m.start)


def _at_word_edges(text: str, start: int, end: int) -> bool:
    if start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_"):
        return False
    if end == len(text) or not (text[end].isalnum() or text[end] == "_"):
        return True
    return bool(_CLITIC_AFTER.match(text, end))
