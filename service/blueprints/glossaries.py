"""``/v1/glossaries``: upload, download, list and delete named glossaries in DeepL, Google or JSON shape."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request, url_for

from glossary.default import DEFAULT_NAME
from glossary.formats import FORMATS, GlossaryFormatError, dump_glossary, parse_glossary
from service.auth import current_owner
from service.glossary_store import NAME, GlossaryStore
from service.problems import Problem

bp = Blueprint("glossaries", __name__, url_prefix="/v1/glossaries")

MIME_OF_FORMAT = {"tsv": "text/tab-separated-values", "csv": "text/csv", "csv-sets": "text/csv",
                  "json": "application/json"}  # fmt: skip
FORMAT_OF_MIME = {"text/tab-separated-values": "tsv", "text/tsv": "tsv", "text/csv": "csv",
                  "application/json": "json"}  # fmt: skip


def _store() -> GlossaryStore:
    return current_app.extensions["warta.glossaries"]


@bp.get("")
def index() -> dict[str, Any]:
    listed = _store().list(current_owner())
    return {"glossaries": [_info(g.name, g.version, g.terms, g.shared) for g in listed]}


@bp.put("/<name>")
def put(name: str) -> Response:
    _check_name(name, writable=True)
    fmt = request.args.get("format") or FORMAT_OF_MIME.get(request.mimetype)
    if fmt not in FORMATS:
        raise Problem(415, "unsupported_media_type",
                      "Send the glossary as text/tab-separated-values, text/csv or application/json "
                      f"(or name it with ?format={'|'.join(FORMATS)}).", field="Content-Type")  # fmt: skip
    try:
        text = request.get_data().decode("utf-8")
    except UnicodeDecodeError:
        raise Problem(400, "invalid_encoding", "The glossary must be UTF-8 text.", field="body") from None
    try:
        glossary = parse_glossary(text, fmt, name)
    except GlossaryFormatError as error:
        raise Problem(422, "invalid_glossary", str(error), field="body", line=error.line,
                      member=error.member) from None  # fmt: skip
    if not glossary.terms:
        raise Problem(422, "invalid_glossary", "The glossary has no terms.", field="body")
    cap = current_app.extensions["warta.settings"].max_glossary_terms
    if len(glossary) > cap:
        raise Problem(413, "glossary_too_large", f"{len(glossary)} terms exceed the cap of {cap} "
                      "(WARTA_MAX_GLOSSARY_TERMS).", field="body", limit=cap)  # fmt: skip
    version = _store().put(glossary, name, current_owner())
    response = jsonify(_info(name, version, len(glossary), shared=False))
    response.status_code = 201 if version == 1 else 200
    response.headers["Location"] = url_for("glossaries.get", name=name)
    return response


@bp.get("/<name>")
def get(name: str) -> Response:
    _check_name(name)
    version = _version()
    glossary = _store().find(name, current_owner(), version)
    if glossary is None:
        which = f"{name!r} version {version}" if version else repr(name)
        raise Problem(404, "glossary_not_found", f"No glossary {which}.", field="name")
    fmt = request.args.get("format") or _format_from_accept()
    if fmt not in FORMATS:
        raise Problem(422, "unsupported_format", f"Unknown format {fmt!r}; available: {', '.join(FORMATS)}.",
                      field="format")  # fmt: skip
    body = dump_glossary(glossary, fmt)
    response = Response(body, mimetype=MIME_OF_FORMAT[fmt])
    extension = "csv" if fmt == "csv-sets" else fmt
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.v{glossary.version}.{extension}"'
    response.headers["X-Glossary-Version"] = str(glossary.version)
    return response


@bp.delete("/<name>")
def remove(name: str) -> Response:
    _check_name(name, writable=True)
    owner = current_owner()
    if not _store().delete(name, owner):
        if _store().holder(name, owner) is not None:
            detail = (
                f"Glossary {name!r} is shared by the operator; it can be read but not deleted with a key."
            )
            raise Problem(409, "glossary_read_only", detail, field="name")
        raise Problem(404, "glossary_not_found", f"No glossary {name!r}.", field="name")
    return Response(status=204)


def _version() -> int | None:
    raw = request.args.get("version")
    if raw is None:
        return None
    if not raw.isdigit() or int(raw) < 1:
        raise Problem(422, "invalid_field", "version must be a whole number from 1.", field="version")
    return int(raw)


def _format_from_accept() -> str:
    best = request.accept_mimetypes.best_match(list(FORMAT_OF_MIME), default="application/json")
    return FORMAT_OF_MIME.get(best or "", "json")


def _check_name(name: str, writable: bool = False) -> None:
    if not NAME.match(name):
        detail = "A glossary name is 1-64 lower-case letters, digits, '.', '_' or '-'."
        raise Problem(422, "invalid_field", detail, field="name")
    if writable and name == DEFAULT_NAME:
        detail = "The default glossary is built in; upload yours under another name and name it in the job."
        raise Problem(409, "glossary_read_only", detail, field="name")


def _info(name: str, version: int, terms: int, shared: bool) -> dict[str, Any]:
    return {
        "name": name,
        "version": version,
        "terms": terms,
        "shared": shared,
        "links": {"self": url_for("glossaries.get", name=name)},
    }
