"""A key's suggested translations in front of the model: a sentence its user corrected (LibreTranslate's
``POST /suggest``) gets that English in every later request and job of that key.

The wrapper sits outside the translation memory, so a suggestion wins over what the model once made and
never enters the memory. ``translate_all`` asks ``fixed`` for the sentences with a suggestion before it
protects glossary terms: a suggestion is English a person chose for the whole sentence, so neither the
glossary nor the name consistency pass rewrites it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Protocol


class SuggestionLookup(Protocol):
    def suggested(self, owner: str, sentences: list[str]) -> dict[str, str]: ...


class SuggestingTranslator:
    """``inner`` (a translator, usually behind the memory) answering ``owner``'s suggested sentences
    itself; every other method is the inner translator's."""

    def __init__(self, inner: Any, lookup: SuggestionLookup, owner: str) -> None:
        self.inner, self.lookup, self.owner = inner, lookup, owner
        self.model_id, self.max_input_tokens = inner.model_id, inner.max_input_tokens
        self._known: dict[str, str | None] = {}

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def fixed(self, texts: list[str]) -> set[str]:
        """Those of ``texts`` that have a suggestion (looked up once per text)."""
        unseen = [t for t in dict.fromkeys(texts) if t not in self._known]
        if unseen:
            found = self.lookup.suggested(self.owner, unseen)
            self._known.update({t: found.get(t) for t in unseen})
        return {t for t in texts if self._known[t] is not None}

    def count_tokens(self, text: str) -> int:
        return int(self.inner.count_tokens(text))

    def translate_batch(self, texts: list[str]) -> list[str]:
        return next(self.translate_batches([texts])) if texts else []

    def translate_batches(self, batches: list[list[str]]) -> Iterator[list[str]]:
        suggested = self.fixed([t for batch in batches for t in batch])
        rest = [[t for t in batch if t not in suggested] for batch in batches]
        computed = self.inner.translate_batches([r for r in rest if r])
        for batch, missing in zip(batches, rest, strict=True):
            made = iter(next(computed) if missing else [])
            yield [str(self._known[t]) if t in suggested else next(made) for t in batch]
