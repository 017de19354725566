"""Fuzzy matches scored in blocks give exactly what one score matrix over every sentence and unit gives:
the same units for each sentence, in the same order, with the same scores."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz, process

from workers.store.fuzzy_matches import BestMatches

T = TypeVar("T")


def full_matrix(
    sentences: Sequence[str], units: Sequence[tuple[str, T]], threshold: float, limit: int = 3
) -> dict[str, list[tuple[T, float]]]:
    """The matching as the store did it before it scored in blocks: one ``cdist`` over every sentence
    and unit, each row ranked in full. Of two units with one sentence, the first is kept."""
    kept: dict[str, T] = {}
    for text, unit in units:
        kept.setdefault(text, unit)
    texts = list(kept)
    if not texts:
        return {}
    scores = process.cdist([s.lower() for s in sentences], [t.lower() for t in texts], scorer=fuzz.ratio,
                           score_cutoff=threshold)  # fmt: skip
    matches: dict[str, list[tuple[T, float]]] = {}
    for sentence, row in zip(sentences, scores, strict=True):
        ranked = sorted(((texts[j], round(float(row[j]), 1)) for j in row.nonzero()[0]),
                        key=lambda m: (-m[1], m[0]))  # fmt: skip
        close = [(kept[text], score) for text, score in ranked if text != sentence][:limit]
        if close:
            matches[sentence] = close
    return matches


# Few letters and both cases: many equal scores and equal lowered texts, where the order is decided.
TEXTS = st.text(alphabet="abAB .", max_size=9)


@st.composite
def pages(draw: st.DrawFn) -> list[list[tuple[str, int]]]:
    """Units in pages, each page's texts distinct (one owner's), a text repeated across pages."""
    drawn = draw(st.lists(st.lists(TEXTS, unique=True, max_size=12), max_size=4))
    return [[(text, number * 100 + i) for i, text in enumerate(page)] for number, page in enumerate(drawn)]


@settings(max_examples=300, deadline=None)
@given(
    sentences=st.lists(TEXTS, unique=True, max_size=12),
    paged=pages(),
    threshold=st.floats(0, 100),
    limit=st.integers(1, 4),
    block=st.integers(1, 5),
)
def test_blocks_give_what_the_full_matrix_gives(
    sentences: list[str], paged: list[list[tuple[str, int]]], threshold: float, limit: int, block: int
) -> None:
    best: BestMatches[int] = BestMatches(sentences, threshold, limit, block)
    for page in paged:
        best.add([text for text, _ in page], [unit for _, unit in page])
    everything = [unit for page in paged for unit in page]
    assert best.matches() == full_matrix(sentences, everything, threshold, limit)


def test_a_unit_scored_a_little_lower_but_rounded_equal_still_wins_on_its_sentence() -> None:
    """Scores are ranked once rounded to one decimal, so a block keeps more than its best raw scores:
    ``aarga…`` (97.67) rounds to the 97.7 of the two longer units (97.73) and sorts before them."""
    sentence = "harga beras naik di jakarta pada hari senin"
    units = [sentence + "xx", sentence + "yy", "a" + sentence[1:], sentence[:-5]]
    best: BestMatches[str] = BestMatches([sentence], 85, 1)
    best.add(units, units)
    assert best.matches() == full_matrix([sentence], [(u, u) for u in units], 85, 1)
    assert best.matches() == {sentence: [("a" + sentence[1:], 97.7)]}
