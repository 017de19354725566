"""The DeepL API v2 operations (``/v2/...``) of ``/openapi.json``: paths and statuses described here,
bodies, parameters and answers generated from DeepL's models (``service/deepl_params.py``).

Errors are ``{"message"}`` (a bad key is 403, a refused member 400), bodies are JSON or form fields, and
the same Warta key is sent as ``Authorization: DeepL-Auth-Key <key>`` (``Bearer`` works too).
``tests/test_deepl_api.py`` drives every operation with DeepL's own clients.
"""

from __future__ import annotations

from typing import Any

from service.deepl_languages import TARGET_VARIANTS
from service.deepl_params import (
    DeepLDocument,
    DeepLDocumentHandle,
    DeepLDocumentKey,
    DeepLDocumentStatus,
    DeepLGlossaries,
    DeepLGlossary,
    DeepLGlossaryCreate,
    DeepLGlossaryPairs,
    DeepLLanguage,
    DeepLLanguagesQuery,
    DeepLMessage,
    DeepLTranslate,
    DeepLTranslations,
    DeepLUsage,
)
from service.openapi.schemas import body, query_parameters
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
MESSAGE = body(DeepLMessage)
GLOSSARY_ID = {"type": "string", "format": "uuid"}
DOCUMENT_ID = {"type": "string"}


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
    languages_op = _op(
        "deeplLanguages",
        "Source languages, or with `type=target` the targets "
        f"(every served one: {', '.join(code for code, _ in TARGET_VARIANTS['en'])} by default, with "
        "`supports_formality`)",
        _json("The languages.", {"type": "array", "items": body(DeepLLanguage)}),
        400,
        parameters=query_parameters(DeepLLanguagesQuery),
    )
    usage_op = _op(
        "deeplUsage",
        "Characters translated under this key (no limit: Warta sets none)",
        _json("The count.", body(DeepLUsage)),
    )
    pairs_op = _op(
        "deeplGlossaryPairs",
        "Glossary language pairs: every served pair",
        _json("The pairs.", body(DeepLGlossaryPairs)),
    )
    files = {
        "description": "The translated file, in the uploaded format.",
        "content": {
            m.split(";")[0]: {"schema": {"type": "string", "format": "binary"}} for m in MEDIA_TYPES.values()
        },
    }
    upload = {"allOf": [body(DeepLDocument)], "required": ["file"],
              "properties": {"file": {"type": "string", "format": "binary"}}}  # fmt: skip
    glossary_id, document_id = _path("glossary_id", GLOSSARY_ID), _path("document_id", DOCUMENT_ID)
    return {
        "/v2/translate": {
            "post": _op(
                "deeplTranslate",
                "Translate texts (DeepL's translate_text / translateText)",
                _json("Each text's translation, in order.", body(DeepLTranslations)),
                400,
                404,
                413,
                503,
                504,
                requestBody=_body(body(DeepLTranslate), JSON, FORM),
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
                _json("The glossaries.", body(DeepLGlossaries)),
                400,
            ),
            "post": _op(
                "deeplCreateGlossary",
                "Create a glossary (a Warta glossary named by a new UUID)",
                _json("Created.", body(DeepLGlossary), "201"),
                400,
                413,
                requestBody=_body(body(DeepLGlossaryCreate), JSON, FORM),
            ),
        },
        "/v2/glossaries/{glossary_id}": {
            "get": _op(
                "deeplGetGlossary",
                "One glossary",
                _json("The glossary.", body(DeepLGlossary)),
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
                "Upload a document to translate (a Warta job; read by the worker)",
                _json("The document's handle.", body(DeepLDocumentHandle)),
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
                _json("The status.", body(DeepLDocumentStatus)),
                400,
                404,
                parameters=[document_id],
                requestBody=_body(body(DeepLDocumentKey), JSON, FORM),
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
                requestBody=_body(body(DeepLDocumentKey), JSON, FORM),
            ),
        },
    }
