"""A glossary read a page at a time and changed a term at a time, whatever its size.

An editor of a 50,000-term glossary looks at fifty terms and fixes one: sending all of them to the page,
or back with every save, cost megabytes a keystroke and overwrote what a colleague saved meanwhile. Here a
page is found by searching and sorting the stored terms, and an edit names only the terms it adds, changes
or deletes; every other term, with every member it has (types, forms, case rules, ``keep``, notes and
members Warta does not use), passes to the new version untouched. Both are linear in the terms (sorting
aside) and know nothing of HTTP or the store; the rules a file's terms keep (one term per source, unique
ids, the cap) hold for an edited glossary too, refused as ``GlossaryFormatError`` naming the member.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from glossary.entry import TermEntry
from glossary.formats import GlossaryFormatError, GlossaryTooLarge
from glossary.model import Glossary, Slugs, Term, normalize_term


class TermSort(StrEnum):
    """What a page of terms may be sorted by: the editor's columns."""

    SOURCE = "source"
    TARGET = "target"
    TYPE = "type"
    CASE = "case"
    KEEP = "keep"
    NOTES = "notes"


class SortOrder(StrEnum):
    ASC = "asc"
    DESC = "desc"


def notes_of(term: Term) -> str:
    """An editor's notes on the term; notes that are not text (a file may hold any JSON) are not searched
    or sorted by, but kept."""
    notes = term.extra.get("notes")
    return notes if isinstance(notes, str) else ""


# Unset case rules first, then case-insensitive, then exact: the order the editor's column reads.
_CASE_ORDER = {None: 0, False: 1, True: 2}
_SORT_KEYS: dict[TermSort, Callable[[Term], Any]] = {
    TermSort.SOURCE: lambda t: t.sources[0].casefold(),
    TermSort.TARGET: lambda t: t.target.casefold(),
    TermSort.TYPE: lambda t: t.type,
    TermSort.CASE: lambda t: _CASE_ORDER[t.case_sensitive],
    TermSort.KEEP: lambda t: t.keep,
    TermSort.NOTES: lambda t: notes_of(t).casefold(),
}


def _searched(term: Term) -> str:
    return "\n".join((*term.sources, *term.forms, term.target, notes_of(term))).casefold()


@dataclass(frozen=True)
class TermPage:
    """One page of the terms a search found: ``matching`` of them in all, over ``pages`` pages."""

    terms: tuple[Term, ...]
    matching: int
    page: int
    pages: int


def page_of(
    glossary: Glossary,
    query: str = "",
    sort: TermSort | None = None,
    order: SortOrder = SortOrder.ASC,
    page: int = 1,
    limit: int = 50,
) -> TermPage:
    """Page ``page`` (from 1) of the terms whose sources, forms, English or notes hold ``query`` in any
    case, sorted by ``sort`` (else in the glossary's order; ties keep it too). A page past the last is
    empty, not an error: a search that found fewer terms than before leaves an editor there."""
    needle = query.strip().casefold()
    found = [t for t in glossary.terms if needle in _searched(t)] if needle else list(glossary.terms)
    if sort is not None:
        found.sort(key=_SORT_KEYS[sort], reverse=order == SortOrder.DESC)
    elif order == SortOrder.DESC:
        found.reverse()
    start = (page - 1) * limit
    return TermPage(tuple(found[start : start + limit]), len(found), page, max(1, -(-len(found) // limit)))


def edited(
    glossary: Glossary, upsert: Sequence[TermEntry], delete: Sequence[str], max_terms: int | None = None
) -> Glossary:
    """``glossary`` with the terms holding the sources ``delete`` names removed, then each of ``upsert``
    put over the term of its ``id`` (keeping that term's place) or, without an id or with one no term has,
    added at the end. An id is the one key: an entry is never matched by its sources, so adding a term
    never replaces another unseen.

    Refused, naming the member: a source in ``delete`` no term holds, two entries changing one term, a
    source left in two terms, more than ``max_terms`` terms.
    """
    terms: list[Term | None] = list(glossary.terms)
    by_id = {t.id: slot for slot, t in enumerate(glossary.terms)}
    by_source = {s: slot for slot, t in enumerate(glossary.terms) for s in t.sources}
    for n, source in enumerate(delete):
        slot = by_source.get(normalize_term(source))
        if slot is None or terms[slot] is None:
            raise GlossaryFormatError(f"no term has the source {source!r}", member=f"delete[{n}]")
        terms[slot] = None
    ids = Slugs()
    for taken in (*by_id, *(e.id for e in upsert if e.id)):
        ids.add(taken)
    changed_by: dict[int, int] = {}  # a term's place -> the entry of ``upsert`` that put it there
    for n, entry in enumerate(upsert):
        slot = by_id.get(entry.id) if entry.id else None
        if slot is not None and slot in changed_by:
            raise GlossaryFormatError(f"changes the term upsert[{changed_by[slot]}] changes; send each term "
                                      "once", member=f"upsert[{n}]")  # fmt: skip
        term = Term.of_entry(entry, entry.id or ids.make(entry.target))
        if slot is None or terms[slot] is None:
            slot = len(terms)
            terms.append(term)
        else:
            terms[slot] = term
        by_id[term.id] = slot
        changed_by[slot] = n
    kept = [t for t in terms if t is not None]
    if max_terms is not None and len(kept) > max_terms:
        raise GlossaryTooLarge(len(kept), max_terms)
    _one_term_a_source(terms, changed_by)
    return replace(glossary, terms=tuple(kept))


def _one_term_a_source(terms: list[Term | None], changed_by: dict[int, int]) -> None:
    """Each source in one term, as in a file; a clash is the edit's, named by the entry that made it."""
    owner: dict[str, tuple[int, Term]] = {}
    for slot, term in enumerate(terms):
        if term is None:
            continue
        for source in term.sources:
            other, held = owner.setdefault(source, (slot, term))
            if other != slot:
                n = changed_by.get(slot, changed_by.get(other, 0))
                detail = (f"source {source!r} is already in term {held.id!r}; change or delete that term in "
                          "the same edit")  # fmt: skip
                raise GlossaryFormatError(detail, member=f"upsert[{n}]")
