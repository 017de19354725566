"""Which model translates which pair: ``WARTA_MT_MODELS``, and the pairs live workers serve.

``WARTA_MT_MODELS`` is a comma-separated list of ``SRC-TGT=MODEL`` entries (a hub id or a local
directory) and ``*=MODEL`` entries, for a many-to-many model that serves every pair it knows.
``WARTA_MT_MODEL`` stays the shorthand for ``id-en``, so with nothing set Warta serves what it always
has. The most specific entry wins: a pair's own entry, then the first ``*`` model that knows the pair.

What is *served* is what a worker reports at each heartbeat (``ServedPairs``): the routes of the models
it could read and load, so that the language lists and the refusal of an unserved pair say what live
workers can actually do, not what a setting hoped for.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from workers.languages import UnknownLanguage, normalize
from workers.model_card import Family, ModelCard
from workers.settings import Settings, env_name

ANY = "*"


class ModelTableError(ValueError):
    """A ``WARTA_MT_MODELS`` entry that cannot be read; says which and how to write it."""


@dataclass(frozen=True, order=True)
class LanguagePair:
    source: str
    target: str

    def __str__(self) -> str:
        return f"{self.source}-{self.target}"


FLAGSHIP = LanguagePair("id", "en")


def parse_pair(text: str) -> LanguagePair:
    """``"id-en"`` or ``"zh-Hans-en"``: the one split of ``text`` into two language codes."""
    parts = text.strip().split("-")
    found = []
    for i in range(1, len(parts)):
        try:
            found.append(LanguagePair(normalize("-".join(parts[:i])), normalize("-".join(parts[i:]))))
        except UnknownLanguage:
            continue
    if len(found) != 1:
        raise UnknownLanguage(f"{text!r} is not a pair of language codes such as id-en")
    return found[0]


@dataclass(frozen=True)
class ModelEntry:
    pair: LanguagePair | None  # None: any pair the model knows
    model: str

    def __str__(self) -> str:
        return f"{self.pair or ANY}={self.model}"


@dataclass(frozen=True)
class ModelTable:
    entries: tuple[ModelEntry, ...]

    @classmethod
    def from_settings(cls, settings: Settings) -> ModelTable:
        entries = [_entry(raw) for raw in settings.mt_models.split(",") if raw.strip()]
        if settings.mt_model and not any(e.pair == FLAGSHIP for e in entries):
            entries.append(ModelEntry(FLAGSHIP, settings.mt_model))
        return cls(tuple(entries))

    @property
    def models(self) -> list[str]:
        return list(dict.fromkeys(e.model for e in self.entries))

    def route(self, pair: LanguagePair, card: Callable[[str], ModelCard | None]) -> str | None:
        """The model for ``pair``: its own entry's, else the first ``*`` model whose card knows it."""
        for entry in self.entries:
            if entry.pair == pair:
                return entry.model
        for entry in self.entries:
            found = card(entry.model) if entry.pair is None else None
            if found is not None and found.knows(pair.source, pair.target):
                return entry.model
        return None


def _entry(raw: str) -> ModelEntry:
    pair, equals, model = raw.strip().partition("=")
    named = f"{env_name('mt_models')} entry {raw.strip()!r}"
    fix = f"write {env_name('mt_models')} as comma-separated SRC-TGT=MODEL or *=MODEL entries"
    if not equals or not model.strip() or not pair.strip():
        raise ModelTableError(f"{named} is not SRC-TGT=MODEL; {fix}.")
    if pair.strip() == ANY:
        return ModelEntry(None, model.strip())
    try:
        parsed = parse_pair(pair)
    except UnknownLanguage as error:
        raise ModelTableError(f"{named}: {error}; {fix}.") from None
    if parsed.source == parsed.target:
        raise ModelTableError(f"{named} translates a language into itself; {fix}.")
    return ModelEntry(parsed, model.strip())


@dataclass(frozen=True)
class Route:
    """One model's share of what is served: every source of ``sources`` into every other language of
    ``targets`` (a one-pair model has one of each)."""

    model: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]

    def serves(self, pair: LanguagePair) -> bool:
        return pair.source != pair.target and pair.source in self.sources and pair.target in self.targets

    def to_json(self) -> dict[str, Any]:
        return {"model": self.model, "sources": list(self.sources), "targets": list(self.targets)}


@dataclass(frozen=True)
class ServedPairs:
    """The pairs some models serve, kept as routes: NLLB alone serves 40,000 pairs."""

    routes: tuple[Route, ...] = ()

    def serves(self, pair: LanguagePair) -> bool:
        return any(route.serves(pair) for route in self.routes)

    def sources(self) -> list[str]:
        return sorted({s for route in self.routes for s in route.sources if self.targets(s)})

    def targets(self, source: str | None = None) -> list[str]:
        """Languages translated into (from ``source``, or from any source)."""
        found: set[str] = set()
        for route in self.routes:
            if source is None:
                found.update(t for t in route.targets if any(s != t for s in route.sources))
            elif source in route.sources:
                found.update(t for t in route.targets if t != source)
        return sorted(found)

    def pairs(self) -> Iterator[LanguagePair]:
        """Every pair, in order (as many as the routes cross: list them only where they are few)."""
        found = {LanguagePair(s, t) for route in self.routes for s in route.sources for t in route.targets}
        yield from sorted(pair for pair in found if pair.source != pair.target)

    def to_json(self) -> list[dict[str, Any]]:
        return [route.to_json() for route in self.routes]

    @classmethod
    def from_json(cls, data: Any) -> ServedPairs:
        """Routes as a worker reported them; anything malformed is skipped (an older or newer Warta)."""
        routes = []
        for item in data if isinstance(data, list) else []:
            if isinstance(item, dict) and isinstance(item.get("sources"), list):
                routes.append(Route(str(item.get("model", "")), tuple(map(str, item["sources"])),
                                    tuple(map(str, item.get("targets") or []))))  # fmt: skip
        return cls(tuple(routes))

    @classmethod
    def union(cls, served: Iterable[ServedPairs]) -> ServedPairs:
        return cls(tuple(dict.fromkeys(route for one in served for route in one.routes)))

    def describe(self, most: int = 12) -> str:
        """The served pairs in words, for an error that refuses another: the pairs where they are few,
        else the languages."""
        listed = []
        for pair in self.pairs():
            listed.append(str(pair))
            if len(listed) > most:
                return f"{len(self.sources())} source languages into {len(self.targets())} targets"
        return ", ".join(listed) or "none (no translation model is loaded)"


def configured_routes(table: ModelTable, card: Callable[[str], ModelCard | None]) -> ServedPairs:
    """What ``table`` would serve, as far as each model's card can be read here."""
    routes = []
    for entry in table.entries:
        found = card(entry.model)
        if entry.pair is not None:
            if found is None or _card_allows(found, entry.pair):
                routes.append(Route(entry.model, (entry.pair.source,), (entry.pair.target,)))
        elif found is not None:
            routes.append(Route(entry.model, tuple(sorted(found.sources)), tuple(sorted(found.targets))))
    return ServedPairs(tuple(routes))


def _card_allows(card: ModelCard, pair: LanguagePair) -> bool:
    """A pair's own entry serves it unless the model is steered by language tokens and lacks one."""
    if card.family == Family.MARIAN:
        return True
    if card.family == Family.MARIAN_MULTI:
        return pair.target in card.targets
    return card.knows(pair.source, pair.target)
