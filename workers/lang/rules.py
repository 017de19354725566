"""Sentence splitting by rules: Indonesian's splitter, for the languages that write like it.

Moved unchanged from ``workers/text/segment.py``; only the words are now a ``SentenceRules`` value, so
Malay (``ms.py``) uses the same rules with its own abbreviations. Segmentation is lossless by
construction: sentences are slices of the paragraph between boundaries, so joining a paragraph's
sentences with single spaces gives back the paragraph with its whitespace normalized.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

# Initials (B.J. Habibie) and degrees after a name (S.H., M.T.) look the same as a sentence ending in a
# capital letter (vitamin D., berinisial A.K.): the word that follows decides. A name follows initials;
# one of the common sentence starters starts a new sentence.
_INITIALS = re.compile(r"^(?:[A-Z]\.)*[A-Z]$")
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


@dataclass(frozen=True)
class SentenceRules:
    """The words a full stop depends on; ``__call__`` splits a paragraph with them."""

    # Abbreviations that stand before what they qualify (a name, a number, a street, a date): a full
    # stop after them never ends a sentence.
    abbreviations: frozenset[str]
    # Abbreviations that close a phrase end a sentence before a capital, not before a year (Putra dkk.
    # 2021).
    phrase_enders: frozenset[str]
    # Words after which a small number and a full stop open a list item (yakni 1. Anggaran).
    list_openers: tuple[str, ...]
    # Words that open a sentence: after initials, they mean the initials ended one.
    sentence_starters: frozenset[str]

    @cached_property
    def _list_number(self) -> re.Pattern[str]:
        return re.compile(r"(?:^\s*|[,:;]\s+|\b(?:" + "|".join(self.list_openers) + r")\s+)\d{1,2}$")

    def __call__(self, paragraph: str) -> list[str]:
        paragraph = " ".join(paragraph.split())
        sentences, start = [], 0
        for match in _BOUNDARY.finditer(paragraph):
            next_word = _NEXT_WORD.match(paragraph, match.end())
            if not self._ends_sentence(
                paragraph[start : match.start("end") + 1], next_word.group(1) if next_word else ""
            ):
                continue
            sentences.append(paragraph[start : match.end("end")])
            start = match.end()
        if start < len(paragraph):
            sentences.append(paragraph[start:])
        return sentences

    def _ends_sentence(self, text_up_to_stop: str, next_word: str) -> bool:
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
        if word.lower() in self.abbreviations or self._list_number.search(before):
            return False
        if _INITIALS.match(word):
            return next_word.lower() in self.sentence_starters
        if word.lower() in self.phrase_enders:
            return next_word[:1].isupper()
        return True
