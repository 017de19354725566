"""gunicorn's settings for ``warta serve``, and its own error answers in the API's one error shape.

gunicorn refuses some requests before Flask sees them (a request line over ``limit_request_line``: 414;
too many or too large headers: 431; a malformed request: 400) and writes those answers as HTML. A
client of a JSON API must be able to read every error alike, so they are written as problem+json with
the same members as the API's own (``service.problems``).
"""

from __future__ import annotations

import json
import socket

import gunicorn.util

from service.problems import PROBLEM_MIME, problem_body

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
