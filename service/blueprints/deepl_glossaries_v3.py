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
from pydantic import BaseModel

from glossary.formats import dump_glossary
from glossary.model import Glossary
from service import deepl_wire as wire
from service import extensions
from service.auth import current_owner
from service.deepl_glossaries import deepl_code, glossary_pair, parse_entries, records
from service.deepl_v3_params import (
    DeepLV3Dictionary,
    DeepLV3DictionaryEntries,
    DeepLV3DictionaryInfo,
    DeepLV3Entries,
    DeepLV3Glossaries,
    DeepLV3Glossary,
    DeepLV3GlossaryCreate,
    DeepLV3GlossaryUpdate,
    DeepLV3PairQuery,
)
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


def _answer(document: BaseModel, status: int = 200) -> Response:
    response = jsonify(document.model_dump(mode="json"))
    response.status_code = status
    return response


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


def _dictionary_info(found: GlossaryInfo) -> DeepLV3DictionaryInfo:
    return DeepLV3DictionaryInfo(source_lang=deepl_code(found.source), target_lang=deepl_code(found.target),
                                 entry_count=found.terms)  # fmt: skip


def _described(label: MultilingualLabel) -> DeepLV3Glossary:
    return DeepLV3Glossary(
        glossary_id=label.glossary_id,
        name=label.name,
        creation_time=wire.timestamp(label.created_at),
        dictionaries=[_dictionary_info(d) for d in _dictionaries(label.glossary_id)],
    )


def _sent() -> dict[str, Any]:
    """The request's parameters, deepl-node's form fields (``dictionaries[0].source_lang`` …) read as
    the ``dictionaries`` list deepl-python sends as JSON, for the models to validate alike."""
    given = wire.params()
    found: dict[int, dict[str, Any]] = {}
    for key, value in given.items():
        match = FORM_FIELD.match(key)
        if match:
            found.setdefault(int(match[1]), {})[match[2]] = value
    if found and "dictionaries" not in given:
        given["dictionaries"] = [found[i] for i in sorted(found)]
    return given


def _stored_dictionaries(sent: list[DeepLV3Dictionary], glossary_id: str) -> list[Glossary]:
    """Each dictionary sent as the stored glossary of its served pair, parsed under the cap; a pair sent
    twice (``EN-GB`` and ``EN`` are one) is refused, as it could keep only one."""
    parsed = [_stored_dictionary(d, glossary_id) for d in sent]
    pairs = [(g.source, g.target) for g in parsed]
    if len(set(pairs)) != len(pairs):
        raise Problem(400, "invalid_field", "Each language pair may have one dictionary in 'dictionaries'.")
    return parsed


def _stored_dictionary(sent: DeepLV3Dictionary, glossary_id: str) -> Glossary:
    pair = glossary_pair(sent.source_lang, sent.target_lang)
    name = dictionary_name(glossary_id, pair.source, pair.target)
    return parse_entries(sent.entries, sent.entries_format, name, pair)


def _named_dictionary(glossary_id: str) -> GlossaryInfo:
    """The dictionary the query's ``source_lang`` and ``target_lang`` name (``EN-GB`` is ``en``), served
    or not: one made for a pair no longer served can still be read and deleted."""
    query = wire.parsed(DeepLV3PairQuery)
    source, target = query.source_lang, query.target_lang
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
    sent = wire.parsed(DeepLV3GlossaryCreate, _sent())
    glossary_id = str(uuid.uuid4())
    # Made first: a name the store cannot hold is refused before anything is written.
    label = MultilingualLabel(glossary_id, sent.name, datetime.now(UTC))
    dictionaries = _stored_dictionaries(sent.dictionaries, glossary_id)
    mine, store = _mine(), extensions.glossaries()
    # The glossary is recorded with its first dictionary: never one without the other.
    store.put(dictionaries[0], dictionaries[0].name, mine, alongside=partial(write_multilingual, owner=mine,
                                                                              label=label))  # fmt: skip
    for dictionary in dictionaries[1:]:
        store.put(dictionary, dictionary.name, mine)
    return _answer(_described(label), 201)


@bp.get("/glossaries")
def index() -> Response:
    listed = [_described(label) for label in records().multilingual(_mine())]
    return _answer(DeepLV3Glossaries(glossaries=listed))


@bp.get("/glossaries/<glossary_id>")
def get(glossary_id: str) -> Response:
    return _answer(_described(_label(glossary_id)))


@bp.patch("/glossaries/<glossary_id>")
def update(glossary_id: str) -> Response:
    """A new name and/or dictionaries merged into those of their pairs: a sent entry replaces the one
    with its source, the others stay (a dictionary of a new pair is added). The merged dictionary is
    held to the cap too."""
    label = _label(glossary_id)
    sent = wire.parsed(DeepLV3GlossaryUpdate, _sent())
    dictionaries = _stored_dictionaries(sent.dictionaries or [], glossary_id)
    store, mine, cap = extensions.glossaries(), _mine(), extensions.settings().max_glossary_terms
    merged = []
    for new in dictionaries:
        kept = store.get(new.name, owner=mine)
        both = new if kept is None else kept.overridden_by(new)
        if len(both) > cap:
            raise Problem(413, "glossary_too_large", f"{len(both)} entries exceed the cap of {cap}.")
        merged.append(Glossary(new.name, both.terms, source=new.source, target=new.target))
    if sent.name is not None:
        records().rename_multilingual(mine, glossary_id, sent.name)
    for dictionary in merged:
        store.put(dictionary, dictionary.name, mine)
    return _answer(_described(MultilingualLabel(glossary_id, sent.name or label.name, label.created_at)))


@bp.put("/glossaries/<glossary_id>/dictionaries")
def replace_dictionary(glossary_id: str) -> Response:
    """The pair's dictionary replaced by the entries sent (made, where the glossary had none)."""
    _label(glossary_id)
    dictionary = _stored_dictionary(wire.parsed(DeepLV3Dictionary), glossary_id)
    extensions.glossaries().put(dictionary, dictionary.name, _mine())
    listed = next(d for d in _dictionaries(glossary_id) if d.name == dictionary.name)
    return _answer(_dictionary_info(listed))


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
    # As DeepL writes them, and its clients' own TSV: no line break after the last entry.
    tsv = dump_glossary(glossary, "tsv").removesuffix("\n")
    dictionary = DeepLV3DictionaryEntries(source_lang=deepl_code(found.source),
                                          target_lang=deepl_code(found.target), entries=tsv,
                                          entries_format="tsv")  # fmt: skip
    return _answer(DeepLV3Entries(dictionaries=[dictionary]))


@bp.delete("/glossaries/<glossary_id>")
def delete(glossary_id: str) -> Response:
    _label(glossary_id)
    mine, store = _mine(), extensions.glossaries()
    for dictionary in _dictionaries(glossary_id):
        store.delete(dictionary.name, mine)
    records().forget_multilingual(mine, glossary_id)
    return Response(status=204)
