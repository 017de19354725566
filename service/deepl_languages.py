"""DeepL's language codes for Warta's: the variants DeepL lists, and reading what its clients send.

DeepL names a target by variant where it has them (``EN-GB``, ``EN-US``, ``PT-BR``, ``PT-PT``,
``ZH-HANS``, ``ZH-HANT``; ``EN``, ``PT`` and ``ZH`` are older spellings it still accepts) and a source by
its language alone (``EN``, ``ZH``). No model here writes one variant differently from another, so every
variant of a served language is served, by the same model.

``supports_formality`` is DeepL's: the targets ``formality=less`` and ``more`` are accepted for (DeepL's
clients and their users rely on which those are). No model here has formality control, so the
translation is the same at every formality; the answer says so (``Warta-Formality``).
"""

from __future__ import annotations

from typing import Any

from workers.languages import UnknownLanguage, base, closest, name, normalize
from workers.model_table import ServedPairs

# The languages DeepL takes ``formality`` for as a target.
FORMALITY_LANGUAGES = {"de", "es", "fr", "it", "ja", "nl", "pl", "pt", "ru"}
# A served Warta code and the DeepL targets it answers for, with DeepL's own names for them.
TARGET_VARIANTS: dict[str, list[tuple[str, str]]] = {
    "en": [("EN-GB", "English (British)"), ("EN-US", "English (American)")],
    "pt": [("PT-BR", "Portuguese (Brazilian)"), ("PT-PT", "Portuguese (European)")],
    "zh-Hans": [("ZH", "Chinese (simplified)"), ("ZH-HANS", "Chinese (simplified)")],
    "zh-Hant": [("ZH-HANT", "Chinese (traditional)")],
}


def deepl_source(code: str) -> str:
    """DeepL's source code of a Warta code: the language alone, upper-case (``zh-Hans`` → ``ZH``)."""
    return base(code).upper()


def source_languages(served: ServedPairs) -> list[dict[str, Any]]:
    listed: dict[str, dict[str, Any]] = {}
    for code in served.sources():
        listed.setdefault(deepl_source(code), {"language": deepl_source(code), "name": name(base(code))})
    return sorted(listed.values(), key=lambda language: str(language["language"]))


def target_languages(served: ServedPairs) -> list[dict[str, Any]]:
    """Every served target as DeepL lists it, with DeepL's ``supports_formality``."""
    listed = []
    targets = served.targets()
    for code in targets:
        for variant, label in TARGET_VARIANTS.get(code, [(_deepl_target(code, targets), name(code))]):
            listed.append(
                {"language": variant, "name": label, "supports_formality": supports_formality(code)}
            )
    return sorted(listed, key=lambda language: str(language["language"]))


def warta_code(deepl: str, offered: list[str]) -> str | None:
    """The served Warta code a DeepL code means (``EN-GB`` → ``en``, ``ZH`` → ``zh-Hans``); None where it
    names no language or none that is served."""
    try:
        code = normalize(deepl)
    except UnknownLanguage:
        return None
    return closest(code, offered)


def supports_formality(code: str) -> bool:
    """Whether DeepL takes ``formality=less`` or ``more`` for the Warta target ``code``."""
    return base(code) in FORMALITY_LANGUAGES


def _deepl_target(code: str, served: list[str]) -> str:
    """DeepL's target code of a Warta code with no variant of DeepL's: the language alone where it is the
    only written form served (NLLB's ``kor_Hang`` is ``ko-Hang`` here and ``KO`` at DeepL), the script
    too where several are (``ACE-ARAB``, ``ACE-LATN``)."""
    alone = sum(1 for other in served if base(other) == base(code)) == 1
    return (base(code) if alone else code).upper()
