"""The one type of a language profile: everything Warta knows about a source language, as data.

Warta's text rules were written for Indonesian and spread over the modules that use them; a profile
gathers them so that one value says how a language's text is split into sentences, which of its words
left in a translation mean text went untranslated, how it writes numbers and dates, which words the
glossary layer must know (``glossary.language.WordRules``), what scrapers leave around its articles and
which neighbours language identification may take it for. The code that applies the rules stays where
it was (``workers/text``, ``workers/quality``, ``glossary``) and takes a profile; a profile holds no
behaviour of its own beyond its sentence splitter.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from glossary.language import WordRules

# A paragraph (whitespace collapsed) to its sentences: slices of it that, joined with single spaces,
# give the paragraph back.
SentenceSplitter = Callable[[str], list[str]]


@dataclass(frozen=True, eq=False)
class NumberForms:
    """How a language writes numbers, amounts, dates and times (``workers/quality/numbers.py``).

    Compared by identity (``eq=False``): profiles are built once, and the patterns compiled from a
    ``NumberForms`` are cached per value.
    """

    decimal: str  # "," in Indonesian (4,8 juta), "." in English
    group: str  # "." in Indonesian (11.000), "," in English
    # Words that multiply the number before them: juta = 1e6.
    magnitudes: Mapping[str, float] = field(default_factory=dict)
    # Small numbers written as words, counted as amounts: satu = 1.
    number_words: Mapping[str, int] = field(default_factory=dict)
    # Month names (lower case) to their number.
    months: Mapping[str, int] = field(default_factory=dict)
    # A date written with the month's name, as a CLDR pattern: "d MMMM y" (18 Juni 2024).
    date_pattern: str = "d MMMM y"
    # A date written in digits, as a CLDR pattern: "d/M/y" (18/6/2024); a year is read with four digits.
    numeric_date_pattern: str = "d/M/y"
    # Words that must open a time written with a full stop or colon (pukul 14.30); without any, only
    # hh:mm is read as a time.
    time_words: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False)
class ScraperNoise:
    """What news sites in a language put around their articles, for ``workers/text/clean.py``."""

    # A related-article link opens with one of ``related_verbs`` then one of ``related_adverbs``
    # ("Baca juga: …"); without verbs there is no such rule.
    related_verbs: tuple[str, ...] = ()
    related_adverbs: tuple[str, ...] = ()
    # How a video player says, in this language, that the browser cannot play it (the English notice
    # is known for every language).
    player_notices: tuple[str, ...] = ()
    # A last paragraph that is only one of these words is a site's footer.
    footers: frozenset[str] = frozenset()


@dataclass(frozen=True, eq=False)
class LanguageProfile:
    """A source language: its code and name, and the rules of each stage that depends on the language."""

    code: str  # ISO 639-1 or a BCP-47 tag as the registry was asked for it
    name: str  # in English, from CLDR
    split_sentences: SentenceSplitter
    words: WordRules  # what the glossary layer needs: clitics, sentence starters, name words
    # Words of this language that are never words of the target: found in a translation, they mean
    # text went untranslated. Empty where no list is kept: the check then finds nothing.
    function_words: frozenset[str]
    numbers: NumberForms
    # Languages the identifier may take this one for, each with how likely, at least, this language
    # must still be relative to that guess for the text to be accepted (Malay for Indonesian: 0.5).
    neighbours: Mapping[str, float] = field(default_factory=dict)
    noise: ScraperNoise = field(default_factory=ScraperNoise)
