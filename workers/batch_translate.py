"""Translating many texts through one model: splitting, glossary protection, batching, re-joining.

Each text is split into pieces the model can take whole (never truncated), each piece gets its
glossary terms protected, pieces go to the model in batches, and each translation is restored and
verified against the glossary before the pieces of a text are joined again. Term offsets are reported
in the text and in its translation, so a bilingual view can highlight them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from glossary.enforce import ProtectedText, TermResult, protect, restore
from glossary.matcher import Matcher
from workers.text.segment import split_to_fit

T = TypeVar("T")
# Injected English names can take a few more tokens than the Indonesian they replace.
TERM_HEADROOM_TOKENS = 16


class Translator(Protocol):
    model_id: str
    max_input_tokens: int

    def count_tokens(self, text: str) -> int: ...
    def translate_batch(self, texts: list[str]) -> list[str]: ...
    def align(self, source: str, target: str, span: tuple[int, int]) -> tuple[int, int] | None: ...


@dataclass(frozen=True)
class Translation:
    text: str
    terms: list[dict[str, Any]] = field(default_factory=list)


def translate_all(
    texts: list[str],
    translator: Translator,
    batch_size: int,
    on_done: Callable[[int], None],
    matcher: Matcher | None = None,
) -> list[Translation]:
    """Translate texts in order; ``on_done(n)`` after each batch, with n texts complete."""
    limit = max(8, translator.max_input_tokens - (TERM_HEADROOM_TOKENS if matcher else 0))
    pieces = [split_to_fit(t, translator.count_tokens, limit) for t in texts]
    owner = [i for i, group in enumerate(pieces) for _ in group]
    protected = [
        protect(p, matcher) if matcher else ProtectedText(p, p, ()) for group in pieces for p in group
    ]
    raw: list[str] = []
    for batch in _batches(protected, batch_size):
        raw.extend(translator.translate_batch([p.text for p in batch]))
        on_done(_texts_done(owner, len(raw)))
    restored = [
        restore(p, r, translator.align) if p.uses else (r, []) for p, r in zip(protected, raw, strict=True)
    ]
    grouped: list[list[tuple[ProtectedText, str, list[TermResult]]]] = [[] for _ in texts]
    for i, p, (text, results) in zip(owner, protected, restored, strict=True):
        grouped[i].append((p, text, results))
    return [_join(group) for group in grouped]


def _join(pieces: list[tuple[ProtectedText, str, list[TermResult]]]) -> Translation:
    """One text from its translated pieces, with term offsets moved into the joined strings."""
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
    return Translation(" ".join(texts), terms)


def _texts_done(owner: list[int], finished: int) -> int:
    """How many texts have all their pieces back once the first ``finished`` pieces are."""
    last = owner[finished - 1]
    return last + 1 if finished == len(owner) or owner[finished] != last else last


def _batches(items: list[T], size: int) -> Iterator[list[T]]:
    for start in range(0, len(items), max(1, size)):
        yield items[start : start + size]
