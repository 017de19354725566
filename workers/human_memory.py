"""The human translation memory in front of the model: a sentence an editor corrected (or a key's user
suggested, or a TMX imported) gets that English in every later job and request of the key, whatever
the model; a sentence close to one (a fuzzy match) is offered the edited pair, never given it.

The wrapper sits outside the machine memory, so a person's English wins over what the model once made
and never enters the machine memory. ``translate_all`` asks ``human`` for whole texts before it splits
or protects them: the English is a person's choice for the whole sentence, so neither the glossary nor
the name consistency pass rewrites it.
"""

from __future__ import annotations

from typing import Any, Protocol

from workers.store.human_memory import FuzzyMatch, HumanUnit, Pair
from workers.text.prepare import prepare_text


def sentence_pairs(pair: Pair, languages: tuple[str, str] = ("id", "en")) -> list[Pair]:
    """A person's pair as the memory keeps it: its source as the text pipeline normalizes a sentence,
    which is what a job's sentence is looked up by. A text of several sentences is kept sentence by
    sentence (each side by its language's rules) where its translation has as many; else whole,
    matching only a text that is that one line."""
    sentences, english = (
        prepare_text(pair.source, clean=False, language=languages[0]).sentences,
        prepare_text(pair.target, clean=False, language=languages[1]).sentences,
    )
    if not sentences or not english:
        return []
    if len(sentences) == len(english):
        return [Pair(s, e, pair.changed_by, pair.changed_at) for s, e in zip(sentences, english, strict=True)]
    return [Pair(" ".join(sentences), " ".join(english), pair.changed_by, pair.changed_at)]


class HumanLookup(Protocol):
    def exact(
        self, owner: str, sentences: list[str], languages: tuple[str, str] = ...
    ) -> dict[str, HumanUnit]: ...
    def similar(
        self, owner: str, sentences: list[str], threshold: float, languages: tuple[str, str] = ...
    ) -> dict[str, list[FuzzyMatch]]: ...


class HumanMemoryTranslator:
    """``inner`` (a translator, usually behind the machine memory) with ``owner``'s human memory of the
    pair (``languages``) asked first; every translator method is the inner one's."""

    def __init__(
        self, inner: Any, lookup: HumanLookup, owner: str, fuzzy_threshold: float,
        languages: tuple[str, str] = ("id", "en"),
    ) -> None:  # fmt: skip
        self.inner, self.lookup, self.owner, self.threshold = inner, lookup, owner, fuzzy_threshold
        self.languages = languages
        self.model_id, self.max_input_tokens = inner.model_id, inner.max_input_tokens
        self._known: dict[str, HumanUnit | None] = {}

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def count_tokens(self, text: str) -> int:
        return int(self.inner.count_tokens(text))

    def human(self, texts: list[str]) -> dict[str, HumanUnit]:
        """The human unit of each of ``texts`` that has one (each text looked up once)."""
        unseen = [t for t in dict.fromkeys(texts) if t not in self._known]
        if unseen:
            found = self.lookup.exact(self.owner, unseen, self.languages)
            self._known.update({t: found.get(t) for t in unseen})
        return {t: unit for t in texts if (unit := self._known[t]) is not None}

    def similar(self, texts: list[str]) -> dict[str, list[FuzzyMatch]]:
        return self.lookup.similar(self.owner, texts, self.threshold, self.languages)
