"""Safe response headers on everything the API sends.

Results embed text that users submitted (scraped pages included), so a rendered HTML result must not be
able to run a script or load anything, even if escaping ever failed: its content security policy allows
nothing but its own inline styles and inline SVG. No response may be sniffed into another type or
framed by another site. What a key sees (pages, job documents, results, glossaries) is sent with
``Cache-Control: no-store``, so no shared cache or browser history keeps it for the next person; only
the public endpoints (probes, the API description, assets, the log-in page) may be cached.
"""

from __future__ import annotations

from flask import Flask, Response, request

from service.auth import PUBLIC

# Every answer that is not HTML (JSON, problems, downloads): nothing in it may load or be framed.
API_POLICY = "default-src 'none'; frame-ancestors 'none'"
HTML_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'"
)
ALWAYS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}


def add_safe_headers(response: Response) -> Response:
    for name, value in ALWAYS.items():
        response.headers.setdefault(name, value)
    if response.mimetype == "text/html":
        response.headers.setdefault("Content-Security-Policy", HTML_POLICY)
    else:
        response.headers.setdefault("Content-Security-Policy", API_POLICY)
    if request.endpoint not in PUBLIC:
        response.headers["Cache-Control"] = "no-store"
    return response


def install(app: Flask) -> None:
    app.after_request(add_safe_headers)
