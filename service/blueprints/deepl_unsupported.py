"""The parts of DeepL's API Warta has no counterpart of, answered as DeepL's clients read a refusal.

DeepL Write (``/v2/write/...``), style rules and their custom instructions (``/v3/style_rules...``) and
translation memories (``/v3/translation_memories...``) need models that rewrite and follow instructions,
which Warta does not have. Each answers DeepL's ``{"message"}`` with 404, which both clients raise at once
as "Not found" with the message: never a 5xx, which they retry for many seconds, and never the app's
HTML or problem document, which they cannot read. Any other unknown ``/v2`` or ``/v3`` path is answered
the same way (``not_served``, called by the app's 404 handler).
"""

from __future__ import annotations

from flask import Blueprint, Response, request

from service import deepl_wire as wire
from service.problems import DIALECTS, Problem

bp = Blueprint("deepl_unsupported", __name__)
DIALECTS[bp.name] = wire.deepl_error
METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"]
FEATURES = {
    "write": "DeepL Write (rephrasing and correcting text) is not available on this server: it translates.",
    "style_rules": "Style rules and custom instructions are not available on this server: its translation "
    "models take no instructions.",
    "translation_memories": "Translation memories are not available through the DeepL API on this server.",
}
DEEPL_PREFIXES = ("/v2/", "/v3/")


def _refused(feature: str) -> Response:
    raise Problem(404, "not_available", FEATURES[feature])


@bp.route("/v2/write/<path:rest>", methods=METHODS)
def write(rest: str) -> Response:
    return _refused("write")


@bp.route("/v3/style_rules", methods=METHODS)
@bp.route("/v3/style_rules/<path:rest>", methods=METHODS)
def style_rules(rest: str = "") -> Response:
    return _refused("style_rules")


@bp.route("/v3/translation_memories", methods=METHODS)
@bp.route("/v3/translation_memories/<path:rest>", methods=METHODS)
def translation_memories(rest: str = "") -> Response:
    return _refused("translation_memories")


def not_served(problem: Problem) -> Response | None:
    """DeepL's answer for a path under ``/v2`` or ``/v3`` that no route serves; None for other paths."""
    if not request.path.startswith(DEEPL_PREFIXES) or problem.status != 404:
        return None
    detail = f"{request.path} is not part of the DeepL API this server implements."
    return wire.deepl_error(Problem(404, "not_found", detail))
