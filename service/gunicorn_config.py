"""gunicorn's settings for ``warta serve``, and its own error answers in the API's one error shape.

gunicorn refuses some requests before Flask sees them (a request line over ``limit_request_line``: 414;
too many or too large headers: 431; a malformed request: 400) and writes those answers as HTML. A
client of a JSON API must be able to read every error alike, so they are written as problem+json with
the same members as the API's own (``service.problems``). Its access log writes each request line
whole; a key sent in the query (``?api_key=``, as LibreTranslate's clients do) is redacted from it.
"""

from __future__ import annotations

import json
import socket
from typing import Any

import gunicorn.util
from gunicorn.glogging import Logger

from service.problems import PROBLEM_MIME, problem_body
from workers.logs import redact

# What each refusal was about, for the problem's ``field``.
FIELDS = {414: "url", 431: "headers"}


def write_problem(sock: socket.socket, status: int, reason: str, message: str) -> None:
    """gunicorn's ``util.write_error``, writing problem+json instead of an HTML page."""
    code = reason.lower().replace(" ", "_") or "bad_request"
    body = json.dumps(problem_body(status, code, f"{reason}: {message}", FIELDS.get(status))).encode()
    head = (
        f"HTTP/1.1 {status} {reason}\r\nConnection: close\r\nContent-Type: {PROBLEM_MIME}\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    gunicorn.util.write_nonblock(sock, head.encode("latin1") + body)


gunicorn.util.write_error = write_problem


class RedactingLogger(Logger):
    """gunicorn's logger, with keys redacted from every part of an access log line (request line, query,
    referrer, headers)."""

    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> dict[str, Any]:
        found = super().atoms(resp, req, environ, request_time)
        return {name: redact(value) if isinstance(value, str) else value for name, value in found.items()}


logger_class = RedactingLogger
