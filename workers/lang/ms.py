"""Malay: Indonesian's closest neighbour, and the example of a profile that derives from another.

Malay and Indonesian share their grammar words, clitics and the way news is punctuated, so Malay uses
Indonesian's rule-based sentence splitter and glossary words with a few Malay additions. Where the two
differ the profile says so: Malaysia writes numbers the English way (1,000.5, as CLDR has it), its
months are *Mac*, *Ogos*, *Disember* (CLDR), a billion is *bilion*, eight is *lapan*, and "because" is
*kerana*. Language identification takes Malay for Indonesian as often as the reverse, so Indonesian is
its neighbour with the same margin.
"""

from __future__ import annotations

from dataclasses import replace

from workers.lang import id as indonesian
from workers.lang.base import LanguageProfile
from workers.lang.generic import cldr_numbers, locale_of
from workers.lang.rules import SentenceRules

_STARTERS = indonesian.SENTENCES.sentence_starters | frozenset(
    {"kerana", "selepas", "walaupun", "manakala", "iaitu", "kerajaan", "beliau"}
)
SENTENCES = SentenceRules(
    # Sdn. (Sendirian) stands before Bhd. (Berhad); Dato', Datuk and Tan Sri are written out.
    abbreviations=indonesian.SENTENCES.abbreviations | {"sdn", "en", "dsp"},
    phrase_enders=indonesian.SENTENCES.phrase_enders | {"bhd"},
    list_openers=(*indonesian.SENTENCES.list_openers, "iaitu", "ialah"),
    sentence_starters=_STARTERS,
)
_NUMBER_WORDS = "satu dua tiga empat lima enam tujuh lapan sembilan sepuluh sebelas"
FUNCTION_WORDS = (indonesian.FUNCTION_WORDS - {"karena", "yakni", "yaitu", "bisa"}) | {
    "kerana", "iaitu", "ialah", "daripada", "selepas", "manakala", "boleh", "turut",
}  # fmt: skip

MALAY: LanguageProfile = replace(
    indonesian.INDONESIAN,
    code="ms",
    name="Malay",
    split_sentences=SENTENCES,
    words=replace(indonesian.INDONESIAN.words, sentence_starters=_STARTERS),
    function_words=FUNCTION_WORDS,
    numbers=replace(
        cldr_numbers(locale_of("ms")),
        magnitudes={"ribu": 1e3, "juta": 1e6, "bilion": 1e9, "trilion": 1e12},
        number_words={w: i for i, w in enumerate(_NUMBER_WORDS.split(), 1)},
        time_words=("pukul",),
    ),
    neighbours={"id": indonesian.MALAY_MARGIN},
)
