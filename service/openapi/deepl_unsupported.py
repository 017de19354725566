"""The DeepL features Warta refuses (``service/blueprints/deepl_unsupported.py``) in ``/openapi.json``:
every method of each answers DeepL's 404 ``{"message"}`` naming what is missing."""

from __future__ import annotations

from typing import Any

from service.openapi.deepl import TAG, _errors, _path

REST = _path("rest", {"type": "string", "minLength": 1})
FEATURES = {
    "/v2/write/{rest}": ("Write", "DeepL Write (rephrase, correct): not available here"),
    "/v3/style_rules": ("StyleRules", "Style rules and custom instructions: not available here"),
    "/v3/style_rules/{rest}": ("StyleRule", "Style rules and custom instructions: not available here"),
    "/v3/translation_memories": ("TranslationMemories", "Translation memories: not available here"),
    "/v3/translation_memories/{rest}": ("TranslationMemory", "Translation memories: not available here"),
}
METHODS = ("get", "post", "put", "patch", "delete")


def deepl_unsupported_paths() -> dict[str, Any]:
    return {
        path: {
            method: {
                "operationId": f"deeplUnsupported{name}{method.capitalize()}",
                "tags": [TAG],
                "summary": summary,
                **({"parameters": [REST]} if "{rest}" in path else {}),
                "responses": _errors(404),
            }
            for method in METHODS
        }
        for path, (name, summary) in FEATURES.items()
    }
