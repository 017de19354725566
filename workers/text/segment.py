"""Sentences of news text, and sentences cut to fit a model.

How a paragraph splits into sentences is the source language's (``workers/lang``): Indonesian's own
rules, ``sentencex`` for a language without a profile. Whichever splits it, segmentation is lossless:
sentences are slices of the paragraph between boundaries, so joining a paragraph's sentences with single
spaces gives back the paragraph with its whitespace normalized, and every character of the input
reaches the translator exactly once.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from workers.lang import Language, profile


def split_sentences(paragraph: str, language: Language = "id") -> list[str]:
    """The sentences of ``paragraph`` by the rules of ``language`` (a profile or a code; Indonesian's
    rule-based splitter by default, ``workers/lang/rules.py``)."""
    return profile(language).split_sentences(paragraph)


_CLAUSE_BREAK = re.compile(r"(?<=[,;:—–])\s+|\s+(?=[—–]\s)")


def split_to_fit(sentence: str, count_tokens: Callable[[str], int], limit: int) -> list[str]:
    """Split a sentence the model cannot take whole, at clause breaks first, then between words.

    A model input limit must never truncate text: the pieces are translated one by one and joined.
    """
    if count_tokens(sentence) <= limit:
        return [sentence]
    for splitter in (_CLAUSE_BREAK.split, str.split):
        parts = [p for p in splitter(sentence) if p]
        if len(parts) > 1:
            return [
                piece
                for group in _pack(parts, count_tokens, limit)
                for piece in split_to_fit(group, count_tokens, limit)
            ]
    middle = len(sentence) // 2
    return [
        *split_to_fit(sentence[:middle], count_tokens, limit),
        *split_to_fit(sentence[middle:], count_tokens, limit),
    ]


def _pack(parts: list[str], count_tokens: Callable[[str], int], limit: int) -> list[str]:
    """Greedily join consecutive parts while the joined text still fits."""
    groups: list[str] = []
    for part in parts:
        candidate = f"{groups[-1]} {part}" if groups else part
        if groups and count_tokens(candidate) <= limit:
            groups[-1] = candidate
        else:
            groups.append(part)
    return groups
