"""The DeepL API v2 operations (``/v2/...``) of ``/openapi.json``, described by hand.

Their shapes are DeepL's, not Warta's contract models: errors are ``{"message"}`` (a bad key is 403, a
refused member 400), bodies are JSON or form fields, and the same Warta key is sent as
``Authorization: DeepL-Auth-Key <key>`` (``Bearer`` works too). ``tests/test_deepl_api.py`` drives every
operation with DeepL's own clients.
"""

from __future__ import annotations

from typing import Any

from service.deepl_languages import TARGET_VARIANTS
from workers.documents.formats import MEDIA_TYPES

JSON = "application/json"
FORM = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"
TAG = "deepl"
Schema = dict[str, Any]
MEANINGS = {
    400: "A parameter is missing or not supported (a language pair Warta does not serve is named), or a "
    ".docx passes an archive cap (WARTA_MAX_ARCHIVE_*; the part and the cap are named).",
    403: "No API key, or an unknown or revoked one.",
    404: "No glossary or document by that id (and key) for this API key.",
    413: "The body or a cap was exceeded.",
    429: "Rate limit exceeded; retry after `Retry-After` seconds.",
    503: "The queue or the store is unreachable, no worker has the model, or (on a result) the document "
    "is not translated yet.",
    504: "No worker answered within WARTA_SYNC_TIMEOUT.",
}
MESSAGE = {"type": "object", "required": ["message"], "properties": {"message": {"type": "string"}}}
# The default deployment's pair; a deployment serves what GET /v2/languages lists.
SOURCE = {"type": "string", "enum": ["ID", "id"]}
TARGET = {"type": "string", "enum": ["EN", "EN-GB", "EN-US", "en", "en-GB", "en-US"]}
TEXT = {"type": "string", "minLength": 1, "format": "indonesian-text"}
GLOSSARY_ID = {"type": "string", "format": "uuid"}
GLOSSARY_INFO: Schema = {
    "type": "object",
    "required": [
        "glossary_id",
        "name",
        "ready",
        "source_lang",
        "target_lang",
        "creation_time",
        "entry_count",
    ],
    "properties": {
        "glossary_id": GLOSSARY_ID,
        "name": {"type": "string"},
        "ready": {"type": "boolean"},
        "source_lang": {"type": "string"},
        "target_lang": {"type": "string"},
        "creation_time": {"type": "string", "format": "date-time"},
        "entry_count": {"type": "integer", "minimum": 0},
    },
}
TRANSLATE_PARAMS: Schema = {
    "type": "object",
    "required": ["text", "target_lang"],
    "properties": {
        "text": {"type": "array", "items": TEXT, "minItems": 1, "maxItems": 50},
        "target_lang": TARGET,
        "source_lang": SOURCE,
        "glossary_id": {
            "description": "Empty: none.",
            "anyOf": [GLOSSARY_ID, {"type": "string", "maxLength": 0}],
        },
        "tag_handling": {"type": "string", "enum": ["html", "xml"]},
        "split_sentences": {"type": "string", "enum": ["0", "1", "nonewlines"]},
        "preserve_formatting": {"type": "boolean"},
        "formality": {"type": "string", "enum": ["default", "prefer_less", "prefer_more"]},
        "context": {"type": "string", "description": "Accepted; not used by Warta's models."},
    },
}
DOCUMENT_KEY: Schema = {
    "type": "object",
    "required": ["document_key"],
    "properties": {"document_key": {"type": "string", "minLength": 1}},
}


def _errors(*statuses: int) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for status in sorted({*statuses, 403, 429}):
        answer: dict[str, Any] = {"description": MEANINGS[status], "content": {JSON: {"schema": MESSAGE}}}
        if status == 429:
            answer["headers"] = {"Retry-After": {"schema": {"type": "integer"}}}
        answers[str(status)] = answer
    return answers


def _op(op_id: str, summary: str, ok: dict[str, Any], *errors: int, **more: Any) -> dict[str, Any]:
    return {
        "operationId": op_id,
        "tags": [TAG],
        "summary": summary,
        **more,
        "responses": {**ok, **_errors(*errors)},
    }


def _json(description: str, schema: Schema, status: str = "200") -> dict[str, Any]:
    return {status: {"description": description, "content": {JSON: {"schema": schema}}}}


def _body(schema: Schema, *types: str) -> dict[str, Any]:
    return {"required": True, "content": {t: {"schema": schema} for t in types}}


def _path(name: str, schema: Schema) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": schema}


def deepl_paths() -> dict[str, Any]:
    translations = {
        "type": "object",
        "required": ["translations"],
        "properties": {
            "translations": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["detected_source_language", "text", "billed_characters"],
                    "properties": {
                        "detected_source_language": {"type": "string", "const": "ID"},
                        "text": {"type": "string"},
                        "billed_characters": {"type": "integer", "minimum": 0},
                        "model_type_used": {"type": "string"},
                    },
                },
            }
        },
    }
    languages = {"type": "array", "items": {"type": "object", "required": ["language", "name"]}}
    usage = {
        "type": "object",
        "required": ["character_count"],
        "properties": {"character_count": {"type": "integer", "minimum": 0}},
    }
    pairs = {"type": "object", "required": ["supported_languages"]}
    languages_op = _op(
        "deeplLanguages",
        "Source languages, or with `type=target` the targets "
        f"(every served one: {', '.join(code for code, _ in TARGET_VARIANTS['en'])} by default, with "
        "`supports_formality`)",
        _json("The languages.", languages),
        400,
        parameters=[
            {
                "name": "type",
                "in": "query",
                "required": False,
                "schema": {"type": "string", "enum": ["source", "target"]},
            }
        ],
    )
    usage_op = _op(
        "deeplUsage",
        "Characters translated under this key (no limit: Warta sets none)",
        _json("The count.", usage),
    )
    pairs_op = _op(
        "deeplGlossaryPairs", "Glossary language pairs: Indonesian to English", _json("The pairs.", pairs)
    )
    create = {
        "type": "object",
        "required": ["name", "source_lang", "target_lang", "entries"],
        "properties": {
            "name": {"type": "string", "minLength": 1},
            "source_lang": SOURCE,
            "target_lang": {"type": "string", "enum": ["EN", "en"]},
            "entries": {"type": "string", "minLength": 1},
            "entries_format": {"type": "string", "enum": ["tsv", "csv"]},
        },
    }
    upload = {
        "type": "object",
        "required": ["file", "target_lang"],
        "properties": {
            "file": TEXT,
            "target_lang": TARGET,
            "source_lang": SOURCE,
            "glossary_id": GLOSSARY_ID,
            "formality": {"type": "string", "enum": ["default", "prefer_less", "prefer_more"]},
            "output_format": {"type": "string", "enum": ["txt", "html", "docx"]},
        },
    }
    handle = {
        "type": "object",
        "required": ["document_id", "document_key"],
        "properties": {"document_id": {"type": "string"}, "document_key": {"type": "string"}},
    }
    status = {
        "type": "object",
        "required": ["document_id", "status"],
        "properties": {
            "document_id": {"type": "string"},
            "status": {"type": "string", "enum": ["queued", "translating", "done", "error"]},
            "seconds_remaining": {"type": "integer"},
            "billed_characters": {"type": "integer"},
            "error_message": {"type": "string"},
            "message": {"type": "string"},
        },
    }
    files = {
        "description": "The translated file, in the uploaded format.",
        "content": {
            m.split(";")[0]: {"schema": {"type": "string", "format": "binary"}} for m in MEDIA_TYPES.values()
        },
    }
    glossary_id, document_id = _path("glossary_id", GLOSSARY_ID), _path("document_id", {"type": "string"})
    return {
        "/v2/translate": {
            "post": _op(
                "deeplTranslate",
                "Translate texts (DeepL's translate_text / translateText)",
                _json("The English of each text, in order.", translations),
                400,
                404,
                413,
                503,
                504,
                requestBody=_body(TRANSLATE_PARAMS, JSON, FORM),
            )
        },
        "/v2/usage": {"get": usage_op, "post": {**usage_op, "operationId": "deeplUsagePost"}},
        "/v2/languages": {"get": languages_op, "post": {**languages_op, "operationId": "deeplLanguagesPost"}},
        "/v2/glossary-language-pairs": {
            "get": pairs_op,
            "post": {**pairs_op, "operationId": "deeplGlossaryPairsPost"},
        },
        "/v2/glossaries": {
            "get": _op(
                "deeplListGlossaries",
                "This key's glossaries with a DeepL id",
                _json(
                    "The glossaries.",
                    {
                        "type": "object",
                        "required": ["glossaries"],
                        "properties": {"glossaries": {"type": "array", "items": GLOSSARY_INFO}},
                    },
                ),
                400,
            ),
            "post": _op(
                "deeplCreateGlossary",
                "Create a glossary (a Warta glossary named by a new UUID)",
                _json("Created.", GLOSSARY_INFO, "201"),
                400,
                413,
                requestBody=_body(create, JSON, FORM),
            ),
        },
        "/v2/glossaries/{glossary_id}": {
            "get": _op(
                "deeplGetGlossary",
                "One glossary",
                _json("The glossary.", GLOSSARY_INFO),
                400,
                404,
                parameters=[glossary_id],
            ),
            "delete": _op(
                "deeplDeleteGlossary",
                "Delete a glossary",
                {"204": {"description": "Deleted."}},
                400,
                404,
                parameters=[glossary_id],
            ),
        },
        "/v2/glossaries/{glossary_id}/entries": {
            "get": _op(
                "deeplGlossaryEntries",
                "The entries as TSV, whatever the Accept header says",
                {
                    "200": {
                        "description": "Source, tab, target; one entry a line.",
                        "content": {"text/tab-separated-values": {"schema": {"type": "string"}}},
                    }
                },
                400,
                404,
                parameters=[glossary_id],
            ),
        },
        "/v2/document": {
            "post": _op(
                "deeplUploadDocument",
                "Upload a .txt, .html or .docx document to translate (a Warta job; read by the worker)",
                _json("The document's handle.", handle),
                400,
                404,
                413,
                503,
                requestBody=_body(upload, MULTIPART),
            ),
        },
        "/v2/document/{document_id}": {
            "post": _op(
                "deeplDocumentStatus",
                "A document's status, at once (`error` with `message` where the job failed)",
                _json("The status.", status),
                400,
                404,
                parameters=[document_id],
                requestBody=_body(DOCUMENT_KEY, JSON, FORM),
            ),
        },
        "/v2/document/{document_id}/result": {
            "post": _op(
                "deeplDocumentResult",
                "Download the translated document (503 until it is done)",
                {"200": files},
                400,
                404,
                503,
                parameters=[document_id],
                requestBody=_body(DOCUMENT_KEY, JSON, FORM),
            ),
        },
    }
