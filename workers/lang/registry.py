"""Finding a language's profile by its code: a module of its own where there is one, else the generic.

A language with a module (``id.py``, ``ms.py``, ``en.py``) is listed in ``PROFILES``; any other code,
a BCP-47 tag included (``es``, ``pt-BR``), gets the generic profile built from ``sentencex`` and CLDR,
once per code.
"""

from __future__ import annotations

from functools import cache

from workers.lang.base import LanguageProfile
from workers.lang.en import ENGLISH
from workers.lang.generic import generic_profile
from workers.lang.id import INDONESIAN
from workers.lang.ms import MALAY

PROFILES: dict[str, LanguageProfile] = {p.code: p for p in (INDONESIAN, MALAY, ENGLISH)}
# Codes that still name a language under an older ISO 639 code.
_OLD_CODES = {"in": "id"}

# What callers may pass for a language: a profile, or a code to look one up by.
Language = LanguageProfile | str


def profile(language: Language) -> LanguageProfile:
    """The profile of ``language``: itself if it is a profile, else the one its code names."""
    if isinstance(language, LanguageProfile):
        return language
    return _by_code(language)


@cache
def _by_code(code: str) -> LanguageProfile:
    tag = code.strip().replace("_", "-")
    primary = tag.split("-")[0].lower()
    primary = _OLD_CODES.get(primary, primary)
    if primary in PROFILES:
        return PROFILES[primary]
    return generic_profile(tag if "-" in tag else primary)
