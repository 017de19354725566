"""Model-free checks on every translated sentence, each a flag with the evidence.

Cheap enough for every job: numbers and dates preserved (``numbers.py``), the source language's function
words left in the translation (Indonesian's by default; its profile's ``function_words``), repetition
loops, a length far from the source's, empty output. Thresholds are ``WARTA_QE_*`` settings.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from workers.lang import Language, profile
from workers.quality.numbers import missing_values, source_values

_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Thresholds:
    min_length_ratio: float = 0.5
    max_length_ratio: float = 2.5
    untranslated_words: int = 2
    repeats: int = 4


DEFAULT_THRESHOLDS = Thresholds()


def sentence_flags(
    source: str, target: str | None, limits: Thresholds = DEFAULT_THRESHOLDS, language: Language = "id"
) -> list[dict[str, Any]]:
    """The checks that flag ``target``, a translation of ``source`` written in ``language``."""
    if target is None:
        return []
    if not target.strip():
        return [{"check": "empty_output"}] if source.strip() else []
    flags: list[dict[str, Any]] = []
    source_language = profile(language)
    missing = missing_values(source, target, source_language)
    if missing:
        flags.append({"check": "numbers", "missing": [_show(v) for v in missing]})
    words = source_language.function_words
    leftovers = [w for w in _WORD.findall(target.lower()) if w in words]
    if len(leftovers) >= limits.untranslated_words:
        flags.append({"check": "untranslated", "words": sorted(set(leftovers))})
    loop = _repetition(target, limits.repeats)
    if loop:
        flags.append({"check": "repetition", "repeated": loop})
    ratio = len(target) / max(1, len(source))
    if len(source) >= 20 and not limits.min_length_ratio <= ratio <= limits.max_length_ratio:
        flags.append({"check": "length_ratio", "ratio": round(ratio, 2)})
    return flags


def _repetition(text: str, repeats: int) -> str | None:
    """An n-gram (n <= 4) repeated ``repeats`` times in a row: the model looping."""
    words = text.lower().split()
    for n in range(1, 5):
        for start in range(len(words) - n * repeats + 1):
            gram = words[start : start + n]
            if all(words[start + k * n : start + (k + 1) * n] == gram for k in range(1, repeats)):
                return " ".join(gram)
    return None


def _show(value: tuple[str, Any]) -> str:
    kind, number = value
    if kind == "amount":
        return f"{number:g}"
    return kind + ":" + "/".join(str(n) for n in number)


CHECKS = ("empty_output", "numbers", "untranslated", "repetition", "length_ratio")


class _Flag(Protocol):
    """A flag as a dict or as the result's model (``workers.contract.base.Document``): both read
    ``flag["check"]``, though only the dict is a ``Mapping`` to a type checker."""

    def __getitem__(self, name: str, /) -> Any: ...


def article_rates(flags: Sequence[Sequence[_Flag]]) -> dict[str, float | None]:
    """Share of translated sentences flagged by each check (flags as dicts or the result's models)."""
    if not flags:
        return dict.fromkeys(CHECKS)
    return {
        check: round(sum(any(f["check"] == check for f in s) for s in flags) / len(flags), 4)
        for check in CHECKS
    }


def summary_checks(summary: str, article: str, language: Language = "id") -> dict[str, Any]:
    """Compression, and numbers or names in the summary that the article never states (hallucination);
    both are in ``language``, the source language."""
    stated = source_values(article, language)
    unsupported_numbers = [_show(v) for v in source_values(summary, language) if v not in stated]
    article_words = set(_WORD.findall(article.lower()))
    unsupported_names = sorted(
        {w for w in re.findall(r"\b[A-Z][\w-]+", summary) if w.lower() not in article_words}
    )
    return {
        "compression_ratio": round(len(summary) / max(1, len(article)), 4),
        "unsupported_numbers": unsupported_numbers,
        "unsupported_names": unsupported_names,
    }
