"""Who is asking: the API key of each request, and the owner every job, glossary and benchmark is filed
under.

Keys are optional unless ``WARTA_REQUIRE_API_KEY`` is on. A request with a key acts as that key and sees
only what that key made; a request without one (where allowed) acts as the anonymous owner ``""``. A key
that is sent but unknown or revoked is always refused: silently treating it as anonymous would show the
client somebody else's empty list and hide the real mistake.
"""

from __future__ import annotations

from flask import Flask, current_app, g, request

from service.api_keys import KeyStore
from service.problems import Problem

# Endpoints that answer without a key: probes and the API's own description.
PUBLIC = {"health.healthz", "health.readyz", "metrics.metrics", "openapi.spec", "static"}
ANONYMOUS = ""


def install(app: Flask) -> None:
    app.before_request(_identify)


def current_owner() -> str:
    """The owner of the request: an API key id, or ``""`` without a key."""
    return str(g.get("warta_owner", ANONYMOUS))


def rate_limit_key() -> str:
    owner = current_owner()
    return f"key:{owner}" if owner else f"addr:{request.remote_addr or 'unknown'}"


def _identify() -> None:
    if request.endpoint in PUBLIC:
        return
    token = _bearer_token()
    settings = current_app.extensions["warta.settings"]
    if token is None:
        if settings.require_api_key:
            detail = ("This server requires an API key. Send it as 'Authorization: Bearer wk_…'; an "
                      "operator makes one with `warta keys create`.")  # fmt: skip
            raise _unauthorized("api_key_required", detail)
        g.warta_owner = ANONYMOUS
        return
    keys: KeyStore = current_app.extensions["warta.keys"]
    owner = keys.verify(token)
    if owner is None:
        raise _unauthorized(
            "invalid_api_key",
            "The API key is unknown or revoked. Ask the operator for a key (`warta keys list`).",
        )
    g.warta_owner = owner


def _bearer_token() -> str | None:
    header = request.headers.get("Authorization")
    if header is None:
        return None
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise _unauthorized("invalid_authorization", "Send the key as 'Authorization: Bearer wk_…'.")
    return token.strip()


def _unauthorized(code: str, detail: str) -> Problem:
    return Problem(
        401, code, detail, field="Authorization", headers={"WWW-Authenticate": 'Bearer realm="warta"'}
    )
