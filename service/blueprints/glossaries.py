"""``/v1/glossaries``: upload, download, list and delete named glossaries in DeepL, Google or JSON shape."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, ClassVar

from flask import Blueprint, Response, request, url_for
from pydantic import BaseModel, Field

from glossary.default import DEFAULT_NAME
from glossary.editing import edited, page_of
from glossary.formats import FORMATS, GlossaryFormatError, GlossaryTooLarge, dump_glossary, parse_glossary
from glossary.model import DEFAULT_SOURCE, DEFAULT_TARGET, Glossary
from service import extensions
from service.answers import answer
from service.auth import current_owner, writer
from service.preconditions import etag, if_match
from service.problems import Problem
from service.validation import json_body, parse
from workers.contract.glossary import (
    GlossaryEdit,
    GlossaryInfo,
    GlossaryLinks,
    GlossaryList,
    GlossaryTermPage,
    GlossaryTermsQuery,
)
from workers.contract.job import QUERY, query_int
from workers.contract.limits import Limits
from workers.contract.pairs import TargetLanguage
from workers.settings import env_name
from workers.store.glossaries import ANONYMOUS, NAME, SHARED, GlossaryStore, VersionConflict, glossary_owner

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
        raise _too_large(error) from None
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


@bp.get("/<name>/terms")
def terms(name: str) -> Response:
    """One page of the latest version's terms, searched and sorted here: an editor of any glossary reads
    fifty terms, never the whole file."""
    _check_name(name)
    query = parse(GlossaryTermsQuery, request.args.to_dict())
    glossary = _store().find(name, glossary_owner(current_owner()))
    if glossary is None:
        raise Problem(404, "glossary_not_found", f"No glossary {name!r}.", field="name")
    found = page_of(glossary, query.q, query.sort, query.order, query.page, query.limit)
    listed = GlossaryTermPage(
        name=name, version=glossary.version, source_lang=glossary.source, target_lang=glossary.target,
        total=len(glossary), matching=found.matching, page=found.page, pages=found.pages, limit=query.limit,
        terms=[t.entry() for t in found.terms],
    )  # fmt: skip
    return answer(listed, headers=etag(glossary.version))


@bp.patch("/<name>")
def patch(name: str) -> Response:
    """Add, change and delete terms of the latest version, making the next one; every term the edit does
    not name is kept whole. The version edited is named in If-Match, as a sentence's revision is: a save
    over a version someone else saved meanwhile is 412, never a silent loss of their terms."""
    _check_name(name, writable=True)
    limits = Limits.of(extensions.settings())
    change = parse(
        GlossaryEdit, json_body("the edit", 'send {"upsert": [...], "delete": [...]}'), limits.context()
    )
    expected = if_match("version", "GET /v1/glossaries/{name}/terms")
    holder = _writer()  # after the request's own checks, as for an upload
    store = _store()
    if store.holder(name, holder) != holder:
        if store.holder(name, SHARED) == SHARED:
            raise _operators(name, "edits")
        raise Problem(404, "glossary_not_found", f"No glossary {name!r}.", field="name")

    def applied(glossary: Glossary) -> Glossary:
        if not change.upsert and not change.delete:
            return glossary
        return edited(glossary, change.upsert, change.delete, limits.max_glossary_terms)

    try:
        saved = store.edit(name, holder, expected, applied)
    except VersionConflict as conflict:
        current = _info(name, conflict.version, conflict.terms, holder == SHARED, conflict.pair)
        detail = (f"Glossary {name!r} was saved by someone else since version {expected}; it is now at "
                  f"version {conflict.version}. Fix: read its terms again, make your change there and save "
                  f'with If-Match: "{conflict.version}".')  # fmt: skip
        raise Problem(412, "edit_conflict", detail, field="If-Match",
                      current=current.model_dump(mode="json")) from None  # fmt: skip
    except GlossaryTooLarge as error:
        raise _too_large(error) from None
    except GlossaryFormatError as error:
        raise Problem(
            422, "invalid_glossary", f"{error.member}: {error.problem}.", field=error.member
        ) from None
    if saved is None:
        raise Problem(404, "glossary_not_found", f"No glossary {name!r}.", field="name")
    info = _info(name, saved.version, len(saved), holder == SHARED, (saved.source, saved.target))
    return answer(info, headers=etag(saved.version))


def _too_large(error: GlossaryTooLarge) -> Problem:
    detail = (f"{error.count} terms exceed the cap of {error.limit}; split the glossary or raise "
              f"{env_name('max_glossary_terms')}.")  # fmt: skip
    return Problem(413, "glossary_too_large", detail, field="body", limit=error.limit)


@bp.delete("/<name>")
def remove(name: str) -> Response:
    _check_name(name, writable=True)
    holder = _writer()
    if not _store().delete(name, holder):
        if holder != SHARED and _store().holder(name, holder) is not None:
            raise _operators(name, "deletes")
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


def _operators(name: str, action: str) -> Problem:
    """A key changes its own glossaries; a shared one every key reads is the operator's to change."""
    detail = (
        f"Glossary {name!r} is shared by the operator and read-only here: an admin key {action} it with "
        f"?shared=true. Fix: download it, upload it under a name of your own (such as '{name[:62]}-2') and "
        "use that."
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
