"""``GET /openapi.json``, the API's own description, and ``/docs``, Swagger UI reading it.

Swagger UI's files come from the ``swagger-ui-py`` package and are served from here: the docs page
loads nothing from a CDN, so it works on a machine without internet and under a strict policy.
"""

from __future__ import annotations

import importlib.util
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from flask import Blueprint, Response, render_template, send_from_directory

from service import extensions
from service.openapi import build

bp = Blueprint("openapi", __name__)
DOCS_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)


def swagger_ui_files() -> Path:
    spec = importlib.util.find_spec("swagger_ui")
    if spec is None or spec.origin is None:
        raise RuntimeError("swagger-ui-py is not installed")
    return Path(spec.origin).parent / "static"


@bp.get("/openapi.json")
def spec() -> dict[str, Any]:
    try:
        release = version("warta")
    except PackageNotFoundError:
        release = "0.0.0"
    return build(extensions.settings(), release)


@bp.get("/docs")
def docs() -> Response:
    response = Response(render_template("docs.html"), mimetype="text/html")
    response.headers["Content-Security-Policy"] = DOCS_POLICY
    return response


@bp.get("/docs/assets/<path:name>")
def asset(name: str) -> Response:
    """Swagger UI's own files; ``send_from_directory`` refuses any path outside that folder."""
    return send_from_directory(swagger_ui_files(), name, max_age=86400)
