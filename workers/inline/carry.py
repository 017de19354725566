"""A segment's markup carried onto its translation as the job made it: the sentences' translations
joined as the job joins a paragraph's, the places of its terms and names as exact anchors, and the
backend's word alignment of each sentence pair for the rest (``project.py``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from workers.contract.result import SentencePair
from workers.inline.marked import Marked
from workers.inline.project import Anchor, Range, Sentence, project, segment_aligner

# A backend's alignment of one sentence pair: source characters → the target words rendering them.
SentenceAligner = Callable[[str, str, Range], Range | None]


@dataclass(frozen=True)
class Translated:
    """A paragraph as the job translated it, and how its sentence pairs align (its pair's model)."""

    sentences: Sequence[SentencePair]
    align: SentenceAligner

    def targets(self) -> list[str]:
        """Each sentence's translation; a sentence the job left untranslated stands as it was."""
        return [s.target if s.target is not None else s.source for s in self.sentences]


def carried(segment: Marked, translated: Translated) -> Marked:
    """The paragraph's translation with ``segment``'s spans placed on it."""
    placed, anchors = _placed(segment.text, translated)
    target = " ".join(translated.targets())
    return project(segment, target, segment_aligner(placed, _guarded(translated.align)), anchors)


def _placed(text: str, translated: Translated) -> tuple[list[Sentence], list[Anchor]]:
    """Where each sentence and its translation sit in the segment and in the joined translation, and the
    anchors its terms and names give. A sentence not found where expected (the job's text differs) is
    placed where the last one ended: its alignment then only guides, the projection keeps every span."""
    placed, anchors = [], []
    cursor = target_at = 0
    for pair, target in zip(translated.sentences, translated.targets(), strict=True):
        found = text.find(pair.source, cursor)
        at = found if found >= 0 else cursor
        placed.append(Sentence(at, pair.source, target_at, target))
        for use in (*pair.terms, *pair.entities):
            if use.target_span is not None and pair.target is not None:
                source = (at + use.source_span[0], at + use.source_span[1])
                anchors.append(
                    Anchor(source, (target_at + use.target_span[0], target_at + use.target_span[1]))
                )
        cursor = at + len(pair.source)
        target_at += len(target) + 1
    return placed, anchors


def _guarded(align: SentenceAligner) -> SentenceAligner:
    """An aligner that answers nothing for a pair it cannot score, rather than failing the document:
    the projection then falls back, as for any unsure span."""

    def aligned(source: str, target: str, span: Range) -> Range | None:
        if not source.strip() or not target.strip():
            return None
        return align(source, target, span)

    return aligned
