"""Language codes: one spelling of each language everywhere in Warta, and its name.

Models, clients and files name languages in many ways: ISO 639-1 (``id``), ISO 639-3 (``ind``, Marian's
``>>ind<<``), NLLB's ``ind_Latn``, M2M-100's ``__id__``, DeepL's ``EN-GB`` and ``ZH-HANS``, TMX's ``in-ID``.
Warta keeps one: the shortest BCP 47 tag for the language, as ``langcodes`` standardizes it (ISO 639-1
where it exists, macrolanguages folded in as ``zsm`` → ``ms``, the script only where the language is
written in more than one: ``zh-Hans``, ``sr-Cyrl``), without a region, since no model here writes
British and American English differently. Names come from CLDR through babel.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

import langcodes
from babel import Locale, UnknownLocaleError

AUTO = "auto"
# Codes that name no one language (several, none, undetermined): a model's "mul" source is not a pair.
_COLLECTIVE = {"mul", "und", "mis", "zxx"}


class UnknownLanguage(ValueError):
    """Raised for a tag that names no language."""


@cache
def normalize(tag: str) -> str:
    """Warta's code for ``tag``: ``"IND"`` and ``"in-ID"`` → ``"id"``, ``"zho_Hans"`` → ``"zh-Hans"``."""
    cleaned = tag.strip().replace("_", "-")
    try:
        language = langcodes.Language.get(cleaned, normalize=True)
    except (langcodes.LanguageTagError, ValueError):
        raise UnknownLanguage(f"{tag!r} is not a language code") from None
    if not language.language or not langcodes.tag_is_valid(cleaned) or language.language in _COLLECTIVE:
        raise UnknownLanguage(f"{tag!r} is not a language code")
    found = langcodes.Language.get(langcodes.standardize_tag(language, macro=True)).simplify_script()
    return _language_and_script(found)


def _language_and_script(language: langcodes.Language) -> str:
    return langcodes.Language.make(language=language.language, script=language.script).to_tag()


def base(code: str) -> str:
    """The language without its script: ``zh-Hans`` → ``zh`` (DeepL's and ISO 639-1's level)."""
    return code.split("-")[0]


def closest(requested: str, available: Iterable[str]) -> str | None:
    """The code in ``available`` that ``requested`` means: itself, else the script the language is
    usually written in (``zh`` → ``zh-Hans``), else the language's only written form there."""
    offered = set(available)
    if requested in offered:
        return requested
    same = sorted(code for code in offered if base(code) == base(requested))
    if not same or "-" in requested:
        return None
    likely = normalize(_language_and_script(langcodes.Language.get(requested).maximize()))
    if likely in same:
        return likely
    return same[0] if len(same) == 1 else None


@cache
def name(code: str, locale: str = "en") -> str:
    """The language's name in ``locale`` (CLDR): ``id`` → ``Indonesian``, ``zh-Hans`` → ``Simplified
    Chinese``; the code itself where CLDR has no name for it."""
    try:
        names = Locale.parse(locale).languages
    except (UnknownLocaleError, ValueError):
        names = Locale("en").languages
    return names.get(code.replace("-", "_")) or names.get(base(code)) or code
