"""DeepL's wire, shared by its ``/v2`` and ``/v3`` blueprints: reading a request's parameters as DeepL's
clients send them, and answering errors and times as they read them.

deepl-python sends JSON, deepl-node form fields (``text`` repeated), and both read an error as
``{"message"}`` with DeepL's statuses; a client error is never a 5xx, as both clients retry those for
many seconds.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any, TypeVar

from flask import Response, jsonify, request
from pydantic import BaseModel

from service.languages import request_context
from service.problems import Problem
from service.validation import Fault, parse_params

M = TypeVar("M", bound=BaseModel)

# The statuses DeepL's clients know; any other client error is DeepL's 400.
DEEPL_STATUSES = {400, 403, 404, 405, 413, 429}
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def deepl_error(problem: Problem) -> Response:
    """Warta's problem as DeepL's ``{"message"}``: a missing or bad key is DeepL's 403, a refused member
    its 400; 429 keeps ``Retry-After`` and a real server fault stays a 5xx."""
    status = problem.status
    if status == 401:
        status = 403
    elif status < 500 and status not in DEEPL_STATUSES:
        status = 400
    response = jsonify({"message": problem.detail})
    response.status_code = status
    return response


def params() -> dict[str, Any]:
    """The request's parameters from the query, a form body (on a GET too: deepl-python sends
    ``type=target`` so) and a JSON body; repeated fields (``text``) are lists."""
    merged: dict[str, Any] = {}
    for source in (request.args, request.form):
        for key in source:
            values, name = source.getlist(key), key.removesuffix("[]")
            merged[name] = values if len(values) > 1 or name == "text" else values[0]
    body = request.get_json(silent=True) if request.is_json else None
    if isinstance(body, dict):
        merged.update(body)
    return merged


def parsed(model: type[M], given: dict[str, Any] | None = None) -> M:
    """The request's parameters (``given``, or ``params()``) as ``model`` (``service/deepl_params.py``),
    checked against the server's caps and served pairs, refused in DeepL's words."""
    return parse_params(model, params() if given is None else given, _refused, request_context())


def _refused(fault: Fault) -> Problem:
    if fault.missing:
        return Problem(400, "invalid_field", f"Parameter '{fault.name}' not specified.", field=fault.name)
    detail = f"Value for '{fault.name}' not supported" + (f"; send {fault.hint}." if fault.hint else ".")
    return Problem(400, "invalid_field", detail, field=fault.name)


def string(given: dict[str, Any], name: str) -> str | None:
    """A parameter that must be a non-empty string where it is sent (``context`` may be empty)."""
    value = given.get(name)
    if value is None:
        return None
    if not isinstance(value, str) or (not value and name != "context"):
        raise Problem(400, "invalid_field", f"Value for '{name}' must be a non-empty string.")
    return value


def timestamp(value: datetime | None) -> str:
    """JavaScript's ``toISOString``: deepl-python parses only times with a fraction and a zone."""
    moment = (value or datetime.now(UTC)).astimezone(UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")
