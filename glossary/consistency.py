"""One rendering per unknown name across a whole job.

A name the glossary does not know (found by ``entities.find_entities``) may come out of the model as
"Budi Santoso" in one sentence and "Budi Santosa" in the next. After the model has translated the
job, each occurrence's rendering is read off the output (the name copied verbatim, or the words aligned
to it), the most frequent one is chosen (the name as written wins ties), and every occurrence is then
verified and repaired towards that choice exactly like a glossary term. The choices are reported as
``unknown_entities``, ready to be accepted into a glossary.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from glossary.enforce import Aligner, ProtectedText, TermUse
from glossary.entities import Entity
from glossary.model import Term

ENTITY_PREFIX = "entity:"


@dataclass(frozen=True)
class Occurrence:
    piece: int  # index of the protected piece it is in
    entity: Entity
    input_span: tuple[int, int]
    rendering: str | None  # what the model wrote for it, None when unknowable


def input_span(protected: ProtectedText, span: tuple[int, int]) -> tuple[int, int]:
    """Where a span of the original sentence sits in the model input, after terms were injected."""
    shift = sum(len(u.injected) - (u.source_span[1] - u.source_span[0]) for u in protected.uses
                if u.source_span[1] <= span[0])  # fmt: skip
    return span[0] + shift, span[1] + shift


def observed_rendering(
    text: str, model_input: str, output: str, span: tuple[int, int], align: Aligner
) -> str | None:
    if re.search(rf"(?<!\w){re.escape(text)}(?!\w)", output, re.IGNORECASE):
        return text
    aligned = align(model_input, output, span)
    if aligned is None or aligned[0] == aligned[1]:
        return None
    rendering = output[aligned[0] : aligned[1]].strip(" ,.;:!?\"'“”")
    return rendering if 0 < len(rendering.split()) <= len(text.split()) + 2 else None


def choose(occurrences: list[Occurrence]) -> str:
    """The most frequent rendering; the name as written wins a tie, and stands when nothing was seen."""
    source = occurrences[0].entity.text
    counts = Counter(o.rendering for o in occurrences if o.rendering)
    if not counts:
        return source
    best = max(counts.values())
    return source if counts.get(source) == best else next(r for r, c in counts.most_common() if c == best)


def entity_term(text: str, rendering: str, entity_type: str) -> Term:
    return Term(id=ENTITY_PREFIX + text, target=rendering, sources=(text,), type=entity_type)


def with_entities(
    protected: ProtectedText, occurrences: list[Occurrence], chosen: dict[str, str]
) -> ProtectedText:
    """``protected`` plus a use per entity occurrence, to be verified and repaired like a term."""
    uses = [
        TermUse(entity_term(o.entity.text, chosen[o.entity.text], o.entity.type), o.entity.text,
                (o.entity.start, o.entity.end), o.input_span)
        for o in occurrences
    ]  # fmt: skip
    return replace(protected, uses=tuple(sorted((*protected.uses, *uses), key=lambda u: u.source_span)))
