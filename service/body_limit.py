"""``WARTA_MAX_REQUEST_BYTES`` holds however a body is framed, on every endpoint.

Flask's ``MAX_CONTENT_LENGTH`` refuses a declared ``Content-Length`` over the limit, but a chunked body
has no length up front: werkzeug then reads it through a stream that stops at the limit without a word,
so a 10.8 MB glossary was stored cut mid-term and a cut TMX file was refused as malformed (422). Here
a chunked body is read once, counting, before the app sees it: past the limit the request is marked
too large (and answered 413 ``request_too_large`` before any handler runs, authentication included);
within it the app is handed the body with its length, as if it had been sent with ``Content-Length``.
Buffering costs no more than the handlers, which read every body whole anyway.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from typing import IO, Any

from flask import Flask, request
from werkzeug.exceptions import RequestEntityTooLarge

TOO_LARGE = "warta.body_too_large"
CHUNK = 64 * 1024
WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def install(app: Flask, limit: int) -> None:
    """Before every other ``before_request``: install it before authentication and the rate limits."""
    app.wsgi_app = BodyLimit(app.wsgi_app, limit)  # type: ignore[method-assign]
    app.before_request(_refuse_too_large)


class BodyLimit:
    """WSGI middleware: counts a chunked body against ``limit`` and marks a request that exceeds it."""

    def __init__(self, app: WsgiApp, limit: int) -> None:
        self.app, self.limit = app, limit

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        declared = _declared_length(environ)
        if declared is not None:
            if declared > self.limit:
                environ[TOO_LARGE] = True
        elif "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower():
            body = _read_at_most(environ["wsgi.input"], self.limit + 1)
            if len(body) > self.limit:
                environ[TOO_LARGE] = True
                _drain(environ["wsgi.input"], self.limit)
                body = b""
            environ["wsgi.input"] = io.BytesIO(body)
            environ["CONTENT_LENGTH"] = str(len(body))
            environ["wsgi.input_terminated"] = True
            environ.pop("HTTP_TRANSFER_ENCODING", None)
        return self.app(environ, start_response)


def _declared_length(environ: dict[str, Any]) -> int | None:
    try:
        return int(environ.get("CONTENT_LENGTH") or "")
    except ValueError:
        return None


def _read_at_most(stream: IO[bytes], size: int) -> bytes:
    """Up to ``size`` bytes; a server's input stream may answer a read with fewer than asked."""
    parts, got = [], 0
    while got < size:
        part = stream.read(min(CHUNK, size - got))
        if not part:
            break
        parts.append(part)
        got += len(part)
    return b"".join(parts)


def _drain(stream: IO[bytes], most: int) -> None:
    """Read on past the limit for a while, so a client still sending reads the 413 rather than a reset
    connection; a body larger still is left to the server, which closes the connection."""
    while most > 0 and (part := stream.read(min(CHUNK, most))):
        most -= len(part)


def _refuse_too_large() -> None:
    if request.environ.get(TOO_LARGE):
        raise RequestEntityTooLarge()
