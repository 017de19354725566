"""The projection of inline markup onto a translation: anchors, verbatim copies, alignment and the
fallback, and the guarantees that hold whatever the aligner says (every span back once, nested as
before, siblings apart). The aligner here is a test double of the model's word alignment (a word list),
standing in for it only to test the logic around it."""

from __future__ import annotations

import itertools
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from workers.inline.marked import Marked, MarkedBuilder, Span
from workers.inline.project import Anchor, Sentence, project, segment_aligner


def word_aligner(source: str, target: str, lexicon: dict[str, str]):
    """Aligns a source word to the target word the lexicon gives it (first occurrence)."""

    def align(start: int, end: int):
        found = []
        for word in re.finditer(r"\w+", source[start:end]):
            rendered = lexicon.get(word.group().lower())
            hit = re.search(rf"\b{re.escape(rendered)}\b", target) if rendered else None
            if hit:
                found.append(hit.span())
        return (min(s for s, _ in found), max(e for _, e in found)) if found else None

    return align


def marked(*parts: object) -> Marked:
    """A segment from text and ("open", mark) / ("close",) / ("void", mark) steps."""
    builder = MarkedBuilder()
    for part in parts:
        if isinstance(part, str):
            builder.text(part)
        elif part[0] == "open":
            builder.open(part[1])
        elif part[0] == "close":
            builder.close()
        else:
            builder.void(part[1])
    return builder.built()


def wrapped(result: Marked) -> dict[int, str]:
    return {span.mark: result.text[span.start : span.end] for root in result.spans for span in root.walk()}


def test_names_copied_verbatim_keep_their_markup_without_any_alignment():
    source = marked("Presiden ", ("open", 0), "Joko Widodo", ("close",), " tiba di ", ("open", 1), "Jakarta",
                    ("close",), ".")  # fmt: skip
    result = project(source, "President Joko Widodo arrived in Jakarta.", lambda s, e: None)
    assert wrapped(result) == {0: "Joko Widodo", 1: "Jakarta"}


def test_aligned_spans_follow_the_words_when_the_order_changes():
    source = marked(("open", 0), "Presiden", ("close",), " ", ("open", 1), "Rusia", ("close",), " tiba.")
    target = "The Russian president arrived."
    lexicon = {"presiden": "president", "rusia": "Russian", "tiba": "arrived"}
    align = word_aligner(source.text, target, lexicon)
    result = project(source, target, align)
    assert wrapped(result) == {0: "president", 1: "Russian"}


def test_an_anchor_wins_over_the_alignment():
    source = marked("Harga ", ("open", 0), "beras", ("close",), " naik.")
    target = "The price of rice rose."
    result = project(source, target, lambda s, e: (0, 3), [Anchor((6, 11), (13, 17))])
    assert wrapped(result) == {0: "rice"}


def test_a_child_stays_inside_its_parent():
    source = marked(("open", 0), "kata ", ("open", 1), "penting", ("close",), ("close",), " sekali")
    target = "a very important word"
    align = word_aligner(source.text, target, {"kata": "word", "penting": "important", "sekali": "very"})
    result = project(source, target, align)
    parent = result.spans[0]
    child = parent.children[0]
    assert parent.start <= child.start <= child.end <= parent.end
    assert wrapped(result)[1] == "important"


def test_a_void_element_follows_the_word_before_it():
    source = marked("satu", ("void", 0), " dua")
    target = "one two"
    result = project(source, target, word_aligner(source.text, target, {"satu": "one", "dua": "two"}))
    assert result.spans == (Span(3, 3, 0),)


def test_an_unaligned_span_falls_back_to_the_same_place_and_is_never_lost():
    source = marked("aaa bbb ", ("open", 0), "ccc", ("close",), " ddd")
    result = project(source, "www xxx yyy zzz", lambda s, e: None)
    assert wrapped(result) == {0: "yyy"}


def test_a_span_over_two_sentences_is_aligned_in_each():
    sentences = [Sentence(0, "Satu dua.", 0, "One two."), Sentence(10, "Tiga empat.", 9, "Three four.")]
    lexicon = {"dua": "two", "tiga": "Three"}

    def align_sentence(source: str, target: str, span: tuple[int, int]):
        return word_aligner(source, target, lexicon)(*span)

    align = segment_aligner(sentences, align_sentence)
    source = marked("Satu ", ("open", 0), "dua. Tiga", ("close",), " empat.")
    result = project(source, "One two. Three four.", align)
    assert wrapped(result) == {0: "two. Three"}


@st.composite
def segments(draw: st.DrawFn) -> Marked:
    builder, mark = MarkedBuilder(), 0
    for _ in range(draw(st.integers(1, 12))):
        step = draw(st.sampled_from(["text", "open", "close", "void"]))
        if step == "text":
            builder.text(draw(st.text(alphabet="ab .", min_size=1, max_size=6)))
        elif step == "close" and builder.depth:
            builder.close()
        elif step in ("open", "void"):
            getattr(builder, step)(mark)
            mark += 1
    return builder.built()


def _check_nested(spans: tuple[Span, ...], bounds: tuple[int, int]) -> None:
    ordered = sorted(spans, key=lambda s: (s.start, s.end))
    for before, after in itertools.pairwise(ordered):
        assert before.end <= after.start, "siblings overlap"
    for span in spans:
        assert bounds[0] <= span.start <= span.end <= bounds[1]
        _check_nested(span.children, (span.start, span.end))


@settings(max_examples=300, deadline=None)
@given(segments(), st.text(alphabet="xy .", max_size=30), st.data())
def test_every_span_comes_back_once_nested_as_before(source: Marked, target: str, data: st.DataObject):
    def align(start: int, end: int):
        if data.draw(st.booleans()):
            return None
        lo = data.draw(st.integers(0, len(target)))
        return lo, data.draw(st.integers(lo, len(target)))

    result = project(source, target, align)
    assert sorted(result.marks()) == sorted(source.marks())
    _check_nested(result.spans, (0, len(target)))

    def shape(spans: tuple[Span, ...]) -> list:
        return [(s.mark, shape(s.children)) for s in spans]

    assert shape(result.spans) == shape(source.spans)


def test_a_span_over_the_whole_segment_covers_the_whole_translation_without_asking_the_aligner():
    def never(start: int, end: int):
        raise AssertionError("the aligner was asked")

    result = project(marked(("open", 0), " Harga beras naik. ", ("close",)), "Rice prices rose.", never)
    assert wrapped(result) == {0: "Rice prices rose."}
