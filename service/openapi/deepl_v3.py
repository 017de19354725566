"""DeepL's multilingual glossaries (``/v3/glossaries``) in ``/openapi.json``, described by hand as
``/v2`` is (``deepl.py``: its errors, bodies and key); ``tests/test_glossary_pairs.py`` drives every
operation with DeepL's own client."""

from __future__ import annotations

from typing import Any

from service.openapi.deepl import FORM, GLOSSARY_ID, JSON, Schema, _body, _json, _op, _path
from service.openapi.deepl_unsupported import deepl_unsupported_paths

LANGUAGE: Schema = {"type": "string", "minLength": 1}
DICTIONARY_INFO: Schema = {
    "type": "object",
    "required": ["source_lang", "target_lang", "entry_count"],
    "properties": {
        "source_lang": LANGUAGE,
        "target_lang": LANGUAGE,
        "entry_count": {"type": "integer", "minimum": 0},
    },
}
GLOSSARY: Schema = {
    "type": "object",
    "required": ["glossary_id", "name", "creation_time", "dictionaries"],
    "properties": {
        "glossary_id": GLOSSARY_ID,
        "name": {"type": "string"},
        "creation_time": {"type": "string", "format": "date-time"},
        "dictionaries": {"type": "array", "items": DICTIONARY_INFO},
    },
}
DICTIONARY: Schema = {
    "type": "object",
    "required": ["source_lang", "target_lang", "entries"],
    "properties": {
        "source_lang": LANGUAGE,
        "target_lang": LANGUAGE,
        "entries": {"type": "string", "minLength": 1},
        "entries_format": {"type": "string", "enum": ["tsv", "csv"]},
    },
}
DICTIONARIES: Schema = {
    "type": "array",
    "items": DICTIONARY,
    "description": "One dictionary per served pair (GET /v2/glossary-language-pairs); form bodies send "
    "`dictionaries[0].source_lang` and so on, as deepl-node does.",
}
PAIR_QUERY = [
    {"name": name, "in": "query", "required": True, "schema": LANGUAGE}
    for name in ("source_lang", "target_lang")
]


def deepl_v3_paths() -> dict[str, Any]:
    glossary_id = _path("glossary_id", GLOSSARY_ID)
    members = {"name": {"type": "string", "minLength": 1}, "dictionaries": DICTIONARIES}
    create = {"type": "object", "required": ["name", "dictionaries"], "properties": members}
    update = {"type": "object", "properties": members}
    listed = {"type": "object", "required": ["glossaries"],
              "properties": {"glossaries": {"type": "array", "items": GLOSSARY}}}  # fmt: skip
    entries = {"type": "object", "required": ["dictionaries"],
               "properties": {"dictionaries": {"type": "array", "items": DICTIONARY}}}  # fmt: skip
    return {
        "/v3/glossaries": {
            "get": _op(
                "deeplV3ListGlossaries",
                "This key's multilingual glossaries",
                _json("The glossaries.", listed),
                400,
            ),
            "post": _op(
                "deeplV3CreateGlossary",
                "Create a multilingual glossary: a dictionary per pair",
                _json("Created.", GLOSSARY, "201"),
                400,
                413,
                requestBody=_body(create, JSON, FORM),
            ),
        },
        "/v3/glossaries/{glossary_id}": {
            "get": _op(
                "deeplV3GetGlossary",
                "One multilingual glossary",
                _json("The glossary.", GLOSSARY),
                400,
                404,
                parameters=[glossary_id],
            ),
            "patch": _op(
                "deeplV3UpdateGlossary",
                "Rename it and/or merge entries into its dictionaries",
                _json("The glossary.", GLOSSARY),
                400,
                404,
                413,
                parameters=[glossary_id],
                requestBody=_body(update, JSON, FORM),
            ),
            "delete": _op(
                "deeplV3DeleteGlossary",
                "Delete it with every dictionary",
                {"204": {"description": "Deleted."}},
                400,
                404,
                parameters=[glossary_id],
            ),
        },
        "/v3/glossaries/{glossary_id}/dictionaries": {
            "put": _op(
                "deeplV3ReplaceDictionary",
                "Replace (or add) the dictionary of a pair",
                _json("The dictionary.", DICTIONARY_INFO),
                400,
                404,
                413,
                parameters=[glossary_id],
                requestBody=_body(DICTIONARY, JSON, FORM),
            ),
            "delete": _op(
                "deeplV3DeleteDictionary",
                "Delete the dictionary of a pair",
                {"204": {"description": "Deleted."}},
                400,
                404,
                parameters=[glossary_id, *PAIR_QUERY],
            ),
        },
        "/v3/glossaries/{glossary_id}/entries": {
            "get": _op(
                "deeplV3GlossaryEntries",
                "The entries of a pair's dictionary, as TSV in JSON",
                _json("The dictionary's entries.", entries),
                400,
                404,
                parameters=[glossary_id, *PAIR_QUERY],
            ),
        },
        **deepl_unsupported_paths(),
    }
