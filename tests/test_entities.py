"""Entities the glossary does not know, found by capitalization with what is not a name taken away."""

from __future__ import annotations

import pytest

from glossary.entities import find_entities, lowercase_vocabulary

JOB = ["Harga beras naik, kata pejabat itu.", "Kami menjaga hubungan baik."]


def found(sentence: str, taken=()) -> list[tuple[str, str]]:
    return [(e.text, e.type) for e in find_entities(sentence, list(taken), lowercase_vocabulary(JOB))]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Ia bertemu Budi Santoso di Sukamaju.", [("Budi Santoso", "person"), ("Sukamaju", "place")]),
        ("Menurut Menteri Sri Wahyuni, harga naik.", [("Sri Wahyuni", "person")]),
        ("Kementerian Kesehatan Sukamaju menolak.", [("Kementerian Kesehatan Sukamaju", "organization")]),
        ("Warga Kabupaten Mekarjaya mengungsi pada Senin.", [("Kabupaten Mekarjaya", "place")]),
        ("Namun pada Juli harga turun.", []),
        ("Abdullah bin Ahmad tiba.", [("Abdullah bin Ahmad", "person")]),
        ("Hubungan Sukamaju-Mekarjaya membaik.", [("Sukamaju-Mekarjaya", "person")]),
        ("Harga Beras Naik", []),
        ("Pejabat BNPN hadir.", [("BNPN", "organization")]),
    ],
)
def test_entities(sentence, expected):
    assert found(sentence) == expected


def test_glossary_matches_are_left_alone():
    sentence = "Presiden Rusia bertemu Budi Santoso."
    assert found(sentence, [(9, 14)]) == [("Budi Santoso", "person")]
