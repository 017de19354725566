"""HTML and XML read into segments with inline spans, and written back: inline tags stay inside the
sentence they are in, block tags split, what is not to be translated is held whole, and every tag of
the source comes back exactly once whatever the document's shape."""

from __future__ import annotations

import re
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.test_pipeline import RecordingTranslator
from workers.inline.html import Segment, TagRules, read, write
from workers.inline.marked import Marked, Span
from workers.models import ModelRegistry
from workers.settings import Settings
from workers.sync import translate_texts


def segments(layout: list) -> list[Segment]:
    return [part for part in layout if isinstance(part, Segment)]


def unchanged(layout: list) -> str:
    return write(layout, [s.marked for s in segments(layout)])


def tags(document: str) -> list[str]:
    return sorted(re.findall(r"<[^>]*>", document))


def test_inline_tags_stay_inside_one_segment_and_block_tags_split():
    layout = read(
        '<p>Presiden <b>Joko Widodo</b> tiba di <a href="/j?a=1&amp;b=2">Jakarta</a>.</p><p>Dua.</p>'
    )
    first, second = segments(layout)
    assert first.marked.text == "Presiden Joko Widodo tiba di Jakarta."
    assert [first.marked.text[s.start : s.end] for s in first.marked.spans] == ["Joko Widodo", "Jakarta"]
    assert first.marks[1] == ('<a href="/j?a=1&amp;b=2">', "</a>")
    assert second.marked.text == "Dua."


def test_what_is_not_translated_is_held_whole():
    document = '<p>Jalankan <code>rm -rf &lt;dir&gt;</code> lalu <span translate="no">Warta</span>.</p>'
    [segment] = segments(read(document))
    assert "rm" not in segment.marked.text and "Warta" not in segment.marked.text
    assert '<span translate="no">Warta</span>' in [opening for opening, _ in segment.marks]
    assert tags(unchanged(read(document))) == tags(document)


def test_deepls_tag_parameters_steer_the_split():
    document = "<doc><title>Judul</title>\n<par>Satu <x>dua</x> tiga.</par></doc>"
    rules = TagRules(xml=True, splitting=frozenset({"par", "title"}), ignored=frozenset({"x"}))
    assert [s.marked.text for s in segments(read(document, rules))] == ["Judul", "Satu tiga."]
    assert [s.marked.text for s in segments(read(document, TagRules(xml=True)))] == ["Judul Satu dua tiga."]


def test_a_translation_is_written_with_the_marks_where_its_spans_are():
    layout = read("<p>Harga <b>beras</b> naik.</p>")
    translated = Marked("The price of rice rose.", (Span(13, 17, 0),))
    assert write(layout, [translated]) == "<p>The price of <b>rice</b> rose.</p>"


def test_text_is_escaped_again_and_attributes_kept_verbatim():
    document = '<p title="a &amp; b">Tom &amp; Jerry &lt;3</p>'
    layout = read(document)
    assert segments(layout)[0].marked.text == "Tom & Jerry <3"
    assert unchanged(layout) == document


FRAGMENTS = [
    "<b>", "</b>", "<i>", "</i>", "<p>", "</p>", "<br>", "<img src='x'/>", "<!-- c -->", "kata ", "dua ",
    "&amp; ", "<code>", "</code>", '<span translate="no">', "</span>", "<a href='#'>", "</a>",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(FRAGMENTS), max_size=30),
    st.sampled_from([TagRules(), TagRules(xml=True, outline=True)]),
)
def test_every_tag_comes_back_exactly_once(fragments: list[str], rules: TagRules):
    document = "".join(fragments)
    assert tags(unchanged(read(document, rules))) == tags(document)


def test_reading_is_linear_in_the_documents_length():
    def seconds(n: int) -> float:
        document = "<b>kata " * n + "<code>" + "<i>x" * n
        started = time.perf_counter()
        unchanged(read(document))
        return time.perf_counter() - started

    small, large = seconds(2_000), seconds(20_000)
    assert large < small * 25 + 0.5


def test_xml_outline_detection_splits_elements_that_hold_only_elements():
    """DeepL's outline_detection: on (its default), an element whose parent holds no text of its own is
    structure; off, only splitting_tags split."""
    document = "<doc><title>Judul</title><par>Satu <x>dua</x> tiga.</par><par>Empat.</par></doc>"
    detected = read(document, TagRules(xml=True, outline=True))
    assert [s.marked.text for s in segments(detected)] == ["Judul", "Satu dua tiga.", "Empat."]
    assert [s.marked.text for s in segments(read(document, TagRules(xml=True)))] == [
        "JudulSatu dua tiga.Empat."
    ]
    assert unchanged(detected) == document


@pytest.fixture(scope="module")
def models(tiny_models, backend):
    """The tiny models, on each backend."""
    return ModelRegistry(Settings(mt_beams=1, mt_backend=backend, sum_backend=backend, **tiny_models))


def test_one_model_input_per_sentence_whatever_the_markup_inside_it(models):
    """Counted at the model: a sentence with a bold word, a link and a line break inside it is one input,
    with no markup in it, and the markup comes back once."""
    translator = RecordingTranslator(models.translator())
    page = ('<p>Presiden <b>Joko Widodo</b> tiba di <a href="/j">Jakarta</a> pada<br>hari Senin.</p>'
            "<p>Harga <i>beras</i> naik. Harga <i>gula</i> turun.</p>")  # fmt: skip
    [answer] = translate_texts([page], translator, None, tags=TagRules())
    assert len(translator.inputs) == 3 and not any("<" in text for text in translator.inputs)
    assert tags(answer.text) == tags(page)
