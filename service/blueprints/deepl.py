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
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request
from redis.exceptions import RedisError

from glossary.formats import dump_glossary
from service import deepl_wire as wire
from service import extensions
from service.auth import current_owner
from service.blueprints.jobs import pinned_options
from service.blueprints.translate import translated
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
    supports_formality,
    target_languages,
    warta_code,
)
from service.deepl_tags import Kept, hold_untranslated, tag_names
from service.documents import accept, documents, upload_format
from service.languages import request_context, served_pairs
from service.problems import DIALECTS, Problem
from service.sync_texts import text_fault
from service.validation import parse
from workers.contract.enums import JobStatus
from workers.contract.limits import Limits
from workers.contract.request import TranslateRequest
from workers.documents.formats import MEDIA_TYPES, DocumentFormat
from workers.languages import AUTO
from workers.queue import usage_key
from workers.store.deepl import GlossaryLabel, write_label
from workers.store.documents import DocumentApi, DocumentRecord
from workers.store.glossaries import GlossaryInfo, glossary_owner

bp = Blueprint("deepl", __name__, url_prefix="/v2")
FORMALITIES = {"default", "prefer_less", "prefer_more", "less", "more"}
SPLIT_SENTENCES = {"0", "1", "nonewlines"}
TAG_HANDLING = {"html", "xml"}
TAG_HANDLING_VERSIONS = {"v1", "v2"}
MODEL_TYPES = {
    "quality_optimized",
    "latency_optimized",
    "prefer_quality_optimized",
    "prefer_latency_optimized",
}
FLAGS = ("preserve_formatting", "outline_detection", "show_billed_characters", "enable_beta_languages")
TAG_LISTS = ("ignore_tags", "splitting_tags", "non_splitting_tags")
# DeepL features Warta has no counterpart of: refused with a 400 naming what is missing, never ignored,
# since a client that sends one expects its translation to follow it.
UNSUPPORTED = {
    "style_id": "style rules are not available on this server",
    "translation_memory_id": "translation memories are not available through the DeepL API here",
    "custom_instructions": "its translation models take no instructions",
}
# Where a text too long for ``/v2/translate`` goes: a document is a job, with the article caps.
DOCUMENT_INSTEAD = " Send longer text as a document (POST /v2/document)."
JOB_STATUS = {JobStatus.QUEUED: "queued", JobStatus.RUNNING: "translating", JobStatus.SUCCEEDED: "done"}


DIALECTS[bp.name] = wire.deepl_error


def _pair(params: dict[str, Any]) -> tuple[str, str]:
    """The Warta pair of DeepL's ``source_lang`` (absent: identified, as DeepL does) and ``target_lang``,
    refused as DeepL refuses a code it does not serve, naming what is served."""
    target = wire.string(params, "target_lang")
    if not target:
        raise Problem(400, "invalid_field", "Parameter 'target_lang' not specified.")
    served = served_pairs()
    given = wire.string(params, "source_lang")
    source = warta_code(given, served.sources()) if given else AUTO
    listed = f"served: {served.describe()}; GET /v2/languages lists them"
    if source is None:
        detail = f"Value for 'source_lang' not supported: {given} is not served here ({listed})."
        raise Problem(400, "unsupported_pair", detail)
    found = warta_code(target, served.targets(None if source == AUTO else source))
    if found is None:
        detail = f"Value for 'target_lang' not supported: {given or 'any source'} -> {target} is not served "
        raise Problem(400, "unsupported_pair", detail + f"here ({listed}).")
    return source, found


def _choose(params: dict[str, Any], name: str, allowed: set[str], detail: str) -> str | None:
    value = params.get(name)
    if value is None:
        return None
    text = str(value).lower() if not isinstance(value, bool) else ("1" if value else "0")
    if text not in allowed:
        raise Problem(400, "invalid_field", detail)
    return text


def _check_options(params: dict[str, Any], target: str) -> str | None:
    """The options DeepL defines that change nothing here, checked as DeepL checks them: Warta always
    splits sentences and keeps every line break and the space around each line, has one model for every
    ``model_type``, and its models have no formality control. ``less`` and ``more`` are refused for a
    target DeepL refuses them for, and accepted (the translation is the same) for the others, so clients
    written for DeepL work unchanged; the answer says so in ``Warta-Formality``. Returns the formality
    that was asked and could not be applied."""
    formality = _choose(params, "formality", FORMALITIES, "Value for 'formality' not supported.")
    if formality in ("less", "more") and not supports_formality(target):
        raise Problem(400, "invalid_field", "'formality' is not supported for given 'target_lang'.")
    _choose(params, "split_sentences", SPLIT_SENTENCES, "Value for 'split_sentences' not supported.")
    _choose(params, "tag_handling_version", TAG_HANDLING_VERSIONS, "Value for 'tag_handling_version' not "
            "supported; send 'v1' or 'v2'.")  # fmt: skip
    _choose(params, "model_type", MODEL_TYPES, "Value for 'model_type' not supported.")
    for flag in FLAGS:
        _choose(params, flag, {"0", "1", "true", "false"}, f"Value for '{flag}' not supported.")
    for name in TAG_LISTS:
        given = params.get(name)
        if given is not None and not (isinstance(given, str) or _strings(given)):
            raise Problem(400, "invalid_field", f"Value for '{name}' must be a list of tag names.")
    if params.get("context") is not None:
        wire.string(params, "context")
    for name, why in UNSUPPORTED.items():
        if params.get(name) not in (None, "", []):
            raise Problem(400, "unsupported_feature", f"Value for '{name}' not supported: {why}.")
    return formality if formality not in (None, "default") else None


def _strings(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _answered(response: Response, formality: str | None) -> Response:
    """The answer, saying where a formality was asked that the models could not apply."""
    if formality is not None:
        response.headers["Warta-Formality"] = f"not-applied; asked={formality}"
    return response


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
    params = wire.params()
    owner = current_owner()
    texts = params.get("text")
    if texts is None or texts == []:
        raise Problem(400, "invalid_field", "Parameter 'text' not specified.")
    _check_texts(texts)
    source, target = _pair(params)
    formality = _check_options(params, target)
    tags = _choose(params, "tag_handling", TAG_HANDLING, "Value for 'tag_handling' not supported.")
    glossary = applied_glossary(_one_glossary(params), owner, source, target)
    kept = Kept()
    if tags and isinstance(texts, list) and all(isinstance(text, str) for text in texts):
        ignored = tag_names(params.get("ignore_tags") or [])
        texts = [hold_untranslated(text, ignored, tags == "html", kept) for text in texts]
    payload = {"text": texts, "tag_handling": "html" if tags else None, "glossary": glossary or "default",
               "source_lang": source, "target_lang": target}  # fmt: skip
    translate_request = parse(TranslateRequest, payload, request_context())
    options = pinned_options(translate_request, owner)
    result = translated({"texts": translate_request.texts, "tag_handling": translate_request.tag_handling,
                         "options": options.model_dump(mode="json"), "owner": owner})  # fmt: skip
    sources = [kept.restore(text) for text in translate_request.texts]
    detected = deepl_source(translate_request.pair.source)
    _count_usage(owner, sum(len(text) for text in sources))
    # One model serves every model type: the type asked is the type used.
    model_type = params.get("model_type")
    used = {"model_type_used": str(model_type).lower().removeprefix("prefer_")} if model_type else {}
    translations = [
        {"detected_source_language": detected, "text": kept.restore(t.text), "billed_characters": len(text),
         **used}
        for text, t in zip(sources, result.translations, strict=True)
    ]  # fmt: skip
    return _answered(jsonify(translations=translations), formality)


def _one_glossary(params: dict[str, Any]) -> dict[str, Any]:
    """DeepL's ``glossary_ids`` (glossaries applied in order) where it names one glossary, as
    ``glossary_id``; a translation here applies one glossary, so more are refused."""
    listed = params.get("glossary_ids")
    if listed in (None, []):
        return params
    if params.get("glossary_id") or not isinstance(listed, list) or len(listed) != 1:
        detail = "Value for 'glossary_ids' not supported: send one glossary; a translation applies one here."
        raise Problem(400, "invalid_field", detail)
    return {**params, "glossary_id": listed[0]}


def _check_texts(texts: object) -> None:
    """Each text's size and characters, refused by its number: parsed as a list (as both clients send
    ``text``), a long text was told it "must be a non-empty string". What is no string, or blank, is
    left to the request's own parse, whose message says so."""
    limits = Limits.of(extensions.settings())
    for number, text in enumerate(texts if isinstance(texts, list) else [texts], 1):
        fault = text_fault(text, limits) if isinstance(text, str) else None
        if fault is not None and fault.limit is not None:
            detail = f"Text {number} has {len(text)} characters; one text may have at most {fault.limit}."
            raise Problem(413, "text_too_long", detail + DOCUMENT_INSTEAD, field="text")
        if fault is not None:
            raise Problem(400, fault.code, fault.detail.replace("{field}", f"Text {number}"), field="text")


@bp.route("/usage", methods=["GET", "POST"])
def usage() -> Response:
    """Characters translated under this key. Warta sets no quota, so no ``character_limit`` is sent: the
    clients read a limit of 0 as reached."""
    try:
        count = int(extensions.redis().get(_usage_key(current_owner())) or 0)
    except RedisError as error:
        raise Problem(503, "queue_unavailable", "The usage counter is unreachable; retry shortly.") from error
    return jsonify(character_count=count)


@bp.route("/languages", methods=["GET", "POST"])
def languages() -> Response:
    sent = request.form.get("type", request.args.get("type", wire.params().get("type")))
    kind = "source" if sent is None else str(sent).lower()
    if kind not in ("source", "target"):
        raise Problem(400, "invalid_field", "Value for 'type' not supported; send 'source' or 'target'.")
    served = served_pairs()
    return jsonify(target_languages(served) if kind == "target" else source_languages(served))


@bp.route("/glossary-language-pairs", methods=["GET", "POST"])
def glossary_language_pairs() -> Response:
    """The pairs glossaries are made for: every pair that is served."""
    return jsonify(supported_languages=glossary_pairs())


def _glossary_info(glossary_id: str, owner: str) -> dict[str, Any]:
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


def _described(glossary: GlossaryInfo, label: GlossaryLabel | None) -> dict[str, Any]:
    """DeepL's fields of a glossary; one uploaded to ``/v1/glossaries`` has no label, so its UUID is its
    name. An entry is a stored term (a target with its sources)."""
    return {
        "glossary_id": glossary.name,
        "name": label.name if label else glossary.name,
        "ready": True,
        "source_lang": label.source_lang if label else deepl_code(glossary.source),
        "target_lang": label.target_lang if label else deepl_code(glossary.target),
        "creation_time": wire.timestamp(glossary.created_at),
        "entry_count": glossary.terms,
    }


@bp.post("/glossaries")
def create_glossary() -> Response:
    params = wire.params()
    name = wire.string(params, "name")
    entries = wire.string(params, "entries")
    if not name or not entries:
        raise Problem(400, "invalid_field", "Parameters 'name' and 'entries' are required.")
    pair = glossary_pair(wire.string(params, "source_lang"), wire.string(params, "target_lang"))
    glossary_id = str(uuid.uuid4())
    # Made first: a name the store cannot hold is refused before anything is written.
    label = GlossaryLabel(
        glossary_id, name, deepl_code(pair.source), deepl_code(pair.target), datetime.now(UTC)
    )
    glossary = parse_entries(entries, wire.string(params, "entries_format") or "tsv", glossary_id, pair)
    mine = glossary_owner(current_owner())
    # One transaction: a glossary is never kept without its label (a client retrying would leave it).
    labelled = partial(write_label, owner=mine, label=label)
    extensions.glossaries().put(glossary, glossary_id, mine, alongside=labelled)
    response = jsonify(_glossary_info(glossary_id, current_owner()))
    response.status_code = 201
    return response


@bp.get("/glossaries")
def list_glossaries() -> Response:
    """The key's own glossaries that have a DeepL id: those made here, and any uploaded to
    ``/v1/glossaries`` under a UUID."""
    mine = glossary_owner(current_owner())
    labels = records().labels(mine)
    return jsonify(glossaries=[_described(g, labels.get(g.name)) for g in _own_glossaries(mine)])


@bp.get("/glossaries/<glossary_id>")
def get_glossary(glossary_id: str) -> Response:
    return jsonify(_glossary_info(glossary_id, current_owner()))


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
    params = wire.params()
    upload = request.files.get("file")
    if upload is None and not isinstance(params.get("file"), str):
        raise Problem(400, "invalid_field", "Parameter 'file' not specified.")
    pair = _pair(params)
    formality = _check_options(params, pair[1])
    owner = current_owner()
    glossary = applied_glossary(_one_glossary(params), owner, *pair)
    # A file part, or (as a form field with no file name) the text itself.
    data = upload.read() if upload is not None else str(params["file"]).encode()
    try:
        fmt = upload_format(upload.filename or "" if upload is not None else "", data)
    except Problem as problem:
        # DeepL's clients and their users look for these words in the message.
        detail = f"Invalid file data or file extension: {problem.detail}"
        raise Problem(problem.status, problem.code, detail) from None
    wanted = wire.string(params, "output_format")
    if wanted is not None and wanted.lower().lstrip(".") not in (fmt, "htm" if fmt == "html" else fmt):
        raise Problem(400, "invalid_field", f"Value for 'output_format' not supported: a .{fmt} document is "
                      f"translated into .{fmt}.")  # fmt: skip
    document_id, key = uuid.uuid4().hex.upper(), secrets.token_hex(32).upper()
    accept(data, fmt, owner, (document_id, key), api=DocumentApi.DEEPL, glossary=glossary, pair=pair)
    return _answered(jsonify(document_id=document_id, document_key=key), formality)


def _document(document_id: str) -> DocumentRecord:
    key = wire.string(wire.params(), "document_key")
    record = documents().find(document_id, key or "", current_owner()) if key else None
    if record is None:
        raise Problem(404, "document_not_found", "Document not found.")
    return record


@bp.post("/document/<document_id>")
def document_status(document_id: str) -> Response:
    """The status now: clients poll on their own schedule, so no request thread waits here."""
    record = _document(document_id)
    job = extensions.job_store().get_job(record.job_id)
    if job is None:
        raise Problem(404, "document_not_found", "Document not found.")
    status = JOB_STATUS.get(job.status, "error")
    answer: dict[str, Any] = {"document_id": document_id, "status": status}
    if status == "done":
        answer["billed_characters"] = record.characters
    elif status == "error":
        answer["error_message"] = answer["message"] = job.error_message or f"The translation {job.status}."
    else:
        answer["seconds_remaining"] = _seconds_remaining(job.started_at, job.done, job.total)
    return jsonify(answer)


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
    job = extensions.job_store().get_job(record.job_id)
    if job is None or job.status in (JobStatus.FAILED, JobStatus.CANCELED):
        raise Problem(400, "document_failed", "The document's translation failed; upload it again.")
    if job.status != JobStatus.SUCCEEDED:
        raise Problem(503, "document_not_ready", "Document translation is not done.")
    body = documents().translated(record)
    if body is None:
        raise Problem(400, "document_failed", "The translated document is no longer kept; upload it again.")
    fmt = DocumentFormat(record.format)
    response = Response(body, content_type=MEDIA_TYPES[fmt])
    response.headers["Content-Disposition"] = f'attachment; filename="{document_id.lower()}.{fmt}"'
    return response
