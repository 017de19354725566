"""The glossary every job starts from: CLDR countries plus the curated names of the news.

Curated entries (``data/curated.json``: Indonesian variants such as *Korut* and *Tiongkok*, cities,
international organizations, Indonesian institutions, heads of state and government) win over the
generated country names where both define a source form. A user's glossary wins over both.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache, lru_cache
from pathlib import Path

from glossary.countries import country_terms, territory_terms
from glossary.formats import parse_glossary
from glossary.model import DEFAULT_SOURCE, DEFAULT_TARGET, Glossary, Term

CURATED = Path(__file__).with_name("data") / "curated.json"
# One-word forms that are also common given names or Indonesian words ("Pak" is "Mr."): never a
# second reference on their own.
_NOT_SURNAMES = "Pak Anwar Ibrahim Mustafa Salman Sharif Charles Felipe Marcos Raka Leo Ali Wahid"
NOT_SURNAMES = frozenset(_NOT_SURNAMES.split())
MIN_SURNAME_CHARS = 4
DEFAULT_NAME = "default"


def default_for(source: str, target: str) -> Glossary:
    """The default glossary of a pair: Indonesian→English's is ``default_glossary`` (CLDR in newsroom
    English plus the curated names); any other pair's is CLDR's territory names in both languages."""
    if (source, target) == (DEFAULT_SOURCE, DEFAULT_TARGET):
        return default_glossary()
    return _cldr_default(source, target)


@lru_cache(maxsize=64)
def _cldr_default(source: str, target: str) -> Glossary:
    # Cached: the matcher cache keeps a matcher while the very same glossary object comes back; bounded,
    # since a many-to-many model serves tens of thousands of pairs.
    return Glossary(DEFAULT_NAME, territory_terms(source, target), source=source, target=target)


@cache
def default_glossary() -> Glossary:
    """Indonesian→English's default glossary (a glossary without a pair is for that pair)."""
    countries = Glossary("countries", country_terms())
    if not CURATED.exists():
        return Glossary(DEFAULT_NAME, countries.terms)
    curated = parse_glossary(CURATED.read_text(encoding="utf-8"), "json", "curated")
    merged = merge_same_targets(countries.overridden_by(curated).terms)
    return Glossary(DEFAULT_NAME, (*merged, *surname_terms(merged)))


def merge_same_targets(terms: tuple[Term, ...]) -> tuple[Term, ...]:
    """One term per English name: the curated *Korut* joins CLDR's *Korea Utara* as North Korea."""
    merged: dict[tuple[str, str], Term] = {}
    for term in terms:
        key = (term.target, term.type)
        if key in merged:
            first = merged[key]
            merged[key] = replace(first, sources=(*first.sources, *term.sources),
                                  forms=tuple(dict.fromkeys((*first.forms, *term.forms))))  # fmt: skip
        else:
            merged[key] = term
    return tuple(merged.values())


def surname_terms(terms: tuple[Term, ...]) -> tuple[Term, ...]:
    """Second references: "Putin" alone is Vladimir Putin, rendered "Putin", not the full name again.

    A person's one-word English forms (spelling variants included: Zelensky, Zelenskyy) become a term
    of its own when they are words of the person's Indonesian names, no other person claims them (so a
    shared "Kim" stays unmatched) and no other term already uses them as sources. The rendering is the
    surname as the canonical target spells it.
    """
    taken = {s for t in terms for s in t.sources}
    people = [t for t in terms if t.type == "person"]
    claims: dict[str, list[str]] = {}
    for term in people:
        words = {w for source in term.sources for w in source.split()}
        for form in term.forms:
            if (" " not in form and form in words and form not in taken and form not in NOT_SURNAMES
                    and len(form) >= MIN_SURNAME_CHARS):  # fmt: skip
                claims.setdefault(form, []).append(term.id)
    surnames = []
    for term in people:
        forms = tuple(f for f, owners in claims.items() if owners == [term.id])
        if forms:
            last = term.target.split()[-1]
            target = last if last in term.forms else forms[0]
            surnames.append(Term(id=f"{term.id}-surname", target=target, sources=forms, type="person",
                                 forms=forms, extra={"refers_to": term.id}))  # fmt: skip
    return tuple(surnames)


def layered(*glossaries: Glossary | None, name: str = "job") -> Glossary:
    """Glossaries stacked in order, each winning over those before it (default < named < inline)."""
    result = Glossary(name, ())
    for glossary in glossaries:
        if glossary is not None and glossary.terms:
            result = result.overridden_by(glossary) if result.terms else glossary
    return Glossary(name, result.terms)
