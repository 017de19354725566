"""``/v1/glossaries``: upload, download, list and delete named glossaries in DeepL, Google or JSON shape."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, ClassVar

from flask import Blueprint, Response, request, url_for
from pydantic import BaseModel, Field

from glossary.default import DEFAULT_NAME
from glossary.formats import FORMATS, GlossaryFormatError, GlossaryTooLarge, dump_glossary, parse_glossary
from glossary.model import DEFAULT_SOURCE, DEFAULT_TARGET
from service import extensions
from service.answers import answer
from service.auth import current_owner, writer
from service.problems import Problem
from service.validation import parse
from workers.contract.glossary import GlossaryInfo, GlossaryLinks, GlossaryList
from workers.contract.job import QUERY, query_int
from workers.contract.pairs import TargetLanguage
from workers.settings import env_name
from workers.store.glossaries import ANONYMOUS, NAME, SHARED, GlossaryStore, glossary_owner

bp = Blueprint("glossaries", __name__, url_prefix="/v1/glossaries")

MIME_OF_FORMAT = {"tsv": "text/tab-separated-values", "csv": "text/csv", "csv-sets": "text/csv",
                  "json": "application/json"}  # fmt: skip
FORMAT_OF_MIME = {"text/tab-separated-values": "tsv", "text/tsv": "tsv", "text/csv": "csv",
                  "application/json": "json"}  # fmt: skip


# Versions are numbered from 1; a number past what a database integer holds names none.
MAX_VERSION = 2**31 - 1


# A glossary's source language: read as a target is (a code, never ``auto``), described as a source.
GlossaryLanguage = Annotated[
    TargetLanguage,
    Field(
        description='The language of the sources (e.g. "id").',
        json_schema_extra={"format": "glossary-source"},
    ),
]


class GlossaryQuery(BaseModel):
    """``GET /v1/glossaries/{name}``'s query (``format`` is checked with the Accept header)."""

    model_config = QUERY
    hints: ClassVar[dict[str, str]] = {"version": "a whole number from 1"}

    version: query_int(ge=1, le=MAX_VERSION) | None = None  # type: ignore[valid-type]


class GlossaryWriteQuery(BaseModel):
    """``PUT`` and ``DELETE /v1/glossaries/{name}``'s query (``format`` is checked with Content-Type)."""

    model_config = QUERY
    hints: ClassVar[dict[str, str]] = {"shared": "true or false (true: the operator's shared glossary)"}

    shared: bool = False


class GlossaryPairQuery(GlossaryWriteQuery):
    """``PUT /v1/glossaries/{name}``'s query: the pair the upload is for. Any two languages may be named,
    served or not yet (a newsroom prepares its glossary before the model is deployed); a job applies a
    glossary to the articles of its pair only. Sending none keeps what every glossary meant before
    pairs: Indonesian to English."""

    hints: ClassVar[dict[str, str]] = {
        **GlossaryWriteQuery.hints,
        "source_lang": 'a language code such as "id"',
        "target_lang": 'a language code such as "en"',
    }

    source_lang: GlossaryLanguage = DEFAULT_SOURCE
    target_lang: TargetLanguage = DEFAULT_TARGET


def _store() -> GlossaryStore:
    return extensions.glossaries()


@bp.get("")
def index() -> Response:
    listed = _store().list(glossary_owner(current_owner()))
    return answer(GlossaryList(glossaries=[_info(g.name, g.version, g.terms, g.shared, (g.source, g.target))
                                           for g in listed]))  # fmt: skip


@bp.put("/<name>")
def put(name: str) -> Response:
    _check_name(name, writable=True)
    fmt = _named_format() or FORMAT_OF_MIME.get(request.mimetype)
    if fmt not in FORMATS:
        raise Problem(415, "unsupported_media_type",
                      "Send the glossary as text/tab-separated-values, text/csv or application/json "
                      f"(or name it with ?format={'|'.join(FORMATS)}).", field="Content-Type")  # fmt: skip
    try:
        text = request.get_data().decode("utf-8")
    except UnicodeDecodeError:
        raise Problem(400, "invalid_encoding", "The glossary must be UTF-8 text.", field="body") from None
    cap = extensions.settings().max_glossary_terms
    try:
        glossary = parse_glossary(text, fmt, name, max_terms=cap)
    except GlossaryTooLarge as error:
        detail = (f"{error.count} terms exceed the cap of {cap}; split the glossary or raise "
                  f"{env_name('max_glossary_terms')}.")  # fmt: skip
        raise Problem(413, "glossary_too_large", detail, field="body", limit=cap) from None
    except GlossaryFormatError as error:
        raise Problem(422, "invalid_glossary", str(error), field="body", line=error.line,
                      member=error.member) from None  # fmt: skip
    if not glossary.terms:
        raise Problem(422, "invalid_glossary", "The glossary has no terms.", field="body")
    query = parse(GlossaryPairQuery, request.args.to_dict())
    glossary = replace(glossary, source=query.source_lang, target=query.target_lang)
    holder = _writer()  # after the body's checks: a bad file is the client's to fix first
    if holder == ANONYMOUS and _store().holder(name, SHARED) == SHARED:
        raise _shared_by_operator(name)
    version = _store().put(glossary, name, holder)
    location = {"Location": url_for("glossaries.get", name=name)}
    shared = holder == SHARED
    info = _info(name, version, len(glossary), shared, (glossary.source, glossary.target))
    return answer(info, 201 if version == 1 else 200, location)


@bp.get("/<name>")
def get(name: str) -> Response:
    _check_name(name)
    version = parse(GlossaryQuery, request.args.to_dict()).version
    glossary = _store().find(name, glossary_owner(current_owner()), version)
    if glossary is None:
        which = f"{name!r} version {version}" if version else repr(name)
        raise Problem(404, "glossary_not_found", f"No glossary {which}.", field="name")
    fmt = _named_format() or _format_from_accept()
    if fmt not in FORMATS:
        raise Problem(422, "unsupported_format", f"Unknown format {fmt!r}; available: {', '.join(FORMATS)}.",
                      field="format")  # fmt: skip
    body = dump_glossary(glossary, fmt)
    response = Response(body, mimetype=MIME_OF_FORMAT[fmt])
    extension = "csv" if fmt == "csv-sets" else fmt
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.v{glossary.version}.{extension}"'
    response.headers["X-Glossary-Version"] = str(glossary.version)
    response.headers["X-Glossary-Languages"] = f"{glossary.source}-{glossary.target}"
    return response


@bp.delete("/<name>")
def remove(name: str) -> Response:
    _check_name(name, writable=True)
    holder = _writer()
    if not _store().delete(name, holder):
        if holder != SHARED and _store().holder(name, holder) is not None:
            detail = (
                f"Glossary {name!r} is shared by the operator; it can be read but not deleted here "
                "(an admin key deletes it with ?shared=true)."
            )
            raise Problem(409, "glossary_read_only", detail, field="name")
        raise Problem(404, "glossary_not_found", f"No glossary {name!r}.", field="name")
    return Response(status=204)


def _shared_by_operator(name: str) -> Problem:
    """Clients without a key are one owner: a glossary one of them put over a shared name would replace
    the operator's for every one of them, so only a key may have its own glossary under that name."""
    detail = (
        f"Glossary {name!r} is shared by the operator, and clients without an API key share their "
        f"glossaries: an upload here would change it for all of them. Upload under another name (such as "
        f"'{name[:62]}-2') and name that in your jobs, or send an API key to keep a glossary of this name."
    )
    return Problem(409, "glossary_read_only", detail, field="name")


def _writer() -> str:
    shared = parse(GlossaryWriteQuery, request.args.to_dict()).shared
    return writer(shared, "glossaries", "warta glossary import")


def _named_format() -> str | None:
    """``?format=``, where given: an empty or unknown one is refused, never read as absent."""
    if "format" not in request.args:
        return None
    fmt = request.args["format"]
    if fmt not in FORMATS:
        raise Problem(422, "unsupported_format", f"Unknown format {fmt!r}; available: {', '.join(FORMATS)}.",
                      field="format")  # fmt: skip
    return fmt


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


def _info(name: str, version: int, terms: int, shared: bool, pair: tuple[str, str]) -> GlossaryInfo:
    links = GlossaryLinks(self=url_for("glossaries.get", name=name))
    return GlossaryInfo(name=name, version=version, terms=terms, shared=shared, source_lang=pair[0],
                        target_lang=pair[1], links=links)  # fmt: skip
