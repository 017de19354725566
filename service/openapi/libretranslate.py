"""The LibreTranslate operations (``/translate``, ``/detect``, ``/languages``…) of ``/openapi.json``,
described by hand.

Their shapes are LibreTranslate 1.9's, not Warta's contract models: errors are ``{"error"}`` (a refused
request 400, a bad key 403), fields come as JSON or as a form (or the query string), and the key is the
``api_key`` field or the usual ``Authorization: Bearer``. ``tests/test_libretranslate_api.py`` drives
them with libretranslatepy and deep-translator.
"""

from __future__ import annotations

from typing import Any

from service.blueprints.libretranslate import FILE_FORMATS
from workers.alternatives import MAX_ALTERNATIVES
from workers.contract.enums import MAX_SYNC_TEXTS
from workers.contract.request import TranslateRequest
from workers.documents.formats import MEDIA_TYPES

JSON = "application/json"
FORM = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"
TAG = "libretranslate"
Schema = dict[str, Any]
MEANINGS = {
    400: "A field is missing or invalid, or the language pair is not served (the message names it); "
    "also a missing API key where keys are required.",
    403: "An unknown or revoked API key, or suggestions are off (WARTA_SUGGESTIONS).",
    404: "No such file: it expired (WARTA_DOCUMENT_TTL_HOURS) or was never made.",
    429: "Rate limit exceeded (`Slowdown: …`); retry after `Retry-After` seconds.",
    500: "Unexpected server error.",
    503: "The queue or the store is unreachable, or no worker has the model.",
    504: "No worker answered within WARTA_SYNC_TIMEOUT.",
}
ERROR = {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}}
# A text as ``/v1/translate`` takes it: something besides whitespace, only characters XML can carry.
TEXT = {
    k: v
    for k, v in TranslateRequest.model_json_schema()["properties"]["text"]["anyOf"][0].items()
    if not k.startswith("x-")
}
KEY = {
    "type": "string",
    "description": "A Warta API key; where keys are optional, a value that is not one "
    "is ignored, as LibreTranslate ignores keys when it has none.",
}
SOURCE = {"type": "string", "enum": ["auto", "id", "en"], "description": "`en` only to `en` (unchanged)."}
TARGET = {"type": "string", "enum": ["en"], "description": "Warta translates into English."}
DETECTION = {
    "type": "object",
    "required": ["confidence", "language"],
    "properties": {
        "confidence": {"type": "number", "minimum": 0, "maximum": 100},
        "language": {"type": "string"},
    },
}


def _fields(properties: Schema, required: list[str]) -> Schema:
    return {"type": "object", "required": required, "properties": properties}


def _errors(*statuses: int) -> dict[str, Any]:
    return {
        str(status): {"description": MEANINGS[status], "content": {JSON: {"schema": ERROR}}}
        for status in sorted({*statuses, 400, 403, 429, 500})
    }


def _op(op_id: str, summary: str, responses: dict[str, Any], **more: Any) -> dict[str, Any]:
    return {"operationId": op_id, "tags": [TAG], "summary": summary, **more, "responses": responses}


def _ok(description: str, schema: Schema) -> dict[str, Any]:
    return {"description": description, "content": {JSON: {"schema": schema}}}


def _body(json_fields: Schema, form_fields: Schema) -> dict[str, Any]:
    return {"required": True, "content": {JSON: {"schema": json_fields}, FORM: {"schema": form_fields}}}


PUBLIC = {"security": []}


def libretranslate_paths() -> dict[str, Any]:
    batch = {"type": "array", "items": TEXT, "minItems": 1, "maxItems": MAX_SYNC_TEXTS}
    common = {
        "source": SOURCE,
        "target": TARGET,
        "format": {"type": "string", "enum": ["text", "html"]},
        "alternatives": {"type": "integer", "minimum": 0, "maximum": MAX_ALTERNATIVES},
        "api_key": KEY,
    }
    one_or_list = {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}
    translated = {
        "type": "object",
        "required": ["translatedText"],
        "properties": {
            "translatedText": one_or_list,
            "alternatives": {
                "anyOf": [
                    {"type": "array", "items": {"type": "string"}},
                    {"type": "array", "items": {"type": "array", "items": {"type": "string"}}},
                ]
            },
            "detectedLanguage": {"oneOf": [DETECTION, {"type": "array", "items": DETECTION}]},
        },
    }
    language = _fields(
        {
            "code": {"type": "string"},
            "name": {"type": "string"},
            "targets": {"type": "array", "items": {"type": "string"}},
        },
        ["code", "name", "targets"],
    )
    suggestion = {
        "q": TEXT,
        "s": TEXT,
        "source": {"type": "string", "enum": ["id"]},
        "target": TARGET,
        "api_key": KEY,
    }
    return {
        "/translate": {
            "post": _op(
                "libreTranslate",
                "LibreTranslate: translate a text or (JSON only) a list of texts",
                {
                    "200": _ok(
                        "The English; `detectedLanguage` only with source auto, `alternatives` only when "
                        "asked for (the model beam's next hypotheses).",
                        translated,
                    ),
                    **_errors(503, 504),
                },
                requestBody=_body(
                    _fields({"q": {"oneOf": [TEXT, batch]}, **common}, ["q", "source", "target"]),
                    _fields({"q": TEXT, **common}, ["q", "source", "target"]),
                ),
            )
        },
        "/detect": {
            "post": _op(
                "libreDetect",
                "LibreTranslate: the language of a text, among those Warta knows",
                {"200": _ok("Most likely first.", {"type": "array", "items": DETECTION}), **_errors()},
                requestBody=_body(
                    _fields({"q": TEXT, "api_key": KEY}, ["q"]), _fields({"q": TEXT, "api_key": KEY}, ["q"])
                ),
            )
        },
        "/languages": {
            "get": _op(
                "libreLanguages",
                "LibreTranslate: the languages and what each translates into",
                {"200": _ok("English and Indonesian.", {"type": "array", "items": language})},
                **PUBLIC,
            )
        },
        "/frontend/settings": {
            "get": _op(
                "libreFrontendSettings",
                "LibreTranslate: what its web page needs to know",
                {"200": _ok("The server's settings.", {"type": "object"})},
                **PUBLIC,
            )
        },
        "/health": {
            "get": _op(
                "libreHealth",
                "LibreTranslate: liveness",
                {"200": _ok("Serving.", _fields({"status": {"type": "string"}}, ["status"]))},
                **PUBLIC,
            )
        },
        "/spec": {
            "get": _op(
                "libreSpec",
                "LibreTranslate: this document",
                {"200": _ok("/openapi.json.", {"type": "object"})},
                **PUBLIC,
            )
        },
        "/suggest": {
            "post": _op(
                "libreSuggest",
                "LibreTranslate: your English for a sentence, used by your later translations",
                {"200": _ok("Kept.", _fields({"success": {"type": "boolean"}}, ["success"])), **_errors(503)},
                requestBody=_body(
                    _fields(suggestion, ["q", "s", "source", "target"]),
                    _fields(suggestion, ["q", "s", "source", "target"]),
                ),
            )
        },
        "/translate_file": {
            "post": _op(
                "libreTranslateFile",
                f"LibreTranslate: translate a file ({', '.join(FILE_FORMATS)}), layout kept",
                {
                    "200": _ok(
                        "Where to download it (for WARTA_DOCUMENT_TTL_HOURS); a file over "
                        "WARTA_MAX_SYNC_FILE_BYTES or past an archive cap is a 400.",
                        _fields(
                            {"translatedFileUrl": {"type": "string", "format": "uri"}}, ["translatedFileUrl"]
                        ),
                    ),
                    **_errors(503, 504),
                },
                requestBody={
                    "required": True,
                    "content": {
                        MULTIPART: {
                            "encoding": {"file": {"contentType": "text/plain"}},
                            "schema": _fields(
                                {
                                    "file": {
                                        "type": "string",
                                        "format": "binary",
                                        "contentMediaType": "text/plain",
                                    },
                                    "source": SOURCE,
                                    "target": TARGET,
                                    "api_key": KEY,
                                },
                                ["file", "source", "target"],
                            ),
                        }
                    },
                },
            )
        },
        "/download_file/{filename}": {
            "parameters": [
                {
                    "name": "filename",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "string"},
                    "description": "From `translatedFileUrl`.",
                }
            ],
            "get": _op(
                "libreDownloadFile",
                "LibreTranslate: a translated file, named as uploaded with the target code",
                {
                    "200": {
                        "description": "The file.",
                        "content": {
                            m.split(";")[0]: {"schema": {"type": "string", "format": "binary"}}
                            for m in MEDIA_TYPES.values()
                        },
                    },
                    **_errors(404),
                },
                **PUBLIC,
            ),
        },
    }
