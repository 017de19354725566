"""Markup carried from a segment onto its translation: each span of the source placed on the words of the
target that render what it wrapped.

A span is placed by the first of these that knows where its words went:

1. **Anchors**, known exactly: a glossary term or a name the pipeline placed (its source and target
   spans), where the span wraps exactly that term.
2. **A verbatim copy**: the span's text appears in the translation as it is, as whole words (a name, a
   number, a code, a URL): its occurrence in the same order as in the source.
3. **The word alignment** the backends already compute (cross-attention links, ``workers/alignment.py``),
   widened to whole words.
4. **The fallback**, where none of these says anything (alignment can be unsure, and says so by answering
   nothing): the words at the same relative place in the translation, at least one. An empty span (a
   void element such as ``<br>`` or an image) goes after the translation of the word before it, or at the
   same relative place.

Then the spans are made well-formed again, parents before children: a child is kept inside its parent's
range; siblings may change order (word order does) but never overlap, the later one in the target
starting where the earlier ends. Every span of the source comes back exactly once, nested as it was.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from workers.inline.marked import Marked, Span

Range = tuple[int, int]
# Source characters → the target characters that render them; None where it cannot say.
Aligner = Callable[[int, int], Range | None]
_WORD_CHARACTER = re.compile(r"\w")


@dataclass(frozen=True)
class Anchor:
    """A stretch of the source whose translation's place is known exactly (a glossary term, a name)."""

    source: Range
    target: Range


def project(source: Marked, target: str, align: Aligner, anchors: Sequence[Anchor] = ()) -> Marked:
    """``target`` with ``source``'s spans placed on the words that render what each wrapped."""
    placer = _Placer(source.text, target, align, anchors)
    return Marked(target, placer.placed(source.spans, (0, len(target))))


@dataclass
class _Placer:
    source: str
    target: str
    align: Aligner
    anchors: Sequence[Anchor]

    def placed(self, spans: tuple[Span, ...], bounds: Range) -> tuple[Span, ...]:
        """``spans`` (siblings) placed within ``bounds``, apart from one another, with their children."""
        ranges = [_clipped(self._range(span), bounds) for span in spans]
        order = sorted(range(len(spans)), key=lambda i: (ranges[i][0], i))
        floor = bounds[0]
        kept: dict[int, Range] = {}
        for i in order:
            start, end = ranges[i]
            start = max(start, floor)
            kept[i] = (start, max(start, end))
            floor = kept[i][1]
        return tuple(
            Span(*kept[i], span.mark, self.placed(span.children, kept[i])) for i, span in enumerate(spans)
        )

    def _range(self, span: Span) -> Range:
        start, end = _trimmed(self.source, span.start, span.end)
        if start >= end:
            return self._point(span.start)
        if (start, end) == _trimmed(self.source, 0, len(self.source)):  # all of it: all of the translation
            return _trimmed(self.target, 0, len(self.target))
        return (
            self._anchored(start, end)
            or self._verbatim(start, end)
            or self._aligned(start, end)
            or self._proportional(start, end)
        )

    def _anchored(self, start: int, end: int) -> Range | None:
        return next((a.target for a in self.anchors if a.source == (start, end)), None)

    def _verbatim(self, start: int, end: int) -> Range | None:
        """The span's text as whole words in the target, its n-th occurrence there as in the source."""
        text = self.source[start:end]
        if not _WORD_CHARACTER.search(text):
            return None
        words = re.compile(rf"(?<!\w){re.escape(text)}(?!\w)")
        before = sum(1 for _ in words.finditer(self.source, 0, start))
        found = list(words.finditer(self.target))
        if not found:
            return None
        chosen = found[min(before, len(found) - 1)]
        return chosen.start(), chosen.end()

    def _aligned(self, start: int, end: int) -> Range | None:
        found = self.align(start, end)
        if found is None or found[1] <= found[0]:
            return None
        return _words(self.target, *found)

    def _proportional(self, start: int, end: int) -> Range:
        scale = len(self.target) / max(1, len(self.source))
        lo = min(len(self.target), round(start * scale))
        hi = max(lo, min(len(self.target), round(end * scale)))
        return _words(self.target, lo, max(hi, lo + 1))

    def _point(self, at: int) -> Range:
        """Where an empty span goes: after the translation of the source word before it."""
        word = _word_before(self.source, at)
        found = self._aligned(*word) if word else None
        if found is not None:
            return found[1], found[1]
        if at <= 0 or not self.source[:at].strip():
            return 0, 0
        if not self.source[at:].strip():
            return len(self.target), len(self.target)
        place = _words(self.target, *self._proportional(at, at))[1]
        return place, place


def _trimmed(text: str, start: int, end: int) -> Range:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _clipped(found: Range, bounds: Range) -> Range:
    start = min(max(found[0], bounds[0]), bounds[1])
    return start, min(max(found[1], start), bounds[1])


def _words(text: str, start: int, end: int) -> Range:
    """``start``–``end`` widened to whole words, without the space around them."""
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    while 0 < start < len(text) and _in_word(text, start - 1) and _in_word(text, start):
        start -= 1
    while 0 < end < len(text) and _in_word(text, end - 1) and _in_word(text, end):
        end += 1
    return _trimmed(text, start, end) if text[start:end].strip() else (start, end)


def _in_word(text: str, at: int) -> bool:
    return bool(_WORD_CHARACTER.match(text[at]))


def _word_before(text: str, at: int) -> Range | None:
    """The last word of ``text`` before position ``at``."""
    end = at
    while end > 0 and not _in_word(text, end - 1):
        end -= 1
    start = end
    while start > 0 and _in_word(text, start - 1):
        start -= 1
    return (start, end) if start < end else None


@dataclass(frozen=True)
class Sentence:
    """One sentence of a segment as the job translated it: where it sits in the segment's text, and
    where its translation sits in the segment's translation."""

    source_at: int
    source: str
    target_at: int
    target: str


def segment_aligner(
    sentences: Sequence[Sentence], align_sentence: Callable[[str, str, Range], Range | None]
) -> Aligner:
    """An aligner over a whole segment from one over its sentences (the backends align a sentence pair):
    a span over several sentences is aligned in each, and covers what they found."""

    def align(start: int, end: int) -> Range | None:
        found = []
        for s in sentences:
            lo, hi = max(start, s.source_at), min(end, s.source_at + len(s.source))
            if lo < hi and (got := align_sentence(s.source, s.target, (lo - s.source_at, hi - s.source_at))):
                found.append((got[0] + s.target_at, got[1] + s.target_at))
        return (min(f[0] for f in found), max(f[1] for f in found)) if found else None

    return align
