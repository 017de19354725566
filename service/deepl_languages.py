"""DeepL's language codes for Warta's: the variants DeepL lists, and reading what its clients send.

DeepL names a target by variant where it has them (``EN-GB``, ``EN-US``, ``PT-BR``, ``PT-PT``,
``ZH-HANS``, ``ZH-HANT``; ``EN``, ``PT`` and ``ZH`` are older spellings it still accepts) and a source by
its language alone (``EN``, ``ZH``). No model here writes one variant differently from another, so every
variant of a served language is served, by the same model.
"""

from __future__ import annotations

from typing import Any

from workers.languages import UnknownLanguage, base, closest, name, normalize
from workers.model_table import ServedPairs

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
    """Every served target as DeepL lists it; formality is never supported (no model here has it)."""
    listed = []
    for code in served.targets():
        for variant, label in TARGET_VARIANTS.get(code, [(code.upper(), name(code))]):
            listed.append({"language": variant, "name": label, "supports_formality": False})
    return sorted(listed, key=lambda language: str(language["language"]))


def warta_code(deepl: str, offered: list[str]) -> str | None:
    """The served Warta code a DeepL code means (``EN-GB`` → ``en``, ``ZH`` → ``zh-Hans``); None where it
    names no language or none that is served."""
    try:
        code = normalize(deepl)
    except UnknownLanguage:
        return None
    return closest(code, offered)
