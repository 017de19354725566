"""What DeepL's ``/v2`` and ``/v3`` glossaries share: their pairs, their entries, their records, and which
stored glossary a ``glossary_id`` puts under a translation.

A glossary is made for a pair that is served (``/v2/glossary-language-pairs`` lists them all), as DeepL
makes glossaries only for the pairs it lists: one for a pair no worker translates could never be used,
and the refusal names what is served. Entries are parsed under ``WARTA_MAX_GLOSSARY_TERMS``, counted
before they are parsed, as every glossary upload is.
"""

from __future__ import annotations

from dataclasses import replace

from flask import current_app

from glossary.formats import GlossaryFormatError, GlossaryTooLarge, parse_glossary
from glossary.model import Glossary
from service import deepl_wire as wire
from service import extensions
from service.deepl_languages import warta_code
from service.languages import served_pairs
from service.problems import Problem
from workers.languages import AUTO, base
from workers.model_table import LanguagePair
from workers.store.deepl import DeepLStore, dictionary_name
from workers.store.glossaries import glossary_owner

ENTRY_FORMATS = ("tsv", "csv")


def records() -> DeepLStore:
    """The DeepL records, on the job store's database; made once per app."""
    found = current_app.extensions.get("warta.deepl")
    if found is None:
        found = current_app.extensions["warta.deepl"] = DeepLStore(extensions.job_store().engine)
    return found  # type: ignore[no-any-return]


def deepl_code(code: str) -> str:
    """A Warta code as DeepL writes a glossary's language: lower-case, without variant (``zh-Hans`` →
    ``zh``)."""
    return base(code).lower()


def glossary_pairs() -> list[dict[str, str]]:
    """The pairs glossaries are made for, as ``/v2/glossary-language-pairs`` lists them: the served."""
    listed = {(deepl_code(p.source), deepl_code(p.target)) for p in served_pairs().pairs()}
    return [{"source_lang": s, "target_lang": t} for s, t in sorted(listed)]


def glossary_pair(source: str | None, target: str | None) -> LanguagePair:
    """The served pair DeepL's ``source_lang`` and ``target_lang`` name for a glossary (``EN-GB`` is
    ``en``); a pair no live worker translates is refused, naming those that are."""
    if not source or not target:
        raise Problem(400, "invalid_field", "Parameters 'source_lang' and 'target_lang' are required.")
    served = served_pairs()
    found = warta_code(source, served.sources())
    chosen = warta_code(target, served.targets(found)) if found else None
    if found is None or chosen is None:
        listed = f"{served.describe()}; GET /v2/glossary-language-pairs lists them"
        detail = (
            f"Unsupported glossary language pair {source!r} -> {target!r}; made for served pairs ({listed})."
        )
        raise Problem(400, "unsupported_pair", detail)
    return LanguagePair(found, chosen)


def parse_entries(entries: str, fmt: str, name: str, pair: LanguagePair) -> Glossary:
    """DeepL's entries (TSV or CSV, source then target) as a glossary for ``pair``, under the cap."""
    fmt = fmt.lower()
    if fmt not in ENTRY_FORMATS:
        raise Problem(400, "invalid_field", "Value for 'entries_format' not supported; send tsv or csv.")
    cap = extensions.settings().max_glossary_terms
    try:
        glossary = parse_glossary(entries, fmt, name, max_terms=cap)
    except GlossaryTooLarge as error:
        raise Problem(413, "glossary_too_large", f"{error.count} entries exceed the cap of {cap}.") from None
    except GlossaryFormatError as error:
        raise Problem(400, "invalid_glossary", f"Invalid glossary entries: {error}.") from None
    if not glossary.terms:
        raise Problem(400, "invalid_glossary", "The glossary has no entries.")
    return replace(glossary, source=pair.source, target=pair.target)


def applied_glossary(glossary_id: str | None, owner: str, source: str, target: str) -> str | None:
    """The stored glossary a request's ``glossary_id`` puts under its translation from ``source`` (or
    ``auto``) into ``target``: a ``/v2`` glossary (its UUID is its name) for that pair, or a multilingual
    glossary's dictionary for the pair, which needs the source named, as DeepL needs it."""
    if not glossary_id:
        return None
    if not wire.UUID.match(glossary_id):
        raise Problem(400, "invalid_field", "Value for 'glossary_id' is not a valid glossary id.")
    mine, store = glossary_owner(owner), extensions.glossaries()
    holder = store.holder(glossary_id, mine)
    if holder is not None:
        found = store.get(glossary_id, owner=holder)
        if found is not None and source != AUTO and (found.source, found.target) != (source, target):
            detail = (f"The glossary is for {deepl_code(found.source)} -> {deepl_code(found.target)}, not "
                      f"{deepl_code(source)} -> {deepl_code(target)}.")  # fmt: skip
            raise Problem(400, "glossary_pair_mismatch", detail)
        return glossary_id
    if not records().multilingual(mine, glossary_id):
        raise Problem(404, "glossary_not_found", "Glossary not found.")
    if source == AUTO:
        raise Problem(400, "invalid_field", "Parameter 'source_lang' is required when using a glossary.")
    name = dictionary_name(glossary_id, source, target)
    if store.holder(name, mine) != mine:
        detail = f"The glossary has no dictionary for {deepl_code(source)} -> {deepl_code(target)}."
        raise Problem(400, "glossary_pair_mismatch", detail)
    return name
