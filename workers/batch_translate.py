"""Translating many texts through one model: splitting, glossary protection, batching, re-joining.

Each text is split into pieces the model can take whole (never truncated), each piece gets its
glossary terms protected, pieces go to the model in batches, and each translation is restored and
verified against the glossary before the pieces of a text are joined again. Term offsets are reported
in the text and in its translation, so a bilingual view can highlight them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import Protocol

from glossary.consistency import (
    ENTITY_PREFIX,
    Occurrence,
    choose,
    input_span,
    observed_rendering,
    with_entities,
)
from glossary.enforce import ProtectedText, TermResult, protect, restore
from glossary.entities import find_entities, lowercase_vocabulary
from glossary.matcher import Matcher
from workers.batching import resilient_batches, token_batches
from workers.contract.result import Origin, TermUse
from workers.store.human_memory import FuzzyMatch, HumanUnit
from workers.text.segment import split_to_fit

DEFAULT_BATCH_TOKENS = 1024
# Batches handed to the translator at once. A backend given every batch of a job in one call (CTranslate2
# runs them side by side) returned the first only near the end: progress sat at 0 and a cancel waited
# for the whole job. Two keep the engine's replicas busy (each batch is split across them) while
# ``on_done`` hears every batch as it finishes; a cancel leaves at most one more batch computing.
BATCHES_IN_FLIGHT = 2
# Injected English names can take a few more tokens than the Indonesian they replace.
TERM_HEADROOM_TOKENS = 16


class Translator(Protocol):
    model_id: str
    max_input_tokens: int

    def count_tokens(self, text: str) -> int: ...
    def translate_batches(self, batches: list[list[str]]) -> Iterator[list[str]]: ...
    def prefetch_links(self, pairs: list[tuple[str, str]]) -> None: ...
    def align(self, source: str, target: str, span: tuple[int, int]) -> tuple[int, int] | None: ...


@dataclass(frozen=True)
class Translation:
    text: str
    terms: list[TermUse] = field(default_factory=list)
    entities: list[TermUse] = field(default_factory=list)
    origin: Origin = "machine"
    # The human memory's unit where a person's English answered the text; its fuzzy matches otherwise.
    human: HumanUnit | None = None
    matches: tuple[FuzzyMatch, ...] = ()


def translate_all(
    texts: list[str],
    translator: Translator,
    batch_size: int,
    on_done: Callable[[int], None],
    matcher: Matcher | None = None,
    consistent_entities: bool = False,
    batch_tokens: int = DEFAULT_BATCH_TOKENS,
    on_aligned: Callable[[int, int], None] = lambda _done, _total: None,
) -> list[Translation]:
    """Translate texts in order; ``on_done(n)`` after each batch, with n texts complete, and
    ``on_aligned(done, total)`` after each batch of sentence pairs whose attention links are looked up
    afterwards (names and terms the model did not copy); ``total`` grows once, when repairs add pairs.
    Either callback may raise to stop the work at that boundary (a canceled job).

    With ``consistent_entities``, names the glossary does not know get one rendering across all texts.
    """
    human: Callable[[list[str]], dict[str, HumanUnit]] | None = getattr(translator, "human", None)
    people = human(texts) if human else {}
    rest = [t for t in texts if t not in people]
    similar: Callable[[list[str]], dict[str, list[FuzzyMatch]]] | None = getattr(translator, "similar", None)
    matches = similar(rest) if similar and rest else {}
    if people:
        on_done(len(texts) - len(rest))
    counted = lambda n: on_done(len(texts) - len(rest) + n)  # noqa: E731
    machine = iter(_translate_machine(rest, translator, batch_size, counted, matcher, consistent_entities,
                                      batch_tokens, on_aligned))  # fmt: skip
    done = [_by_person(people[t]) if t in people else next(machine) for t in texts]
    return [replace(d, matches=tuple(matches.get(t, ()))) for t, d in zip(texts, done, strict=True)]


def _by_person(unit: HumanUnit) -> Translation:
    return Translation(unit.english, origin="human-memory", human=unit)


def _translate_machine(
    texts: list[str],
    translator: Translator,
    batch_size: int,
    on_done: Callable[[int], None],
    matcher: Matcher | None,
    consistent_entities: bool,
    batch_tokens: int,
    on_aligned: Callable[[int, int], None],
) -> list[Translation]:
    """``translate_all`` for the texts no person translated: through the model (or its memory)."""
    if not texts:
        return []
    limit = max(8, translator.max_input_tokens - (TERM_HEADROOM_TOKENS if matcher else 0))
    pieces = [split_to_fit(t, translator.count_tokens, limit) for t in texts]
    owner = [i for i, group in enumerate(pieces) for _ in group]
    protected = [
        protect(p, matcher) if matcher else ProtectedText(p, p, ()) for group in pieces for p in group
    ]
    raw = _translate_pieces([p.text for p in protected], owner, translator, batch_size, batch_tokens, on_done)
    links = _Links(translator, batch_size, on_aligned)
    if consistent_entities:
        protected = _add_entities(protected, raw, translator, links)
    links.prefetch([(p.text, r) for p, r in zip(protected, raw, strict=True) if _may_repair(p, r)])
    restored = [
        restore(p, r, translator.align) if p.uses else (r, []) for p, r in zip(protected, raw, strict=True)
    ]
    remembered: set[str] = getattr(translator, "remembered", set())
    grouped: list[list[tuple[ProtectedText, str, list[TermResult]]]] = [[] for _ in texts]
    for i, p, (text, results) in zip(owner, protected, restored, strict=True):
        grouped[i].append((p, text, results))
    return [_join(group, all(p.text in remembered for p, _, _ in group)) for group in grouped]


class _Links:
    """Attention links scored a batch of pairs at a time (a pair once per job), each batch reported."""

    def __init__(self, translator: Translator, batch_size: int, on_aligned: Callable[[int, int], None]):
        self.translator, self.batch_size, self.on_aligned = translator, max(1, batch_size), on_aligned
        self.asked: set[tuple[str, str]] = set()
        self.done = self.total = 0

    def prefetch(self, pairs: list[tuple[str, str]]) -> None:
        new = [pair for pair in dict.fromkeys(pairs) if pair not in self.asked]
        self.asked.update(new)
        self.total += len(new)
        for start in range(0, len(new), self.batch_size):
            batch = new[start : start + self.batch_size]
            self.translator.prefetch_links(batch)
            self.done += len(batch)
            self.on_aligned(self.done, self.total)


def _add_entities(
    protected: list[ProtectedText], raw: list[str], translator: Translator, links: _Links
) -> list[ProtectedText]:
    """Each piece with its unknown names added as uses, all of one name sharing the job's rendering."""
    common = lowercase_vocabulary([p.original for p in protected])
    found = []
    for index, piece in enumerate(protected):
        taken = [u.source_span for u in piece.uses]
        for entity in find_entities(piece.original, taken, common):
            found.append((index, entity, input_span(piece, (entity.start, entity.end))))
    # Names the model did not copy are looked up by alignment: score those sentences in batches.
    links.prefetch(
        [(protected[i].text, raw[i]) for i, entity, _ in found if entity.text.lower() not in raw[i].lower()]
    )
    occurrences = [
        Occurrence(i, e, span, observed_rendering(e.text, protected[i].text, raw[i], span, translator.align))
        for i, e, span in found
    ]
    by_name: dict[str, list[Occurrence]] = {}
    for occurrence in occurrences:
        by_name.setdefault(occurrence.entity.text, []).append(occurrence)
    chosen = {name: choose(group) for name, group in by_name.items()}
    return [
        with_entities(piece, [o for o in occurrences if o.piece == index], chosen)
        for index, piece in enumerate(protected)
    ]


def _may_repair(piece: ProtectedText, output: str) -> bool:
    """Whether restoring ``piece`` may need alignment: some term's English is not in the output as is."""
    lowered = output.lower()
    return any(use.injected.lower() not in lowered for use in piece.uses)


def _join(pieces: list[tuple[ProtectedText, str, list[TermResult]]], remembered: bool) -> Translation:
    """One text from its translated pieces, with term offsets moved into the joined strings;
    ``remembered``: every piece came from the machine memory."""
    texts, terms, source_at, target_at = [], [], 0, 0
    for protected, text, results in pieces:
        for result in results:
            term = result.to_dict(text)
            term["source_span"] = [s + source_at for s in term["source_span"]]
            if term["target_span"]:
                term["target_span"] = [s + target_at for s in term["target_span"]]
            terms.append(term)
        texts.append(text)
        source_at += len(protected.original) + 1
        target_at += len(text) + 1
    uses = [TermUse.model_validate(t) for t in terms]
    entities = [t for t in uses if t.term_id.startswith(ENTITY_PREFIX)]
    glossary_terms = [t for t in uses if not t.term_id.startswith(ENTITY_PREFIX)]
    return Translation(" ".join(texts), glossary_terms, entities, "memory" if remembered else "machine")


def _translate_pieces(
    pieces: list[str],
    owner: list[int],
    translator: Translator,
    batch_size: int,
    batch_tokens: int,
    on_done: Callable[[int], None],
) -> list[str]:
    """Model outputs in the order of ``pieces``, batched by tokens; ``on_done`` counts finished texts."""
    batches = token_batches([translator.count_tokens(p) for p in pieces], batch_tokens, batch_size)
    outputs = _in_flight([[pieces[i] for i in b] for b in batches], translator)
    raw = [""] * len(pieces)
    waiting = Counter(owner)
    finished = 0
    for batch, translated in zip(batches, outputs, strict=True):
        for index, text in zip(batch, translated, strict=True):
            raw[index] = text
            waiting[owner[index]] -= 1
            finished += waiting[owner[index]] == 0
        on_done(finished)
    return raw


def _in_flight(batches: list[list[str]], translator: Translator) -> Iterator[list[str]]:
    """Outputs of ``batches`` in order, ``BATCHES_IN_FLIGHT`` given to the translator at a time."""
    for start in range(0, len(batches), BATCHES_IN_FLIGHT):
        yield from resilient_batches(translator.translate_batches, batches[start : start + BATCHES_IN_FLIGHT])
