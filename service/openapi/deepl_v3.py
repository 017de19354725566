"""DeepL's multilingual glossaries (``/v3/glossaries``) in ``/openapi.json``: the operations described
here, as ``/v2``'s are (``deepl.py``: its errors, media types and key), their bodies, query and answers
generated from the models the blueprint validates and answers with (``service/deepl_v3_params.py``).
``tests/test_glossary_pairs.py`` drives every operation with DeepL's own client."""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter

from service.deepl_params import GlossaryId
from service.deepl_v3_params import (
    DeepLV3Dictionary,
    DeepLV3DictionaryInfo,
    DeepLV3Entries,
    DeepLV3Glossaries,
    DeepLV3Glossary,
    DeepLV3GlossaryCreate,
    DeepLV3GlossaryUpdate,
    DeepLV3PairQuery,
)
from service.openapi.deepl import FORM, JSON, _body, _json, _op, _path
from service.openapi.deepl_unsupported import deepl_unsupported_paths
from service.openapi.schemas import body, query_parameters

DELETED = {"204": {"description": "Deleted."}}


def deepl_v3_paths() -> dict[str, Any]:
    glossary_id = _path("glossary_id", TypeAdapter(GlossaryId).json_schema())
    pair = query_parameters(DeepLV3PairQuery)
    return {
        "/v3/glossaries": {
            "get": _op(
                "deeplV3ListGlossaries",
                "This key's multilingual glossaries",
                _json("The glossaries.", body(DeepLV3Glossaries)),
                400,
            ),
            "post": _op(
                "deeplV3CreateGlossary",
                "Create a multilingual glossary: a dictionary per pair",
                _json("Created.", body(DeepLV3Glossary), "201"),
                400,
                413,
                requestBody=_body(body(DeepLV3GlossaryCreate), JSON, FORM),
            ),
        },
        "/v3/glossaries/{glossary_id}": {
            "get": _op(
                "deeplV3GetGlossary",
                "One multilingual glossary",
                _json("The glossary.", body(DeepLV3Glossary)),
                400,
                404,
                parameters=[glossary_id],
            ),
            "patch": _op(
                "deeplV3UpdateGlossary",
                "Rename it and/or merge entries into its dictionaries",
                _json("The glossary.", body(DeepLV3Glossary)),
                400,
                404,
                413,
                parameters=[glossary_id],
                requestBody=_body(body(DeepLV3GlossaryUpdate), JSON, FORM),
            ),
            "delete": _op(
                "deeplV3DeleteGlossary",
                "Delete it with every dictionary",
                DELETED,
                400,
                404,
                parameters=[glossary_id],
            ),
        },
        "/v3/glossaries/{glossary_id}/dictionaries": {
            "put": _op(
                "deeplV3ReplaceDictionary",
                "Replace (or add) the dictionary of a pair",
                _json("The dictionary.", body(DeepLV3DictionaryInfo)),
                400,
                404,
                413,
                parameters=[glossary_id],
                requestBody=_body(body(DeepLV3Dictionary), JSON, FORM),
            ),
            "delete": _op(
                "deeplV3DeleteDictionary",
                "Delete the dictionary of a pair",
                DELETED,
                400,
                404,
                parameters=[glossary_id, *pair],
            ),
        },
        "/v3/glossaries/{glossary_id}/entries": {
            "get": _op(
                "deeplV3GlossaryEntries",
                "The entries of a pair's dictionary, as TSV in JSON",
                _json("The dictionary's entries.", body(DeepLV3Entries)),
                400,
                404,
                parameters=[glossary_id, *pair],
            ),
        },
        **deepl_unsupported_paths(),
    }
