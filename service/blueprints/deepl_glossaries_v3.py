"""DeepL's multilingual glossaries (``/v3/glossaries``): one glossary, one dictionary per language pair.

A thin layer over Warta's glossaries, as ``/v2``'s are: the glossary is a name and an id
(``DeepLStore.multilingual``), each dictionary a stored glossary for its pair named by the glossary's id
and the pair (``dictionary_name``), so a dictionary is versioned, capped and matched as every glossary
is, and a job that used one stays explainable after it changes. The id goes in ``/v2/translate`` and
``/v2/document`` as ``glossary_id``: the dictionary of the request's pair applies
(``deepl_glossaries.applied_glossary``).
"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime
from functools import partial
from typing import Any

from flask import Blueprint, Response, jsonify

from glossary.formats import dump_glossary
from glossary.model import Glossary
from service import deepl_wire as wire
from service import extensions
from service.auth import current_owner
from service.deepl_glossaries import deepl_code, glossary_pair, parse_entries, records
from service.problems import DIALECTS, Problem
from workers.languages import UnknownLanguage, normalize
from workers.store.deepl import MultilingualLabel, dictionary_name, write_multilingual
from workers.store.glossaries import GlossaryInfo, glossary_owner

bp = Blueprint("deepl_v3", __name__, url_prefix="/v3")
# A dictionary's member as deepl-node sends it, in form fields.
FORM_FIELD = re.compile(r"^dictionaries\[(\d{1,4})\]\.(\w+)$")
DIALECTS[bp.name] = wire.deepl_error


def _mine() -> str:
    return glossary_owner(current_owner())


def _label(glossary_id: str) -> MultilingualLabel:
    """The owner's multilingual glossary of that id; 404 where there is none."""
    if not wire.UUID.match(glossary_id):
        raise Problem(400, "invalid_field", "Value for 'glossary_id' is not a valid glossary id.")
    found = records().multilingual(_mine(), glossary_id)
    if not found:
        raise Problem(404, "glossary_not_found", "Glossary not found.")
    return found[0]


def _dictionaries(glossary_id: str) -> list[GlossaryInfo]:
    """The glossary's dictionaries: the owner's stored glossaries named for it, from one listing, in the
    order they were made (DeepL's clients pair them with the dictionaries they sent by position)."""
    prefix = f"{glossary_id}."
    found = [g for g in extensions.glossaries().list(_mine()) if not g.shared and g.name.startswith(prefix)]
    return sorted(found, key=lambda g: g.created_at.timestamp() if g.created_at else float("inf"))


def _dictionary_info(found: GlossaryInfo) -> dict[str, Any]:
    return {"source_lang": deepl_code(found.source), "target_lang": deepl_code(found.target),
            "entry_count": found.terms}  # fmt: skip


def _described(label: MultilingualLabel) -> dict[str, Any]:
    return {
        "glossary_id": label.glossary_id,
        "name": label.name,
        "creation_time": wire.timestamp(label.created_at),
        "dictionaries": [_dictionary_info(d) for d in _dictionaries(label.glossary_id)],
    }


def _sent_dictionaries(given: dict[str, Any], glossary_id: str) -> list[Glossary]:
    """``dictionaries`` as sent (each a pair, entries and their format), parsed under the cap; a pair
    sent twice is refused, as it could keep only one."""
    sent = given.get("dictionaries", _form_dictionaries(given))
    if not isinstance(sent, list) or not all(isinstance(d, dict) for d in sent):
        raise Problem(400, "invalid_field", "Value for 'dictionaries' must be a list of dictionaries.")
    parsed = [_sent_dictionary(d, glossary_id) for d in sent]
    pairs = [(g.source, g.target) for g in parsed]
    if len(set(pairs)) != len(pairs):
        raise Problem(400, "invalid_field", "Each language pair may have one dictionary in 'dictionaries'.")
    return parsed


def _form_dictionaries(given: dict[str, Any]) -> list[dict[str, Any]] | None:
    """deepl-node's form fields (``dictionaries[0].source_lang`` …) as the list deepl-python sends as
    JSON; None where there are none."""
    found: dict[int, dict[str, Any]] = {}
    for key, value in given.items():
        match = FORM_FIELD.match(key)
        if match:
            found.setdefault(int(match[1]), {})[match[2]] = value
    return [found[i] for i in sorted(found)] if found else None


def _sent_dictionary(given: dict[str, Any], glossary_id: str) -> Glossary:
    pair = glossary_pair(wire.string(given, "source_lang"), wire.string(given, "target_lang"))
    entries = wire.string(given, "entries")
    if not entries:
        raise Problem(400, "invalid_field", "Parameter 'entries' is required for each dictionary.")
    name = dictionary_name(glossary_id, pair.source, pair.target)
    return parse_entries(entries, wire.string(given, "entries_format") or "tsv", name, pair)


def _named_dictionary(glossary_id: str) -> GlossaryInfo:
    """The dictionary the query's ``source_lang`` and ``target_lang`` name (``EN-GB`` is ``en``), served
    or not: one made for a pair no longer served can still be read and deleted."""
    given = wire.params()
    source, target = wire.string(given, "source_lang"), wire.string(given, "target_lang")
    if not source or not target:
        raise Problem(400, "invalid_field", "Parameters 'source_lang' and 'target_lang' are required.")
    try:
        wanted = (deepl_code(normalize(source)), deepl_code(normalize(target)))
    except UnknownLanguage:
        raise Problem(400, "invalid_field", f"Unknown language in {source!r} -> {target!r}.") from None
    for found in _dictionaries(glossary_id):
        if (deepl_code(found.source), deepl_code(found.target)) == wanted:
            return found
    raise Problem(404, "glossary_not_found", f"The glossary has no dictionary for {source} -> {target}.")


@bp.post("/glossaries")
def create() -> Response:
    given = wire.params()
    name = wire.string(given, "name")
    if not name:
        raise Problem(400, "invalid_field", "Parameter 'name' is required.")
    glossary_id = str(uuid.uuid4())
    # Made first: a name the store cannot hold is refused before anything is written.
    label = MultilingualLabel(glossary_id, name, datetime.now(UTC))
    dictionaries = _sent_dictionaries(given, glossary_id)
    if not dictionaries:
        raise Problem(400, "invalid_field", "Send at least one dictionary in 'dictionaries'.")
    mine, store = _mine(), extensions.glossaries()
    # The glossary is recorded with its first dictionary: never one without the other.
    store.put(dictionaries[0], dictionaries[0].name, mine, alongside=partial(write_multilingual, owner=mine,
                                                                              label=label))  # fmt: skip
    for dictionary in dictionaries[1:]:
        store.put(dictionary, dictionary.name, mine)
    response = jsonify(_described(label))
    response.status_code = 201
    return response


@bp.get("/glossaries")
def index() -> Response:
    return jsonify(glossaries=[_described(label) for label in records().multilingual(_mine())])


@bp.get("/glossaries/<glossary_id>")
def get(glossary_id: str) -> Response:
    return jsonify(_described(_label(glossary_id)))


@bp.patch("/glossaries/<glossary_id>")
def update(glossary_id: str) -> Response:
    """A new name and/or dictionaries merged into those of their pairs: a sent entry replaces the one
    with its source, the others stay (a dictionary of a new pair is added). The merged dictionary is
    held to the cap too."""
    label = _label(glossary_id)
    given = wire.params()
    name = wire.string(given, "name")
    sending = "dictionaries" in given or _form_dictionaries(given) is not None
    dictionaries = _sent_dictionaries(given, glossary_id) if sending else []
    if name is None and not dictionaries:
        raise Problem(400, "invalid_field", "Send a new 'name' or 'dictionaries' to update.")
    store, mine, cap = extensions.glossaries(), _mine(), extensions.settings().max_glossary_terms
    merged = []
    for sent in dictionaries:
        kept = store.get(sent.name, owner=mine)
        both = sent if kept is None else kept.overridden_by(sent)
        if len(both) > cap:
            raise Problem(413, "glossary_too_large", f"{len(both)} entries exceed the cap of {cap}.")
        merged.append(Glossary(sent.name, both.terms, source=sent.source, target=sent.target))
    if name is not None:
        records().rename_multilingual(mine, glossary_id, name)
    for dictionary in merged:
        store.put(dictionary, dictionary.name, mine)
    return jsonify(_described(MultilingualLabel(glossary_id, name or label.name, label.created_at)))


@bp.put("/glossaries/<glossary_id>/dictionaries")
def replace_dictionary(glossary_id: str) -> Response:
    """The pair's dictionary replaced by the entries sent (made, where the glossary had none)."""
    _label(glossary_id)
    dictionary = _sent_dictionary(wire.params(), glossary_id)
    extensions.glossaries().put(dictionary, dictionary.name, _mine())
    listed = next(d for d in _dictionaries(glossary_id) if d.name == dictionary.name)
    return jsonify(_dictionary_info(listed))


@bp.delete("/glossaries/<glossary_id>/dictionaries")
def delete_dictionary(glossary_id: str) -> Response:
    _label(glossary_id)
    extensions.glossaries().delete(_named_dictionary(glossary_id).name, _mine())
    return Response(status=204)


@bp.get("/glossaries/<glossary_id>/entries")
def entries(glossary_id: str) -> Response:
    """The pair's entries as TSV inside JSON, as DeepL answers (both clients read ``dictionaries``)."""
    _label(glossary_id)
    found = _named_dictionary(glossary_id)
    glossary = extensions.glossaries().get(found.name, owner=_mine())
    if glossary is None:
        raise Problem(404, "glossary_not_found", "Glossary not found.")
    dictionary = {
        **_dictionary_info(found),
        # As DeepL writes them, and its clients' own TSV: no line break after the last entry.
        "entries": dump_glossary(glossary, "tsv").removesuffix("\n"),
        "entries_format": "tsv",
    }
    dictionary.pop("entry_count")
    return jsonify(dictionaries=[dictionary])


@bp.delete("/glossaries/<glossary_id>")
def delete(glossary_id: str) -> Response:
    _label(glossary_id)
    mine, store = _mine(), extensions.glossaries()
    for dictionary in _dictionaries(glossary_id):
        store.delete(dictionary.name, mine)
    records().forget_multilingual(mine, glossary_id)
    return Response(status=204)
