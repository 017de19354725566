"""DeepL API v2 at DeepL's own paths (``/v2/...``), so DeepL's official clients work unchanged with
``server_url`` pointed here.

A thin layer over Warta's own services, never a second implementation: ``/v2/translate`` goes through
``translated`` (the sync queue, as ``/v1/translate``), a DeepL glossary is a Warta glossary named by its
UUID, a document is a Warta job, and the keys, rate limits and metrics are the API's. What differs is
only the wire: DeepL's clients send JSON (deepl-python) or form fields (deepl-node, ``text`` repeated),
language codes in either case, booleans as ``true`` or ``"1"``, and read errors as ``{"message"}`` with
DeepL's statuses. A client error is never a 5xx: both clients retry those for many seconds.
"""

from __future__ import annotations

import secrets
import uuid
from datetime import UTC, datetime
from functools import partial

from flask import Blueprint, Response, current_app, jsonify, request
from redis.exceptions import RedisError

from glossary.formats import dump_glossary
from service import deepl_wire as wire
from service import extensions
from service.auth import current_owner
from service.blueprints.translate import sync_request, translated
from service.deepl_glossaries import (
    applied_glossary,
    deepl_code,
    glossary_pair,
    glossary_pairs,
    parse_entries,
    records,
)
from service.deepl_languages import (
    deepl_source,
    source_languages,
    target_languages,
)
from service.deepl_params import (
    DeepLDocument,
    DeepLDocumentHandle,
    DeepLDocumentKey,
    DeepLDocumentStatus,
    DeepLGlossaries,
    DeepLGlossary,
    DeepLGlossaryCreate,
    DeepLGlossaryPair,
    DeepLGlossaryPairs,
    DeepLLanguage,
    DeepLLanguagesQuery,
    DeepLTranslate,
    DeepLTranslation,
    DeepLTranslations,
    DeepLUsage,
)
from service.documents import accept, upload_format
from service.languages import request_context, served_pairs
from service.problems import DIALECTS, Problem
from service.validation import parse
from workers.contract.base import Document
from workers.contract.enums import JobStatus
from workers.contract.request import TranslateRequest
from workers.documents.formats import KINDS
from workers.queue import usage_key
from workers.store.deepl import GlossaryLabel, write_label
from workers.store.documents import DocumentApi, DocumentRecord
from workers.store.glossaries import GlossaryInfo, glossary_owner

bp = Blueprint("deepl", __name__, url_prefix="/v2")
JOB_STATUS = {JobStatus.QUEUED: "queued", JobStatus.RUNNING: "translating", JobStatus.SUCCEEDED: "done"}


DIALECTS[bp.name] = wire.deepl_error


def _answered(answer: Document, formality: str | None = None, status: int = 200) -> Response:
    """The answer model as DeepL's JSON, saying where a formality was asked that the models could not
    apply."""
    response = jsonify(answer.model_dump(mode="json"))
    response.status_code = status
    if formality is not None:
        response.headers["Warta-Formality"] = f"not-applied; asked={formality}"
    return response


def _unchanged(asked: DeepLTranslate, owner: str) -> Response:
    """Texts into their own language come back as they are, billed as DeepL bills them."""
    detected = deepl_source(asked.pair[0])
    _count_usage(owner, sum(len(text) for text in asked.texts))
    translations = [
        DeepLTranslation(detected_source_language=detected, text=text, billed_characters=len(text))
        for text in asked.texts
    ]
    return _answered(DeepLTranslations(translations=translations), asked.formality_not_applied)


def _count_usage(owner: str, characters: int) -> None:
    """Characters translated under the key, for ``/v2/usage``; a counter lost to a Redis outage is not
    worth refusing a translation that was made."""
    try:
        extensions.redis().incrby(_usage_key(owner), characters)
    except RedisError:
        current_app.logger.warning("could not count DeepL usage for %r", owner)


def _usage_key(owner: str) -> str:
    return usage_key(extensions.settings(), glossary_owner(owner))


@bp.post("/translate")
def translate() -> Response:
    asked = wire.parsed(DeepLTranslate)
    owner = current_owner()
    if asked.identity:
        return _unchanged(asked, owner)
    glossary = applied_glossary(asked.glossary, owner, *asked.pair)
    translate_request = parse(TranslateRequest, asked.request(glossary), request_context())
    result = translated(sync_request(translate_request, owner, tags=asked.tag_options()))
    sources = translate_request.texts
    detected = deepl_source(translate_request.pair.source)
    _count_usage(owner, sum(len(text) for text in sources))
    # One model serves every model type: the type asked is the type used.
    used = asked.model_type.removeprefix("prefer_") if asked.model_type else None
    translations = [
        DeepLTranslation(detected_source_language=detected, text=t.text,
                         billed_characters=len(text), model_type_used=used)
        for text, t in zip(sources, result.translations, strict=True)
    ]  # fmt: skip
    return _answered(DeepLTranslations(translations=translations), asked.formality_not_applied)


@bp.route("/usage", methods=["GET", "POST"])
def usage() -> Response:
    """Characters translated under this key. Warta sets no quota, so no ``character_limit`` is sent: the
    clients read a limit of 0 as reached."""
    try:
        count = int(extensions.redis().get(_usage_key(current_owner())) or 0)
    except RedisError as error:
        raise Problem(503, "queue_unavailable", "The usage counter is unreachable; retry shortly.") from error
    return _answered(DeepLUsage(character_count=count))


@bp.route("/languages", methods=["GET", "POST"])
def languages() -> Response:
    kind = wire.parsed(DeepLLanguagesQuery).type
    served = served_pairs()
    listed = target_languages(served) if kind == "target" else source_languages(served)
    return jsonify([DeepLLanguage(**language).model_dump(mode="json") for language in listed])


@bp.route("/glossary-language-pairs", methods=["GET", "POST"])
def glossary_language_pairs() -> Response:
    """The pairs glossaries are made for: every pair that is served."""
    pairs = [DeepLGlossaryPair(**pair) for pair in glossary_pairs()]
    return _answered(DeepLGlossaryPairs(supported_languages=pairs))


def _glossary_info(glossary_id: str, owner: str) -> DeepLGlossary:
    """The glossary as DeepL describes one; 404 where the owner has no glossary of that id."""
    if not wire.UUID.match(glossary_id):
        raise Problem(400, "invalid_field", "Value for 'glossary_id' is not a valid glossary id.")
    mine = glossary_owner(owner)
    found = next((g for g in _own_glossaries(mine) if g.name == glossary_id), None)
    if found is None:
        raise Problem(404, "glossary_not_found", "Glossary not found.")
    return _described(found, records().labels(mine).get(glossary_id))


def _own_glossaries(owner: str) -> list[GlossaryInfo]:
    """The owner's own glossaries with a DeepL id, from one listing query: their stored term counts, so
    no glossary's terms are read."""
    listed = extensions.glossaries().list(owner)
    return [g for g in listed if not g.shared and wire.UUID.match(g.name)]


def _described(glossary: GlossaryInfo, label: GlossaryLabel | None) -> DeepLGlossary:
    """DeepL's fields of a glossary; one uploaded to ``/v1/glossaries`` has no label, so its UUID is its
    name. An entry is a stored term (a target with its sources)."""
    return DeepLGlossary(
        glossary_id=glossary.name,
        name=label.name if label else glossary.name,
        ready=True,
        source_lang=label.source_lang if label else deepl_code(glossary.source),
        target_lang=label.target_lang if label else deepl_code(glossary.target),
        creation_time=wire.timestamp(glossary.created_at),
        entry_count=glossary.terms,
    )


@bp.post("/glossaries")
def create_glossary() -> Response:
    asked = wire.parsed(DeepLGlossaryCreate)
    pair = glossary_pair(asked.source_lang, asked.target_lang)
    glossary_id = str(uuid.uuid4())
    # Made first: a name the store cannot hold is refused before anything is written.
    label = GlossaryLabel(
        glossary_id, asked.name, deepl_code(pair.source), deepl_code(pair.target), datetime.now(UTC)
    )
    glossary = parse_entries(asked.entries, asked.entries_format, glossary_id, pair)
    mine = glossary_owner(current_owner())
    # One transaction: a glossary is never kept without its label (a client retrying would leave it).
    labelled = partial(write_label, owner=mine, label=label)
    extensions.glossaries().put(glossary, glossary_id, mine, alongside=labelled)
    return _answered(_glossary_info(glossary_id, current_owner()), status=201)


@bp.get("/glossaries")
def list_glossaries() -> Response:
    """The key's own glossaries that have a DeepL id: those made here, and any uploaded to
    ``/v1/glossaries`` under a UUID."""
    mine = glossary_owner(current_owner())
    labels = records().labels(mine)
    return _answered(
        DeepLGlossaries(glossaries=[_described(g, labels.get(g.name)) for g in _own_glossaries(mine)])
    )


@bp.get("/glossaries/<glossary_id>")
def get_glossary(glossary_id: str) -> Response:
    return _answered(_glossary_info(glossary_id, current_owner()))


@bp.get("/glossaries/<glossary_id>/entries")
def glossary_entries(glossary_id: str) -> Response:
    """TSV whatever the Accept header says: deepl-node sends axios' ``application/json, …``."""
    _glossary_info(glossary_id, current_owner())
    glossary = extensions.glossaries().get(glossary_id, owner=glossary_owner(current_owner()))
    assert glossary is not None
    return Response(dump_glossary(glossary, "tsv"), content_type="text/tab-separated-values; charset=UTF-8")


@bp.delete("/glossaries/<glossary_id>")
def delete_glossary(glossary_id: str) -> Response:
    _glossary_info(glossary_id, current_owner())
    mine = glossary_owner(current_owner())
    extensions.glossaries().delete(glossary_id, mine)
    records().forget_label(mine, glossary_id)
    return Response(status=204)


@bp.post("/document")
def upload_document() -> Response:
    """The file is stored and becomes a Warta job (only translation, nothing cleaned away: every line is
    a paragraph of the result); a worker reads it, so the answer comes before any of it is parsed."""
    upload = request.files.get("file")
    asked = wire.parsed(DeepLDocument)
    if upload is None and asked.file is None:
        raise Problem(400, "invalid_field", "Parameter 'file' not specified.")
    owner = current_owner()
    glossary = applied_glossary(asked.glossary, owner, *asked.pair)
    # A file part, or (as a form field with no file name) the text itself.
    data = upload.read() if upload is not None else str(asked.file).encode()
    try:
        fmt = upload_format(upload.filename or "" if upload is not None else "", data)
    except Problem as problem:
        # DeepL's clients and their users look for these words in the message.
        detail = f"Invalid file data or file extension: {problem.detail}"
        raise Problem(problem.status, problem.code, detail) from None
    wanted, written = asked.output_format, fmt.output
    if wanted is not None and f".{wanted.lower().lstrip('.')}" not in written.extensions:
        raise Problem(400, "invalid_field", f"Value for 'output_format' not supported: a {fmt.extensions[0]} "
                      f"document is translated into {written.extensions[0]}.")  # fmt: skip
    document_id, key = uuid.uuid4().hex.upper(), secrets.token_hex(32).upper()
    accept(data, fmt, owner, (document_id, key), api=DocumentApi.DEEPL, glossary=glossary, pair=asked.pair)
    return _answered(
        DeepLDocumentHandle(document_id=document_id, document_key=key), asked.formality_not_applied
    )


def _document(document_id: str) -> DocumentRecord:
    key = wire.parsed(DeepLDocumentKey).document_key
    record = extensions.documents().find(document_id, key, current_owner())
    if record is None:
        raise Problem(404, "document_not_found", "Document not found.")
    return record


@bp.post("/document/<document_id>")
def document_status(document_id: str) -> Response:
    """The status now: clients poll on their own schedule, so no request thread waits here."""
    record = _document(document_id)
    if not record.job_id:  # into its own language: done at upload
        return _answered(DeepLDocumentStatus(document_id=document_id, status="done", billed_characters=0))
    job = extensions.job_store().get_job(record.job_id)
    if job is None:
        raise Problem(404, "document_not_found", "Document not found.")
    answer = DeepLDocumentStatus(document_id=document_id, status=JOB_STATUS.get(job.status, "error"))
    if answer.status == "done":
        answer.billed_characters = record.characters
    elif answer.status == "error":
        answer.error_message = answer.message = job.error_message or f"The translation {job.status}."
    else:
        answer.seconds_remaining = _seconds_remaining(job.started_at, job.done, job.total)
    return _answered(answer)


def _seconds_remaining(started: datetime | None, done: int, total: int) -> int:
    """The time left at the pace so far; a job not yet started is guessed at a second a line."""
    if started is None or done <= 0:
        return max(1, total)
    elapsed = (datetime.now(UTC) - started).total_seconds()
    return max(0, round(elapsed * (total - done) / done))


@bp.post("/document/<document_id>/result")
def document_result(document_id: str) -> Response:
    """The translated file as the worker stored it: nothing is rebuilt here."""
    record = _document(document_id)
    job = extensions.job_store().get_job(record.job_id) if record.job_id else None
    if record.job_id and (job is None or job.status in (JobStatus.FAILED, JobStatus.CANCELED)):
        raise Problem(400, "document_failed", "The document's translation failed; upload it again.")
    if job is not None and job.status != JobStatus.SUCCEEDED:
        raise Problem(503, "document_not_ready", "Document translation is not done.")
    body = extensions.documents().translated(record)
    if body is None:
        raise Problem(400, "document_failed", "The translated document is no longer kept; upload it again.")
    written = KINDS[record.format].output
    response = Response(body, content_type=written.media_type)
    filename = f"{document_id.lower()}{written.extensions[0]}"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
