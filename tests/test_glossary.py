"""Glossary terms, files and matching."""

from __future__ import annotations

import pytest

from glossary.countries import country_terms
from glossary.formats import GlossaryFormatError, dump_glossary, parse_glossary
from glossary.matcher import Matcher
from glossary.model import Glossary, Term

TERMS = Glossary("test", (
    Term("north-korea", "North Korea", ("Korea Utara", "Korut", "Republik Rakyat Demokratik Korea"), "place",
         forms=("North Korean",)),
    Term("us", "United States", ("Amerika Serikat", "AS"), "place", forms=("U.S.",)),
    Term("un", "UN", ("PBB",), "organization"),
    Term("unsc", "UN Security Council", ("Dewan Keamanan PBB",), "organization"),
    Term("russia", "Russia", ("Rusia",), "place"),
    Term("jersey", "Jersey", ("Jersey",), "place"),
))  # fmt: skip


def found(text: str) -> list[tuple[str, str]]:
    return [(m.text, m.term.id) for m in Matcher(TERMS).find(text)]


def test_longest_match_wins():
    assert found("Dewan Keamanan PBB bersidang, kata juru bicara PBB.") == [
        ("Dewan Keamanan PBB", "unsc"),
        ("PBB", "un"),
    ]


def test_acronyms_are_case_sensitive():
    assert found("AS menolak, kata dia, sama seperti kasus lain di Amerika Serikat.") == [
        ("AS", "us"),
        ("Amerika Serikat", "us"),
    ]
    assert found("Ia bekerja sebagai guru.") == []


def test_names_must_be_capitalized_but_headlines_match():
    assert found("Ia membeli jersey baru.") == []
    assert found("KOREA UTARA DAN RUSIA") == [("KOREA UTARA", "north-korea"), ("RUSIA", "russia")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hubungan Korut-Rusia makin erat.", [("Korut", "north-korea"), ("Rusia", "russia")]),
        ("Pemimpin Korut-nya datang.", [("Korut", "north-korea")]),
        ("Rusianya menolak.", [("Rusia", "russia")]),
        ("Rusialah yang menolak.", [("Rusia", "russia")]),
        ("Rusiawi bukan nama negara.", []),
        ("PBBX bukan PBB.", [("PBB", "un")]),
    ],
)
def test_word_edges_understand_clitics_and_compounds(text, expected):
    assert found(text) == expected


def test_offsets_point_into_the_text():
    text = "Menurut AS, Korea Utara menolak."
    for match in Matcher(TERMS).find(text):
        assert text[match.start : match.end] == match.text


def test_a_user_glossary_overrides_default_sources():
    mine = Glossary("mine", (Term("usa", "USA", ("AS",)),))
    merged = TERMS.overridden_by(mine)
    assert [(m.text, m.term.target) for m in Matcher(merged).find("AS dan Amerika Serikat")] == [
        ("AS", "USA"),
        ("Amerika Serikat", "United States"),
    ]


@pytest.mark.parametrize("fmt", ["tsv", "csv", "csv-sets", "json"])
def test_every_format_round_trips(fmt):
    back = parse_glossary(dump_glossary(TERMS, fmt), fmt)
    pairs = sorted((s, t.target) for t in back.terms for s in t.sources)
    assert pairs == sorted((s, t.target) for t in TERMS.terms for s in t.sources)
    if fmt == "json":
        assert back.terms == TERMS.terms


def test_deepl_four_column_csv_and_google_sets_are_read():
    deepl = parse_glossary("Korut,North Korea,id,en\nAS,United States,id,en\n", "csv")
    google = parse_glossary("en,id\nNorth Korea,Korut\nUnited States,AS\n", "csv")
    for glossary in (deepl, google):
        assert {(s, t.target) for t in glossary.terms for s in t.sources} == {
            ("Korut", "North Korea"),
            ("AS", "United States"),
        }
    other_pair = parse_glossary(
        'sourceEntry1,targetEntry1,en,de\n"source""Entry","target,Entry",en,de\n', "csv"
    )
    assert {(s, t.target) for t in other_pair.terms for s in t.sources} == {
        ("sourceEntry1", "targetEntry1"),
        ('source"Entry', "target,Entry"),
    }


@pytest.mark.parametrize(
    ("fmt", "data", "line", "problem"),
    [
        ("tsv", "Korut\tNorth Korea\nAS United States\n", 2, "expected 2 tab-separated columns"),
        ("tsv", "Korut\tNorth Korea\n\tRussia\n", 2, "empty source"),
        ("tsv", "Korut\tNorth Korea\nAS\tUSA\nAS\tUnited States\n", 3, "already maps to 'USA' on line 2"),
        ("csv", "Korut,North Korea\nAS,United,States\n", 2, "expected 2 comma-separated columns"),
        ("csv", "id,en\nKorut,North Korea\nAS\n", 3, "expected 2 columns"),
        ("json", '{"terms": [\n{"target": "X", "sources": ["Y"]},\n}', 3, "invalid JSON"),
    ],
)
def test_bad_files_get_line_precise_errors(fmt, data, line, problem):
    with pytest.raises(GlossaryFormatError) as raised:
        parse_glossary(data, fmt)
    assert raised.value.line == line and problem in str(raised.value)


@pytest.mark.parametrize(
    ("data", "member"),
    [
        ('{"terms": [{"target": "X", "sources": []}]}', "terms[0].sources"),
        ('{"terms": [{"target": "X", "sources": ["Y"], "type": "city"}]}', "terms[0].type"),
        ('{"terms": [{"target": "X", "sources": ["Y"]}, {"target": "Z", "sources": ["Y"]}]}', "terms[1]"),
    ],
)
def test_bad_json_terms_name_the_member(data, member):
    with pytest.raises(GlossaryFormatError) as raised:
        parse_glossary(data, "json")
    assert raised.value.member == member


def test_countries_come_from_cldr_in_wire_style():
    by_code = {t.extra["iso"]: t for t in country_terms()}
    assert len(by_code) > 240
    assert by_code["KP"].target == "North Korea" and "Korea Utara" in by_code["KP"].sources
    assert by_code["KN"].target == "Saint Kitts and Nevis"
    assert by_code["CI"].target == "Ivory Coast" and by_code["MM"].target == "Myanmar"
    assert "Myanmar (Burma)" not in {t.target for t in by_code.values()}
