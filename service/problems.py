"""RFC 9457 problem details: every error the API returns has the same JSON shape.

``field`` names the request member at fault (``articles[2].text``) so a client can point at it, and
``code`` is a stable machine-readable name that does not change when the wording does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Response, has_request_context, jsonify, request

PROBLEM_MIME = "application/problem+json"


class Problem(Exception):
    """An error the client can act on; raised anywhere in a request, rendered by the app."""

    def __init__(
        self,
        status: int,
        code: str,
        detail: str,
        field: str | None = None,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail)
        self.status, self.code, self.detail, self.field, self.extra = status, code, detail, field, extra
        self.headers = headers or {}


def problem_body(
    status: int, code: str, detail: str, field: str | None = None, **extra: Any
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": f"https://warta.dev/problems/{code.replace('_', '-')}",
        "title": code.replace("_", " ").capitalize(),
        "status": status,
        "code": code,
        "detail": detail,
    }
    if field is not None:
        body["field"] = field
    body.update(extra)
    return body


def problem_response(status: int, code: str, detail: str, field: str | None = None, **extra: Any) -> Response:
    response = jsonify(problem_body(status, code, detail, field, **extra))
    response.status_code = status
    response.mimetype = PROBLEM_MIME
    return response


# A compatible API answers errors in its own shape, as its clients read them (DeepL: ``{"message"}``,
# LibreTranslate: ``{"error"}``): its blueprint registers how, and every error of a request it serves,
# the app's own (401, 413, 429, 500) included, is rendered that way.
DIALECTS: dict[str, Callable[[Problem], Response]] = {}


def render(problem: Problem) -> Response:
    dialect = DIALECTS.get(request.blueprint or "") if has_request_context() else None
    if dialect is not None:
        response = dialect(problem)
    else:
        response = problem_response(
            problem.status, problem.code, problem.detail, problem.field, **problem.extra
        )
    response.headers.update(problem.headers)
    return response
