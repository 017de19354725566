"""The LibreTranslate operations (``/translate``, ``/detect``, ``/languages``…) of ``/openapi.json``: paths,
summaries and statuses described here, bodies and answers generated from LibreTranslate's models
(``service/libretranslate_params.py``).

Errors are ``{"error"}`` (a refused request 400, a bad key 403), fields come as JSON or as a form (or
the query string), and the key is the ``api_key`` field or the usual ``Authorization: Bearer``.
``tests/test_libretranslate_api.py`` drives them with libretranslatepy and deep-translator.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from service.libretranslate_params import (
    FILE_FORMATS,
    LibreDetect,
    LibreDetection,
    LibreError,
    LibreFileUrl,
    LibreFrontendSettings,
    LibreHealth,
    LibreLanguage,
    LibreSuccess,
    LibreSuggest,
    LibreTranslate,
    LibreTranslateFile,
    LibreTranslation,
)
from service.openapi.schemas import body
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
PUBLIC: dict[str, list[Any]] = {"security": []}
# The uploaded file, a part the form's model cannot state; its other fields are the model's.
UPLOAD = {
    "allOf": [body(LibreTranslateFile)],
    "required": ["file"],
    "properties": {"file": {"type": "string", "format": "binary", "contentMediaType": "text/plain"}},
}


def _errors(*statuses: int) -> dict[str, Any]:
    return {
        str(status): {"description": MEANINGS[status], "content": {JSON: {"schema": body(LibreError)}}}
        for status in sorted({*statuses, 400, 403, 429, 500})
    }


def _op(op_id: str, summary: str, responses: dict[str, Any], **more: Any) -> dict[str, Any]:
    return {"operationId": op_id, "tags": [TAG], "summary": summary, **more, "responses": responses}


def _ok(description: str, schema: Schema) -> dict[str, Any]:
    return {"description": description, "content": {JSON: {"schema": schema}}}


def _list(model: type[BaseModel]) -> Schema:
    return {"type": "array", "items": body(model)}


def _fields(model: type[BaseModel]) -> dict[str, Any]:
    """A body of ``model``'s fields, sent as JSON or as a form: LibreTranslate reads both alike."""
    return {"required": True, "content": {JSON: {"schema": body(model)}, FORM: {"schema": body(model)}}}


def libretranslate_paths() -> dict[str, Any]:
    return {
        "/translate": {
            "post": _op(
                "libreTranslate",
                "LibreTranslate: translate a text or (JSON only) a list of texts",
                {
                    "200": _ok(
                        "The English; `detectedLanguage` only with source auto, `alternatives` only when "
                        "asked for (the model beam's next hypotheses).",
                        body(LibreTranslation),
                    ),
                    **_errors(503, 504),
                },
                requestBody=_fields(LibreTranslate),
            )
        },
        "/detect": {
            "post": _op(
                "libreDetect",
                "LibreTranslate: the language of a text, among those Warta knows",
                {"200": _ok("Most likely first.", _list(LibreDetection)), **_errors()},
                requestBody=_fields(LibreDetect),
            )
        },
        "/languages": {
            "get": _op(
                "libreLanguages",
                "LibreTranslate: the languages and what each translates into",
                {"200": _ok("Every language served, as a source or a target.", _list(LibreLanguage))},
                **PUBLIC,
            )
        },
        "/frontend/settings": {
            "get": _op(
                "libreFrontendSettings",
                "LibreTranslate: what its web page needs to know",
                {"200": _ok("The server's settings.", body(LibreFrontendSettings))},
                **PUBLIC,
            )
        },
        "/health": {
            "get": _op(
                "libreHealth",
                "LibreTranslate: liveness",
                {"200": _ok("Serving.", body(LibreHealth))},
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
                {"200": _ok("Kept.", body(LibreSuccess)), **_errors(503)},
                requestBody=_fields(LibreSuggest),
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
                        body(LibreFileUrl),
                    ),
                    **_errors(503, 504),
                },
                requestBody={
                    "required": True,
                    "content": {
                        MULTIPART: {"encoding": {"file": {"contentType": "text/plain"}}, "schema": UPLOAD}
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
