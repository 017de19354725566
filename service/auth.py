"""Who is asking: the API key of each request, and the owner every job, glossary and benchmark is filed
under.

Keys are optional unless ``WARTA_REQUIRE_API_KEY`` is on. A request with a key acts as that key and sees
only what that key made; a request without one (where allowed) acts as the anonymous owner ``""``. A key
that is sent but unknown or revoked is always refused: silently treating it as anonymous would show the
client somebody else's empty list and hide the real mistake.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from flask import Flask, Response, g, redirect, request, url_for

from service import extensions
from service.problems import Problem
from workers.store.glossaries import SHARED, glossary_owner

# Endpoints that answer without a key: probes, the API's description, the log-in page and assets.
PUBLIC = {"health.healthz", "health.readyz", "metrics.metrics", "openapi.spec", "openapi.docs",
          "openapi.asset", "web.login", "static"}  # fmt: skip
# LibreTranslate answers these without a key (its clients ask them before they have one); a translated
# file's link is unguessable, and clients fetch it without the key.
PUBLIC |= {"libretranslate.health", "libretranslate.api_spec", "libretranslate.languages",
           "libretranslate.frontend_settings", "libretranslate.download_file"}  # fmt: skip
ANONYMOUS = ""
# The web page keeps the key in this cookie (HttpOnly, SameSite=Strict) after the log-in form.
COOKIE = "warta_key"
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
# Blueprints that show every client's work: admin keys only (mounted only where keys are required).
OPERATORS_ONLY = {"rq_dashboard"}


def install(app: Flask) -> None:
    app.before_request(_identify)


def current_owner() -> str:
    """The owner of the request: an API key id, or ``""`` without a key."""
    return str(g.get("warta_owner", ANONYMOUS))


def rate_limit_key() -> str:
    owner = current_owner()
    return f"key:{owner}" if owner else f"addr:{request.remote_addr or 'unknown'}"


def _identify() -> Response | None:
    """Sets the request's owner; the web page's own pages send a client without a key to log in."""
    try:
        _identify_or_refuse()
    except Problem as problem:
        if problem.status == 401 and request.blueprint in ("web", *OPERATORS_ONLY):
            return redirect(url_for("web.login", next=request.full_path))
        raise
    return None


def _identify_or_refuse() -> None:
    if request.endpoint in PUBLIC:
        return
    token = _bearer_token()
    if token is None and request.cookies.get(COOKIE):
        same_origin_only()
        token = request.cookies[COOKIE]
    settings = extensions.settings()
    if token is None:
        if settings.require_api_key:
            detail = ("This server requires an API key. Send it as 'Authorization: Bearer wk_…'; an "
                      "operator makes one with `warta keys create`.")  # fmt: skip
            raise _unauthorized("api_key_required", detail)
        g.warta_owner = ANONYMOUS
        return
    keys = extensions.keys()
    owner = verified(token)
    if owner is None:
        raise _unauthorized(
            "invalid_api_key",
            "The API key is unknown or revoked. Ask the operator for a key (`warta keys list`).",
        )
    g.warta_owner = owner
    if request.blueprint in OPERATORS_ONLY and not keys.is_admin(owner):
        raise Problem(403, "admin_key_required", "This page is for operators: log in with a key made by "
                      "`warta keys create NAME --admin`.", field="Authorization")  # fmt: skip


def writer(shared: bool, what: str, command: str) -> str:
    """Whose ``what`` (glossaries, memory) a write changes: the client's own, or with ``shared`` the
    operator's, which only an admin key (or ``command`` on the server) may change: every key reads them."""
    if not shared:
        return glossary_owner(current_owner())
    owner = current_owner()
    if not owner or not extensions.keys().is_admin(owner):
        detail = (f"The shared {what} is changed only with an admin key (`warta keys create NAME --admin`) "
                  f"or `{command}`.")  # fmt: skip
        raise Problem(403, "admin_key_required", detail, field="shared")
    return SHARED


def verified(token: str) -> str | None:
    """The key's owner, or None; an address that has failed too often has its further failures refused.

    A valid key always passes, whatever its address has failed: behind a proxy every client shares one
    address (unless ``WARTA_TRUSTED_PROXIES`` says otherwise), and one client's guesses must not lock out
    everybody's keys. Telling a guesser that a guess hit gives nothing away: keys hold 256 random bits.
    """
    failures = extensions.auth_failures()
    owner = extensions.keys().verify(token)
    if owner is None:
        failures.refuse_if_exhausted()
        failures.record()
    return owner


def same_origin_only() -> None:
    """A browser sends the cookie with any site's form; a change made with it must come from this site.

    Browsers say where a request comes from in ``Sec-Fetch-Site``; older ones only in ``Origin``, or in
    ``Referer`` where ``Origin`` is ``null`` (a privacy-minded referrer policy sends that even for the
    site's own forms). Without any of them the request is refused: it cannot be told from a forgery.
    """
    if request.method not in UNSAFE:
        return
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        if fetch_site == "same-origin":
            return
        origin = ""
    else:
        sent = [request.headers.get("Origin"), request.headers.get("Referer")]
        origin = next((value for value in sent if value and value != "null"), "")
    if urlsplit(origin).netloc != request.host:
        raise Problem(403, "cross_site_request", "A change authenticated by the web page's cookie must come "
                      "from the web page itself; scripts send 'Authorization: Bearer …' instead.",
                      field="Origin")  # fmt: skip


# Where a compatible API's clients send the key besides the Authorization header (LibreTranslate: an
# ``api_key`` field): its blueprint registers how to read it.
TOKEN_SOURCES: dict[str, Callable[[], str | None]] = {}
# DeepL's clients send ``Authorization: DeepL-Auth-Key <key>``; the key is a Warta key either way.
SCHEMES = ("bearer", "deepl-auth-key")


def _bearer_token() -> str | None:
    header = request.headers.get("Authorization")
    if header is None:
        source = TOKEN_SOURCES.get(request.blueprint or "")
        return source() if source else None
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() not in SCHEMES or not token.strip():
        raise _unauthorized("invalid_authorization", "Send the key as 'Authorization: Bearer wk_…'.")
    return token.strip()


def _unauthorized(code: str, detail: str) -> Problem:
    return Problem(
        401, code, detail, field="Authorization", headers={"WWW-Authenticate": 'Bearer realm="warta"'}
    )
