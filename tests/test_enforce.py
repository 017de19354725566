"""Glossary enforcement around a translator that treats names the way MT models do.

The translator here is a deterministic test double (allowed: the logic under test is protection,
verification and repair around the model, not the model). It translates word by word from a small
dictionary and, like a real model, copies some names, mangles some and drops some, reporting its own
word alignment.
"""

from __future__ import annotations

import re

import pytest

from glossary.enforce import APPLIED, MISSED, REPAIRED, protect, report, restore
from glossary.matcher import Matcher
from glossary.model import Glossary, Term

GLOSSARY = Glossary("test", (
    Term("putin", "Vladimir Putin", ("Vladimir Putin",), "person", forms=("Putin",)),
    Term("kim", "Kim Jong Un", ("Kim Jong-un", "Kim Jong Un"), "person", forms=("Kim",)),
    Term("nk", "North Korea", ("Korea Utara", "Korut"), "place", forms=("North Korean",)),
    Term("ru", "Russia", ("Rusia",), "place", forms=("Russian",)),
    Term("pyongyang", "Pyongyang", ("Pyongyang",), "place"),
    Term("us", "United States", ("Amerika Serikat", "AS"), "place", forms=("U.S.",)),
    Term("kompas", "Kompas", ("Kompas",), "organization", keep=True),
))  # fmt: skip

DICTIONARY = {
    "presiden": "president", "tiba": "arrived", "di": "in", "dan": "and", "bertemu": "met", "dengan": "with",
    "pada": "on", "selasa": "Tuesday", "menolak": "rejected", "sanksi": "sanctions", "dari": "from",
    "kata": "said", "pemimpin": "leader", "hubungan": "relations", "membaik": "improved",
    "menurut": "according to",
}  # fmt: skip


class NameTranslator:
    """Word-by-word 'MT': dictionary words translated, capitalized words treated as names.

    ``behaviour`` says what happens to a capitalized word: ``copy`` (default), ``mangle`` (a plausible
    wrong spelling) or ``drop``. Alignment is the model's own: each input word maps to the output words
    it produced, a dropped word to the point where it would have been.
    """

    def __init__(self, behaviour: dict[str, str]):
        self.behaviour = behaviour

    def run(self, text: str) -> tuple[str, list[tuple[tuple[int, int], tuple[int, int]]]]:
        out, links, length = [], [], 0
        for match in re.finditer(r"\S+", text):
            word, tail = re.match(r"(.*?)([.,;:!?]*)$", match.group()).groups()
            rendered = self._render(word)
            piece = (rendered + tail) if rendered else tail
            start = length + (1 if out and piece else 0)
            if piece:
                out.append(piece)
                length = start + len(piece)
            links.append((match.span(), (start, start + len(rendered))))
        return " ".join(out), links

    def _render(self, word: str) -> str:
        if not word[:1].isupper():
            return DICTIONARY.get(word.lower(), word.lower())
        action = self.behaviour.get(word, "copy")
        if action == "drop":
            return ""
        if action == "mangle":
            return word[:-1] + "y"
        return DICTIONARY.get(word.lower(), word) if word.lower() in DICTIONARY else word

    def translate(self, text: str) -> str:
        return self.run(text)[0]

    def align(self, text: str, output: str, span: tuple[int, int]) -> tuple[int, int] | None:
        _, links = self.run(text)
        covered = [target for source, target in links if source[0] < span[1] and span[0] < source[1]]
        if not covered:
            return None
        return min(t[0] for t in covered), max(t[1] for t in covered)


def enforce(sentence: str, behaviour: dict[str, str]):
    model = NameTranslator(behaviour)
    protected = protect(sentence, Matcher(GLOSSARY))
    raw = model.translate(protected.text)
    final, results = restore(protected, raw, model.align)
    return protected, raw, final, results


SENTENCE = "Presiden Vladimir Putin tiba di Pyongyang dan bertemu dengan Kim Jong-un pada Selasa."


def test_names_are_injected_before_translation():
    protected = protect(SENTENCE, Matcher(GLOSSARY))
    assert (
        protected.text
        == "Presiden Vladimir Putin tiba di Pyongyang dan bertemu dengan Kim Jong Un pada Selasa."
    )
    assert [u.term.id for u in protected.uses] == ["putin", "pyongyang", "kim"]
    for use in protected.uses:
        assert protected.text[use.input_span[0] : use.input_span[1]] == use.injected
        assert SENTENCE[use.source_span[0] : use.source_span[1]] == use.source_text


def test_copied_names_are_applied_without_any_change():
    _, raw, final, results = enforce(SENTENCE, {})
    assert (
        final == raw == "president Vladimir Putin arrived in Pyongyang and met with Kim Jong Un on Tuesday."
    )
    assert [r.status for r in results] == [APPLIED] * 3


@pytest.mark.parametrize(
    ("behaviour", "repaired"),
    [
        ({"Pyongyang": "mangle"}, {"pyongyang"}),
        ({"Putin": "drop"}, {"putin"}),
        ({"Vladimir": "drop", "Putin": "drop", "Kim": "mangle", "Un": "drop"}, {"putin", "kim"}),
        ({"Pyongyang": "drop", "Jong": "mangle"}, {"pyongyang", "kim"}),
    ],
)
def test_lost_or_mangled_names_are_repaired_in_place(behaviour, repaired):
    protected, raw, final, results = enforce(SENTENCE, behaviour)
    model = NameTranslator(behaviour)
    assert {r.use.term.id for r in results if r.status == REPAIRED} == repaired
    assert report([r.status for r in results])["terms_repaired"] == len(repaired)
    assert report([r.status for r in results])["term_success_rate"] == 1.0
    spans = []
    for result in results:
        start, end = result.target_span
        assert final[start:end] == result.use.term.target
        spans.append((start, end))
    assert spans == sorted(spans), "terms keep the order of the source terms"
    # Outside the term spans, the final text is exactly the model's output outside the aligned spans.
    assert _outside(final, spans) == _outside(
        raw, [model.align(protected.text, raw, r.use.input_span) for r in results]
    )


def _outside(text: str, spans) -> list[str]:
    pieces, cursor = [], 0
    for start, end in sorted(spans):
        pieces.append(text[cursor:start])
        cursor = end
    pieces.append(text[cursor:])
    return [p.strip() for p in pieces if p.strip()]


def test_accepted_forms_count_as_applied():
    protected = protect("Pemimpin Korea Utara menolak sanksi.", Matcher(GLOSSARY))
    final, results = restore(protected, "The North Korean leader rejected sanctions.", lambda *_: None)
    assert final == "The North Korean leader rejected sanctions." and results[0].status == APPLIED


def test_keep_terms_stay_as_written_and_repeated_terms_are_counted_once_each():
    sentence = "Menurut Kompas, Rusia dan Korut menolak sanksi dari AS dan Rusia."
    _, _, final, results = enforce(sentence, {"Russia": "mangle"})
    assert [r.use.term.id for r in results] == ["kompas", "ru", "nk", "us", "ru"]
    assert final.count("Russia") == 2 and "Kompas" in final
    assert [r.status for r in results] == [APPLIED, REPAIRED, APPLIED, APPLIED, REPAIRED]


def test_without_an_alignment_a_lost_term_is_missed_not_guessed():
    protected = protect("Presiden Rusia tiba.", Matcher(GLOSSARY))
    final, results = restore(protected, "The president arrived.", lambda *_: None)
    assert final == "The president arrived." and results[0].status == MISSED
    assert report([r.status for r in results]) == {
        "terms_found": 1, "terms_applied": 0, "terms_repaired": 0, "terms_missed": 1,
        "term_success_rate": 0.0,
    }  # fmt: skip


def test_an_alignment_that_would_swallow_real_text_is_refused():
    protected = protect("Presiden Rusia tiba.", Matcher(GLOSSARY))
    output = "The president of the big federation arrived today."
    final, results = restore(protected, output, lambda *_: (4, len(output) - 1))
    assert final == output and results[0].status == MISSED
