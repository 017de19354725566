"""``GET /openapi.json``: the API's own description, for clients, generators and the tests."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import Any

from flask import Blueprint, current_app

from service.openapi import build

bp = Blueprint("openapi", __name__)


@bp.get("/openapi.json")
def spec() -> dict[str, Any]:
    try:
        release = version("warta")
    except PackageNotFoundError:
        release = "0.0.0"
    return build(current_app.extensions["warta.settings"], release)
