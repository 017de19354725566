"""From attention links to target spans, on hand-made links."""

from __future__ import annotations

from workers.alignment import aligned_span, piece_offsets, widen_to_words

SOURCE = "Presiden Putin tiba di Pyongyang."
TARGET = "President Putin arrived in Pyongyang."
SOURCE_PIECES = ["▁Presiden", "▁Put", "in", "▁tiba", "▁di", "▁P", "yong", "yang", ".", "</s>"]
TARGET_PIECES = ["▁President", "▁Put", "in", "▁arrived", "▁in", "▁Py", "ong", "yang", ".", "</s>"]


def test_piece_offsets_follow_the_text():
    offsets = piece_offsets(SOURCE_PIECES, SOURCE)
    assert [SOURCE[s:e] for s, e in offsets] == [
        "Presiden",
        "Put",
        "in",
        "tiba",
        "di",
        "P",
        "yong",
        "yang",
        ".",
        "",
    ]
    assert piece_offsets(["▁A", "<unk>", "b"], "A “b") == [(0, 1), (2, 3), (3, 4)]


def spans(links, span):
    source_offsets = piece_offsets(SOURCE_PIECES, SOURCE)
    return aligned_span(links, source_offsets, piece_offsets(TARGET_PIECES, TARGET), span, TARGET)


def test_linked_tokens_give_whole_words():
    links = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
    start, end = spans(links, (9, 14))
    assert TARGET[start:end] == "Putin"
    start, end = spans(links, (23, 32))
    assert TARGET[start:end] == "Pyongyang"


def test_stray_links_are_ignored_in_favour_of_the_largest_cluster():
    links = [1, 3, 3, 3, 4, 5, 6, 7, 8, 9]  # "President" attends to "Put" once; "Putin" moved to "tiba"
    start, end = spans(links, (9, 14))
    assert TARGET[start:end] == "President"
    links = [1, 1, 2, 3, 4, 1, 6, 7, 8, 9]
    start, end = spans(links, (9, 14))
    assert TARGET[start:end] == "President Putin"


def test_a_dropped_term_gives_the_empty_span_where_it_belongs():
    links = [0, 3, 3, 3, 4, 5, 6, 7, 8, 9]  # nothing attends to "Putin"
    assert spans(links, (9, 14)) == (10, 10)


def test_nothing_to_say_is_none():
    assert spans([0] * 10, (40, 45)) is None
    assert spans([0] * 10, (9, 14)) is None


def test_widen_to_words():
    assert widen_to_words("the Kim Jong-un era", 6, 9) == (4, 15)
