"""Paragraphs and sentences of Indonesian news text.

Segmentation is lossless by construction: sentences are slices of the paragraph between boundaries,
so joining a paragraph's sentences with single spaces gives back the paragraph with its whitespace
normalized, and every character of the input reaches the translator exactly once.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from glossary.starters import SENTENCE_STARTERS

# Abbreviations that stand before what they qualify (a name, a number, a street, a date): a full stop
# after them never ends a sentence. Abbreviations that close a phrase (dll., dsb., Tbk., S.H.) are left
# out on purpose: followed by a capital they usually do end one.
_PREFIX_ABBREVIATIONS = """
    no nomor hlm hal vol jl jln gg kec kab kel prov rt rw kp ds dr drs dra prof ir h hj kh sdr sdri bpk
    bp tn ny nn st kol let letjen mayjen brigjen jend jen kapt komjen irjen brigpol kompol akbp ipda
    iptu aiptu bripka brig mr mrs ms a.n u.p rp tel telp fax pk yth kpd sbg ttg s.d tgl moh muh mhd
    th thn vs pj plt plh pjs wk
"""
ABBREVIATIONS = frozenset(_PREFIX_ABBREVIATIONS.split())
# Initials (B.J. Habibie) and degrees after a name (S.H., M.T.) look the same as a sentence ending in a
# capital letter (vitamin D., berinisial A.K.): the word that follows decides. A name follows initials;
# one of the common sentence starters (``glossary/starters.py``) starts a new sentence.
_INITIALS = re.compile(r"^(?:[A-Z]\.)*[A-Z]$")
_LIST_NUMBER = re.compile(r"(?:^\s*|[,:;]\s+|\b(?:yakni|yaitu|dan|atau|adalah)\s+)\d{1,2}$")
# Abbreviations that close a phrase end a sentence before a capital, not before a year (Putra dkk. 2021).
_PHRASE_ENDERS = frozenset({"dkk", "dll", "dsb", "dst", "tbk"})

_BOUNDARY = re.compile(
    r"""(?P<end>[.!?…]+[”"’'»)\]]*)     # terminal punctuation, then any closing quotes or brackets
        \s+                             # the gap between sentences
        (?![(\[]\d)                     # "(2021)", "[3]": a citation or a date, not a new sentence
        (?=[“"‘'«(\[]*(?:[A-Z0-9À-Þ]|[a-z][A-Z])  # a capital, a digit, or a brand (iPhone) opens it
           |\[[a-z]{1,5}/)                      # or an editors' credit tag ([ns/rd]) stands alone
    """,
    re.VERBOSE,
)
_WORD_BEFORE = re.compile(r"([\w.]+)[.!?…]*$")
_NEXT_WORD = re.compile(r"""[“"‘'«(\[]*([\w-]+)""")


def split_sentences(paragraph: str) -> list[str]:
    paragraph = " ".join(paragraph.split())
    sentences, start = [], 0
    for match in _BOUNDARY.finditer(paragraph):
        next_word = _NEXT_WORD.match(paragraph, match.end())
        if not _ends_sentence(
            paragraph[start : match.start("end") + 1], next_word.group(1) if next_word else ""
        ):
            continue
        sentences.append(paragraph[start : match.end("end")])
        start = match.end()
    if start < len(paragraph):
        sentences.append(paragraph[start:])
    return sentences


def _ends_sentence(text_up_to_stop: str, next_word: str) -> bool:
    """Whether the punctuation that closes ``text_up_to_stop`` ends the sentence.

    ``text_up_to_stop`` runs from the start of the current sentence to the first character of the
    terminal punctuation; a full stop may instead close an abbreviation, an initial or a list number.
    """
    if not text_up_to_stop.endswith("."):
        return True
    before = text_up_to_stop[:-1]
    match = _WORD_BEFORE.search(before)
    if match is None:
        return True
    word = match.group(1)
    if word.lower() in ABBREVIATIONS or _LIST_NUMBER.search(before):
        return False
    if _INITIALS.match(word):
        return next_word.lower() in SENTENCE_STARTERS
    if word.lower() in _PHRASE_ENDERS:
        return next_word[:1].isupper()
    return True


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
