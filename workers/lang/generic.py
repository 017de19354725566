"""The profile of a language without a module of its own, built from maintained libraries only.

Sentences are split by ``sentencex`` (Wikimedia's splitter: abbreviations and rules for some 250
languages, falling back along language families, English's rules as the last resort). Number symbols,
month and day names and the written forms of a date come from CLDR through ``babel``. Nothing here is a
rule of ours for one language: what a library does not know (function words, magnitudes such as
"millones", clitics, scraper noise) stays empty, so the checks that need it find nothing rather than
guess.
"""

from __future__ import annotations

from babel import Locale, UnknownLocaleError
from babel.dates import get_date_format, get_day_names, get_month_names
from babel.numbers import get_decimal_symbol, get_group_symbol
from sentencex import segment

from glossary.language import WordRules
from workers.lang.base import LanguageProfile, NumberForms, SentenceSplitter

# Where CLDR has no locale for a code: the symbols and date forms of CLDR's root locale.
_ROOT = Locale("root")


def locale_of(code: str) -> Locale | None:
    """CLDR's locale for a BCP-47 tag or ISO 639 code (``pt-BR``, ``es``), or None where CLDR has none."""
    try:
        return Locale.parse(code.replace("_", "-"), sep="-")
    except (UnknownLocaleError, ValueError):
        return None


def sentencex_splitter(code: str) -> SentenceSplitter:
    """``sentencex`` for ``code``, made lossless: sentences are slices of the paragraph between spaces,
    so joining them with single spaces gives the paragraph back, as Warta's own splitter guarantees."""
    language = code.replace("_", "-").split("-")[0].lower()

    def split(paragraph: str) -> list[str]:
        paragraph = " ".join(paragraph.split())
        sentences, start, cursor = [], 0, 0
        for piece in segment(language, paragraph):
            piece = piece.strip()
            found = paragraph.find(piece, cursor) if piece else -1
            if found < 0:
                continue
            cursor = found + len(piece)
            # A boundary counts only where a space follows it; anything else joins the next piece.
            if cursor < len(paragraph) and paragraph[cursor] == " ":
                sentences.append(paragraph[start:cursor])
                start = cursor + 1
        if start < len(paragraph):
            sentences.append(paragraph[start:])
        return sentences

    return split


def cldr_numbers(locale: Locale | None) -> NumberForms:
    """Decimal and group symbols, month names and date patterns of ``locale`` (CLDR's root where None)."""
    known = locale or _ROOT
    months = get_month_names("wide", "format", locale=locale) if locale else {}
    return NumberForms(
        decimal=get_decimal_symbol(known),
        group=get_group_symbol(known),
        months={name.lower(): number for number, name in months.items()},
        date_pattern=get_date_format("long", locale=known).pattern,
        numeric_date_pattern=get_date_format("short", locale=known).pattern,
    )


def cldr_words(locale: Locale | None) -> WordRules:
    """Month and day names, which are capitalized in many languages and never names of people."""
    if locale is None:
        return WordRules()
    months, days = get_month_names("wide", "format", locale=locale), get_day_names("wide", locale=locale)
    names = [*months.values(), *days.values()]
    return WordRules(not_names=frozenset(name.lower() for name in names))


def generic_profile(code: str) -> LanguageProfile:
    """A profile for any language code, from ``sentencex`` and CLDR."""
    locale = locale_of(code)
    return LanguageProfile(
        code=code,
        name=(locale.english_name if locale else None) or code,
        split_sentences=sentencex_splitter(code),
        words=cldr_words(locale),
        function_words=frozenset(),
        numbers=cldr_numbers(locale),
    )
