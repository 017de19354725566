"""What the glossary layer needs to know about the source language: one typed value, passed in.

Finding names and glossary terms depends on the language the text is in: which suffixes may cling to a
name (Indonesian ``Jakartalah``), which capitalized words open sentences, which words are titles in
front of a name or words that name organizations and places. ``glossary`` is the lowest layer and may
not import the language profiles of ``workers/lang``, so a profile hands these words down as a
``WordRules``; Indonesian's (``glossary/indonesian.py``) are the default wherever a caller passes none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property


@dataclass(frozen=True)
class WordRules:
    """A language's words as the matcher and the name finder use them; empty sets mean "no such rule"."""

    # Suffixes a name may carry and still match a term (``Pyongyang-nya``), with or without a hyphen.
    clitics: tuple[str, ...] = ()
    # Words that open sentences and are never names, whatever their capital letter says.
    sentence_starters: frozenset[str] = frozenset()
    # Titles in front of a name (*Presiden*), dropped from a name found by capitalization.
    titles: frozenset[str] = frozenset()
    # Capitalized but never names: months, days, time zones, eras.
    not_names: frozenset[str] = frozenset()
    # Words that make a name an organization (*Kementerian …*) or a place (*Kabupaten …*).
    organization_words: frozenset[str] = frozenset()
    place_words: frozenset[str] = frozenset()
    # The word before a name that makes it a place (*di …*).
    place_context: frozenset[str] = frozenset()

    @cached_property
    def never_alone(self) -> frozenset[str]:
        """Words that, capitalized on their own, are not a name: every word of the sets above."""
        names = self.organization_words | self.place_words
        return self.sentence_starters | self.titles | names | self.not_names

    @cached_property
    def clitic_after(self) -> re.Pattern[str] | None:
        """A clitic directly after a matched name, or None where the language has none."""
        if not self.clitics:
            return None
        return re.compile(r"-?(?:" + "|".join(self.clitics) + r")(?!\w)")
