"""English: the usual target, and a source language too (English → Indonesian).

Sentences, symbols and date forms are the generic profile's (``sentencex``, CLDR). What is kept here is
what no library gives: the magnitude and number words of English amounts, which the number check reads
in every English translation (``workers/quality/numbers.py``), the function words that mean English
was left untranslated, and the sentence starters and titles the name finder drops.
"""

from __future__ import annotations

from dataclasses import replace

from workers.lang.generic import generic_profile

MAGNITUDES = {"thousand": 1e3, "million": 1e6, "mln": 1e6, "billion": 1e9, "bln": 1e9, "trillion": 1e12}
_NUMBER_WORDS = "one two three four five six seven eight nine ten eleven twelve"
NUMBER_WORDS = {w: i for i, w in enumerate(_NUMBER_WORDS.split(), 1)}
_MONTHS = "january february march april may june july august september october november december"
MONTHS = {m: i for i, m in enumerate(_MONTHS.split(), 1)}

# English words that are not words of the languages Warta translates into: left in a translation, they
# mean text went untranslated.
_FUNCTION_WORDS = """
    the and with from that this which have has been were would should could their there about into
    after before because while when what who whom whose also than other these those they them
"""
_STARTERS = """
    the a an he she it they we i you this that these those but and however meanwhile in on at for from
    with by after before when while if as since although though yet so then there here his her their its
    our my your according earlier later police officials
"""
_TITLES = """
    president vice minister prime secretary governor mayor chairman chairwoman chair chief director
    general mr mrs ms miss dr prof professor sir king queen prince princess former senator judge
    ambassador spokesman spokeswoman spokesperson captain colonel lieutenant sergeant coach
"""
_BASE = generic_profile("en")
ENGLISH = replace(
    _BASE,
    name="English",
    function_words=frozenset(_FUNCTION_WORDS.split()),
    numbers=replace(_BASE.numbers, magnitudes=MAGNITUDES, number_words=NUMBER_WORDS, months=MONTHS),
    words=replace(
        _BASE.words, sentence_starters=frozenset(_STARTERS.split()), titles=frozenset(_TITLES.split())
    ),
)
