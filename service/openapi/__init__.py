"""The OpenAPI 3.1 description of the API, served at ``/openapi.json``.

Bodies and query parameters are generated from the contract's models (``schemas.py``), operations are
described by hand (``paths.py``), and the caps are those of the running settings, so the document
describes the server that serves it. ``tests/test_openapi.py`` holds them together: schemathesis
generates requests from this document, valid and invalid, and checks every answer against it.
"""

from __future__ import annotations

from typing import Any

from service.openapi.paths import paths
from service.openapi.schemas import component_schemas
from workers.contract.limits import Limits
from workers.settings import Settings


def build(settings: Settings, version: str) -> dict[str, Any]:
    security = [{"apiKey": []}] if settings.require_api_key else [{"apiKey": []}, {}]
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Warta",
            "version": version,
            "description": "Indonesian news in; English translations, bilingual summaries, "
            "glossary-consistent names and quality scores out. Jobs are queued and polled; errors are "
            "RFC 9457 problem details.",
            "license": {"name": "Apache-2.0", "identifier": "Apache-2.0"},
        },
        "servers": [{"url": "/"}],
        "security": security,
        "paths": paths(),
        "components": {
            "schemas": component_schemas(Limits.of(settings)),
            "securitySchemes": {
                "apiKey": {
                    "type": "http",
                    "scheme": "bearer",
                    "bearerFormat": "wk_<id>_<secret>",
                    "description": "An API key from `warta keys create`.",
                }
            },
        },
    }
