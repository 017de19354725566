"""Paragraphs and sentences of Indonesian news text.

Segmentation is lossless by construction: sentences are slices of the paragraph between boundaries,
so joining a paragraph's sentences with single spaces gives back the paragraph with its whitespace
normalized, and every character of the input reaches the translator exactly once.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# Abbreviations that stand before what they qualify (a name, a number, a street): a full stop after
# them never ends a sentence. Abbreviations that close a phrase (dll., dsb., Tbk., S.H.) are left out on
# purpose: followed by a capital they usually do end one.
_PREFIX_ABBREVIATIONS = """
    no nomor hlm hal vol jl jln gg kec kab kel prov rt rw kp ds dr drs dra prof ir h hj kh sdr sdri bpk
    bp tn ny nn st kol let letjen mayjen brigjen jend jen kapt komjen irjen brigpol kompol akbp ipda
    iptu aiptu bripka brig mr mrs ms a.n u.p rp tel telp fax pk yth kpd sbg ttg
"""
ABBREVIATIONS = frozenset(_PREFIX_ABBREVIATIONS.split())
_INITIALS = re.compile(r"^(?:[A-Z]\.)*[A-Z]$")

_BOUNDARY = re.compile(
    r"""(?P<end>[.!?…]+[”"’'»)\]]*)   # terminal punctuation, then any closing quotes or brackets
        \s+                            # the gap between sentences
        (?=[“"‘'«(\[]*[A-Z0-9À-Þ])     # the next sentence opens with a capital or a digit
    """,
    re.VERBOSE,
)
_WORD_BEFORE = re.compile(r"([\w.]+)[.!?…]*$")


def split_sentences(paragraph: str) -> list[str]:
    paragraph = " ".join(paragraph.split())
    sentences, start = [], 0
    for match in _BOUNDARY.finditer(paragraph):
        if _is_abbreviation(paragraph[start : match.start("end") + 1]):
            continue
        sentences.append(paragraph[start : match.end("end")])
        start = match.end()
    if start < len(paragraph):
        sentences.append(paragraph[start:])
    return sentences


def _is_abbreviation(text_up_to_stop: str) -> bool:
    """True when the full stop closes an abbreviation or an initial rather than a sentence."""
    if not text_up_to_stop.endswith("."):
        return False
    match = _WORD_BEFORE.search(text_up_to_stop[:-1])
    if match is None:
        return False
    word = match.group(1)
    return word.lower() in ABBREVIATIONS or bool(_INITIALS.match(word))


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
