"""Indonesian: Warta's flagship source language, every rule learned from real Indonesian news.

Each rule moved here unchanged from the module that applies it, so Indonesian results stay exactly as
they were: the sentence splitter's abbreviations (``workers/text/segment.py``), the function words of
the untranslated check (``workers/quality/checks.py``), number and date forms
(``workers/quality/numbers.py``), what scrapers leave (``workers/text/clean.py``) and Malay as the
neighbour language identification may confuse it with (``workers/text/language.py``). The words the
glossary layer needs are ``glossary/indonesian.py``'s, since that layer must have them as its default.
"""

from __future__ import annotations

from glossary.indonesian import INDONESIAN as INDONESIAN_WORDS
from workers.lang.base import LanguageProfile, NumberForms, ScraperNoise
from workers.lang.rules import SentenceRules

# Abbreviations that close a phrase (dll., dsb., Tbk., S.H.) are left out on purpose: followed by a
# capital they usually do end one.
_PREFIX_ABBREVIATIONS = """
    no nomor hlm hal vol jl jln gg kec kab kel prov rt rw kp ds dr drs dra prof ir h hj kh sdr sdri bpk
    bp tn ny nn st kol let letjen mayjen brigjen jend jen kapt komjen irjen brigpol kompol akbp ipda
    iptu aiptu bripka brig mr mrs ms a.n u.p rp tel telp fax pk yth kpd sbg ttg s.d tgl moh muh mhd
    th thn vs pj plt plh pjs wk
"""
SENTENCES = SentenceRules(
    abbreviations=frozenset(_PREFIX_ABBREVIATIONS.split()),
    phrase_enders=frozenset({"dkk", "dll", "dsb", "dst", "tbk"}),
    list_openers=("yakni", "yaitu", "dan", "atau", "adalah"),
    sentence_starters=INDONESIAN_WORDS.sentence_starters,
)

# Words that are Indonesian and never English: finding them in the output means text went untranslated.
_FUNCTION_WORDS = """
    yang dan dengan untuk dari pada dalam ini itu akan tidak juga oleh sebagai telah karena atau adalah
    para saat sudah bisa dapat lebih kata bahwa mereka kami kita tersebut hingga antara namun tetapi serta
    setelah sejak masih harus belum kemudian secara agar sangat hanya bagi seperti sementara yakni yaitu
    menjadi ketika sehingga tentang terhadap melalui bersama kepada
"""
FUNCTION_WORDS = frozenset(_FUNCTION_WORDS.split())

MAGNITUDES = {
    "ribu": 1e3,
    "rb": 1e3,
    "juta": 1e6,
    "jt": 1e6,
    "miliar": 1e9,
    "milyar": 1e9,
    "triliun": 1e12,
}
_NUMBER_WORDS = "satu dua tiga empat lima enam tujuh delapan sembilan sepuluh sebelas"
_MONTHS = "januari februari maret april mei juni juli agustus september oktober november desember"
NUMBERS = NumberForms(
    decimal=",",
    group=".",
    magnitudes=MAGNITUDES,
    number_words={w: i for i, w in enumerate(_NUMBER_WORDS.split(), 1)},
    months={m: i for i, m in enumerate(_MONTHS.split(), 1)},
    date_pattern="d MMMM y",
    numeric_date_pattern="d/M/y",
    time_words=("pukul",),
)

NOISE = ScraperNoise(
    related_verbs=("baca", "simak", "lihat"),
    related_adverbs=("juga", "pula"),
    player_notices=("browser anda tidak mendukung",),
    footers=frozenset({"forum"}),
)

# Malay is Indonesian's closest neighbour, and refusing real Indonesian is the worse error, so text
# whose top guess is Malay is still accepted when Indonesian is at least half as likely.
MALAY_MARGIN = 0.5

INDONESIAN = LanguageProfile(
    code="id",
    name="Indonesian",
    split_sentences=SENTENCES,
    words=INDONESIAN_WORDS,
    function_words=FUNCTION_WORDS,
    numbers=NUMBERS,
    neighbours={"ms": MALAY_MARGIN},
    noise=NOISE,
)
