"""Language profiles: Indonesian unchanged, Malay derived from it, any other language from libraries."""

from __future__ import annotations

import pytest

from glossary.entities import find_entities
from glossary.language import WordRules
from glossary.matcher import Matcher
from glossary.model import Glossary, Term
from workers.lang import LanguageProfile, profile
from workers.lang.generic import generic_profile
from workers.quality.checks import sentence_flags, summary_checks
from workers.quality.numbers import missing_values, source_values
from workers.text.clean import clean_lines
from workers.text.language import detect_language
from workers.text.segment import split_sentences

MALAY_TEXT = "Kerajaan Malaysia telah mengumumkan bahawa sekolah akan dibuka semula pada minggu hadapan."
SPANISH_TEXT = "El presidente llegó a Madrid el martes por la mañana y habló con los periodistas."


def test_codes_find_their_profiles_and_the_rest_get_the_generic_one():
    assert profile("id") is profile("ID") is profile("id-ID") is profile("in")
    assert profile("ms").name == "Malay" and profile("en").name == "English"
    spanish = profile("es")
    assert (spanish.code, spanish.name) == ("es", "Spanish")
    assert profile("es") is spanish  # built once
    assert profile("pt-BR").name == "Portuguese (Brazil)"
    unknown = profile("zz")
    assert (unknown.code, unknown.name, unknown.function_words) == ("zz", "zz", frozenset())
    assert profile(spanish) is spanish


def test_the_default_language_is_indonesian():
    paragraph = "Mantan presiden B.J. Habibie hadir. Ia tersenyum di Jl. Sudirman No. 5. Rapat dimulai."
    assert (
        split_sentences(paragraph)
        == split_sentences(paragraph, "id")
        == [
            "Mantan presiden B.J. Habibie hadir.",
            "Ia tersenyum di Jl. Sudirman No. 5.",
            "Rapat dimulai.",
        ]
    )
    source = "Penduduknya 4,8 juta jiwa pada 18 Juni 2024 pukul 14.30, naik 11.000 dari 18/6."
    assert source_values(source) == source_values(source, profile("id"))
    assert dict(source_values(source)) == {
        ("time", (14, 30)): 1,
        ("date", (18, 6, 2024)): 1,
        ("date", (18, 6)): 1,
        ("amount", 4.8e6): 1,
        ("amount", 11000.0): 1,
    }
    assert detect_language(MALAY_TEXT) == detect_language(MALAY_TEXT, "id")


def test_indonesian_clitics_and_names_are_the_glossary_default():
    terms = Glossary("t", (Term(id="jkt", target="Jakarta", sources=("Jakarta",)),))
    indonesian, plain = Matcher(terms), Matcher(terms, WordRules())
    assert [m.text for m in indonesian.find("Jakartalah kota itu.")] == ["Jakarta"]
    assert plain.find("Jakartalah kota itu.") == []
    assert [m.text for m in plain.find("Di Jakarta hujan.")] == ["Jakarta"]
    assert [m.text for m in plain.on_top(terms).find("Jakartanya.")] == []
    sentence = "Namun Presiden Joko Widodo tiba di Kota Bogor."
    assert [(e.text, e.type) for e in find_entities(sentence)] == [
        ("Joko Widodo", "person"),
        ("Bogor", "place"),
    ]
    assert [e.text for e in find_entities(sentence, words=WordRules())] == [
        "Namun Presiden Joko Widodo",
        "Kota Bogor",
    ]


@pytest.mark.parametrize(
    ("code", "paragraph", "expected"),
    [
        ("es", "Sr. García llegó. Luego habló con el Dr. Pérez.",
         ["Sr. García llegó.", "Luego habló con el Dr. Pérez."]),
        ("es", "¿Qué pasó? Nada. ¡Basta!", ["¿Qué pasó?", "Nada.", "¡Basta!"]),
        ("de", "Dr. Müller kam am 3. Mai an. Das kostet z. B. 3,5 Mio. Euro.",
         ["Dr. Müller kam am 3. Mai an.", "Das kostet z. B. 3,5 Mio. Euro."]),
        ("de", "Frau Prof. Schmidt sprach. Er ging.", ["Frau Prof. Schmidt sprach.", "Er ging."]),
        ("en", "Mr. Smith arrived at 5 p.m. on Monday. He left.",
         ["Mr. Smith arrived at 5 p.m. on Monday.", "He left."]),
    ],
)  # fmt: skip
def test_the_generic_profile_splits_with_sentencex_abbreviations(code, paragraph, expected):
    assert split_sentences(paragraph, code) == expected


@pytest.mark.parametrize("code", ["es", "de", "en", "fr", "zz", "ms"])
def test_every_splitter_is_lossless(code):
    paragraph = "  Sr.  García (n. 1970) llegó...  ¿Qué? «Nada.»  Fin.Sin espacio. Últimas palabras  "
    sentences = split_sentences(paragraph, code)
    assert " ".join(sentences) == " ".join(paragraph.split())
    assert all(s == s.strip() and s for s in sentences)


@pytest.mark.parametrize(
    ("code", "decimal", "group", "text", "value"),
    [
        ("es", ",", ".", "Costó 1.000,5 euros.", 1000.5),
        ("de", ",", ".", "Es kostete 1.000,5 Euro.", 1000.5),
        ("en", ".", ",", "It cost 1,000.5 dollars.", 1000.5),
        ("ms", ".", ",", "Harganya RM1,000.5.", 1000.5),
        ("id", ",", ".", "Harganya Rp1.000,5.", 1000.5),
        ("fr", ",", "\u202f", "Il coûtait 1 000,5 euros.", 1000.5),
    ],
)
def test_number_separators_come_from_cldr(code, decimal, group, text, value):
    forms = profile(code).numbers
    assert (forms.decimal, forms.group) == (decimal, group)
    assert dict(source_values(text, code)) == {("amount", value): 1}


def test_dates_are_read_from_cldr_patterns():
    assert dict(source_values("El 5 de mayo de 2024 y el 3/4.", "es")) == {
        ("date", (5, 5, 2024)): 1,
        ("date", (3, 4)): 1,
    }
    assert dict(source_values("Am 5. Mai kam er.", "de")) == {("date", (5, 5)): 1}
    assert dict(source_values("On May 5, 2024 and on 3/4.", "en")) == {
        ("date", (5, 5, 2024)): 1,
        ("date", (4, 3)): 1,  # March 4: English puts the month first
    }
    assert missing_values("El 5 de mayo costó 1.000,5 euros.", "On May 5 it cost 1,000.5 euros.", "es") == []
    assert missing_values("El 5 de mayo costó 1.000,5 euros.", "On May 5 it cost 1.000,5 euros.", "es") == [
        ("amount", 1000.5)
    ]


def test_malay_derives_from_indonesian_where_they_agree():
    malay, indonesian = profile("ms"), profile("id")
    assert malay.words.clitics == indonesian.words.clitics
    assert malay.noise is indonesian.noise
    assert split_sentences("Syarikat Maju Sdn. Bhd. menang. Kerajaan setuju.", "ms") == [
        "Syarikat Maju Sdn. Bhd. menang.",
        "Kerajaan setuju.",
    ]
    assert split_sentences("Rumahnya di Jl. Ampang No. 5. Dia pindah.", "ms") == [
        "Rumahnya di Jl. Ampang No. 5.",
        "Dia pindah.",
    ]
    assert dict(
        source_values("Pada 5 Ogos 2024 pukul 3.30, harganya RM1.5 bilion dan lapan ekor.", "ms")
    ) == {
        ("time", (3, 30)): 1,
        ("date", (5, 8, 2024)): 1,
        ("amount", 1.5e9): 1,
        ("amount", 8.0): 1,
    }
    flags = sentence_flags("Dia pergi.", "He went kerana daripada.", language="ms")
    assert flags == [{"check": "untranslated", "words": ["daripada", "kerana"]}]
    assert sentence_flags("Dia pergi.", "He went kerana daripada.") == []


def test_neighbours_come_from_the_expected_language():
    malay = detect_language(MALAY_TEXT, "ms")
    assert (malay.code, malay.accepted) == ("ms", True)
    assert not detect_language(MALAY_TEXT, "es").accepted
    spanish = detect_language(SPANISH_TEXT, "es")
    assert (spanish.code, spanish.accepted) == ("es", True)
    assert not detect_language(SPANISH_TEXT).accepted
    # A language the identifier does not know cannot be checked.
    assert detect_language(SPANISH_TEXT, "haw").accepted


def test_the_untranslated_check_looks_for_the_source_languages_words():
    english_left = "Presiden itu mengatakan that the plan was ready."
    assert [
        f["check"]
        for f in sentence_flags("The president said the plan was ready.", english_left, language="en")
    ] == ["untranslated"]
    assert (
        sentence_flags("El plan estaba listo.", "The plan was ready and the team with it.", language="es")
        == []
    )
    assert (
        summary_checks("Costó 1.000,5 euros.", "Costó 1.000,5 euros ayer.", "es")["unsupported_numbers"] == []
    )


def test_scraper_noise_is_the_languages():
    lines = ["Baca juga: Harga Naik", "Isi berita."]
    assert clean_lines(lines).paragraphs == ["Isi berita."]
    assert clean_lines(lines, "ms").paragraphs == ["Isi berita."]
    assert clean_lines(lines, "es").paragraphs == lines
    notice = "Your browser doesn't support HTML5 video."
    assert clean_lines([notice, "Texto."], "es").paragraphs == ["Texto."]


def test_the_generic_profile_holds_only_what_libraries_give():
    german = generic_profile("de")
    assert isinstance(german, LanguageProfile)
    assert german.words.clitics == () and german.function_words == frozenset()
    assert {"januar", "märz", "montag"} <= german.words.not_names
    assert german.numbers.months["märz"] == 3
    assert german.numbers.magnitudes == {}


def test_a_code_cldr_does_not_know_reads_iso_dates_and_root_separators():
    assert dict(source_values("On 2024-05-03 it cost 1,000.5 and rose in May 3.", "zz")) == {
        ("date", (3, 5, 2024)): 1,
        ("amount", 1000.5): 1,
        ("amount", 3.0): 1,
    }
