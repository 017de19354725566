"""LibreTranslate's API, as LibreTranslate 1.9 serves it, over Warta's own services.

Its clients (libretranslatepy, deep-translator, Mastodon, Weblate, Nextcloud, LibreTranslate's web page)
send the same fields from JSON, a form, multipart or the query string; this blueprint reads them the
way LibreTranslate does (``fields``) and answers in its shapes, errors as ``{"error": …}`` with its
status codes. Every translation goes through ``/v1/translate``'s path (the sync queue, the glossary,
the translation memory, the key's suggestions): nothing here translates, and nothing here may add a
second way to translate. Warta serves Indonesian into English; ``en`` and ``id`` are both known
languages, as in a LibreTranslate with only an id→en package installed, and a language to itself is
the text unchanged, as LibreTranslate's identity translation is.
"""

from __future__ import annotations

import io
import json
import secrets
from pathlib import Path
from typing import Any, TypeVar

from flask import Blueprint, Response, current_app, jsonify, request, send_file, url_for
from pydantic import BaseModel
from werkzeug.exceptions import BadRequest
from werkzeug.utils import secure_filename

from service import extensions
from service.answers import answer
from service.auth import TOKEN_SOURCES, current_owner
from service.blueprints.translate import sync_request, translated
from service.documents import accept, upload_format, wait_for
from service.languages import request_context, served_pairs
from service.libretranslate_params import (
    FILE_FORMATS,
    MISSING,
    LibreDefaultLanguages,
    LibreDetect,
    LibreDetection,
    LibreError,
    LibreFileUrl,
    LibreFrontendSettings,
    LibreHealth,
    LibreKeyed,
    LibreLanguage,
    LibreLanguageName,
    LibreSuccess,
    LibreSuggest,
    LibreTranslate,
    LibreTranslateFile,
    LibreTranslation,
    known,
    targets_of,
    unavailable,
)
from service.problems import DIALECTS, Problem
from service.validation import Fault, parse, parse_params
from workers.contract.enums import JobStatus
from workers.contract.request import TranslateRequest
from workers.documents.formats import KINDS, Kind
from workers.human_memory import sentence_pairs
from workers.lang import profile
from workers.languages import AUTO, base
from workers.languages import name as language_name
from workers.store.api_keys import key_id_of
from workers.store.documents import DocumentApi, key_hash
from workers.store.glossaries import glossary_owner
from workers.store.human_memory import HumanMemoryStore, Pair
from workers.text.language import language_ranks
from workers.text.prepare import prepare_text

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")
bp = Blueprint("libretranslate", __name__)
# Characters of an uploaded file's name kept in its download's name (a long one is cut).
MAX_NAME_STEM = 100
# Warta's statuses as LibreTranslate's: a refused request is 400, a refused key 403 (a missing one 400).
STATUSES = {409: 400, 413: 400, 415: 400, 422: 400}
NO_KEY = "Please contact the server operator to get an API key"


def _error(problem: Problem) -> Response:
    """Every error of this blueprint, the app's own included, as LibreTranslate writes it."""
    status, message = STATUSES.get(problem.status, problem.status), problem.detail
    if problem.status == 401:
        status, message = (400, NO_KEY) if problem.code == "api_key_required" else (403, "Invalid API key")
    elif problem.status == 429:
        message = f"Slowdown: {problem.extra.get('limit', problem.detail)}"
    return answer(LibreError(error=message), status)


def _api_key() -> str | None:
    """The ``api_key`` field, where ``Authorization`` is not sent. Where keys are optional, a value that
    is no Warta key is ignored, as LibreTranslate ignores every key when it has none (deep-translator
    will not run without one); a Warta key, or any key where keys are required, is checked."""
    try:
        found = fields()
    except Problem:
        # A body that is no JSON object is the answer whatever the key (LibreTranslate reads the key from
        # that object too): told to get a key, the client would never learn its JSON is broken.
        if request.method == "POST":
            raise
        return None
    key = parse_params(LibreKeyed, found, _refused).api_key.strip()
    if not key or (key_id_of(key) is None and not extensions.settings().require_api_key):
        return None
    return key


DIALECTS[bp.name] = _error
TOKEN_SOURCES[bp.name] = _api_key


@bp.after_request
def _cors(response: Response) -> Response:
    """LibreTranslate's CORS headers: its web page and browser extensions call it from other origins."""
    response.headers.update({
        "Access-Control-Allow-Origin": "*",
        "Access-Control-Allow-Headers": "Authorization, Content-Type",
        "Access-Control-Expose-Headers": "Authorization",
        "Access-Control-Allow-Methods": "GET, POST",
        "Access-Control-Allow-Credentials": "true",
        "Access-Control-Max-Age": "1728000",
    })  # fmt: skip
    return response


def fields() -> dict[str, Any]:
    """The request's fields as LibreTranslate reads them: the JSON object where the body is JSON (the
    query string then ignored), else the query string and the form (the query string first)."""
    if not request.is_json:
        return {key: request.values.get(key) for key in request.values}
    try:
        found = request.get_json()
    except BadRequest:
        raise Problem(400, "invalid_json", f"Invalid JSON format: {_json_fault()}") from None
    if not isinstance(found, dict):
        raise Problem(400, "invalid_json", "Invalid JSON format")
    return found


def _json_fault() -> str:
    """Why the body is not JSON, as the parser says it (Flask's own error names no cause)."""
    try:
        json.loads(request.get_data())
    except ValueError as error:
        return str(error)
    return "the body could not be read as JSON"


def parsed(model: type[M], given: dict[str, Any] | None = None) -> M:
    """The request's fields (``given``, or ``fields()``) as ``model`` (``service/libretranslate_params.py``),
    checked against the server's caps and served languages, refused in LibreTranslate's words."""
    return parse_params(model, fields() if given is None else given, _refused, request_context())


def _refused(fault: Fault) -> Problem:
    if fault.missing:
        return _missing(fault.name)
    detail = f"Invalid request: {fault.name} must be {fault.hint or 'valid'}"
    return Problem(400, "invalid_field", detail, field=fault.name)


def _missing(name: str) -> Problem:
    return Problem(400, "missing_parameter", MISSING.format(name=name), field=name)


def detections(text: str) -> list[LibreDetection]:
    """The languages served from, most likely first, with LibreTranslate's 0–100 confidence; a
    language's neighbours that are not served count as it (Malay as Indonesian, as the job check)."""
    pairs = served_pairs()
    served = pairs.sources() or known(pairs)
    groups = {
        code: (base(code), *(n for n in profile(code).neighbours if n not in served)) for code in served
    }
    ranks = language_ranks(text, groups)
    found = [LibreDetection(confidence=float(round(p * 100)), language=code) for code, p in ranks]
    return found or [LibreDetection(confidence=0.0, language=served[0])]


def _each(values: list[T], batch: bool) -> T | list[T]:
    """A list where ``q`` was one, else its one member: LibreTranslate answers in ``q``'s shape."""
    return values if batch else values[0]


@bp.post("/translate")
def translate() -> Response:
    asked = parsed(LibreTranslate)
    # A form's line breaks are made "\n" once its texts are checked as sent.
    texts = asked.texts if request.is_json else ["\n".join(t.splitlines()) for t in asked.texts]
    detected = detections("\n".join(texts))[0] if asked.source == AUTO else None
    source = detected.language if detected is not None else asked.source
    if (why := unavailable(source, asked.target, served_pairs())) is not None:
        raise Problem(400, "unsupported_pair", why)
    others: list[list[str]] = [[] for _ in texts]
    if source == asked.target:
        made = texts
    else:
        made, others = translation(asked, texts, source)
    alternatives: list[str] | list[list[str]] | None = None
    if asked.alternatives > 0:
        alternatives = _each(others, asked.batch)
    language = None if detected is None else _each([detected] * len(texts), asked.batch)
    return answer(LibreTranslation(translatedText=_each(made, asked.batch), alternatives=alternatives,
                                   detectedLanguage=language))  # fmt: skip


def translation(asked: LibreTranslate, texts: list[str], source: str) -> tuple[list[str], list[list[str]]]:
    """``texts`` translated from ``source`` through ``/v1/translate``'s path, with the default glossary,
    and each one's alternatives (none unless asked for)."""
    translate_request = parse(TranslateRequest, asked.request(texts, source), request_context())
    result = translated(sync_request(translate_request, current_owner(), asked.alternatives))
    return [t.text for t in result.translations], [t.alternatives or [] for t in result.translations]


@bp.post("/detect")
def detect() -> Response:
    asked = parsed(LibreDetect)
    return _listed(detections("\n".join(asked.texts)))


def _listed(models: list[LibreDetection] | list[LibreLanguage]) -> Response:
    """A JSON array of answers (``/detect``'s, ``/languages``')."""
    return jsonify([model.model_dump(mode="json") for model in models])


@bp.get("/languages")
def languages() -> Response:
    served = served_pairs()
    return _listed([
        LibreLanguage(code=code, name=language_name(code), targets=targets_of(code, served))
        for code in known(served)
    ])  # fmt: skip


@bp.get("/frontend/settings")
def frontend_settings() -> Response:
    settings = extensions.settings()
    defaults = LibreDefaultLanguages(source=LibreLanguageName(code="auto", name="Auto Detect"),
                                     target=LibreLanguageName(code="en", name="English"))  # fmt: skip
    return answer(LibreFrontendSettings(
        charLimit=settings.max_sync_chars, frontendTimeout=500, apiKeys=True,
        keyRequired=settings.require_api_key, suggestions=settings.suggestions, filesTranslation=True,
        supportedFilesFormat=FILE_FORMATS, language=defaults,
    ))  # fmt: skip


@bp.get("/health")
def health() -> Response:
    """LibreTranslate's liveness answer (Warta's own is ``/healthz``)."""
    return answer(LibreHealth(status="ok"))


@bp.get("/spec")
def api_spec() -> Response:
    """Where LibreTranslate serves its API's description: Warta's OpenAPI document."""
    return jsonify(current_app.view_functions["openapi.spec"]())


@bp.post("/suggest")
def suggest() -> Response:
    """A key's English for a sentence, kept in its human translation memory: its later translations of
    that sentence use it (``workers/human_memory.py``, whose ``sentence_pairs`` says how a text of
    several sentences is kept)."""
    asked = parsed(LibreSuggest)
    if not extensions.settings().suggestions:
        raise Problem(403, "suggestions_disabled", "Suggestions are disabled on this server.")
    pair = (asked.source, asked.target)
    # Text of controls alone is nothing once normalized: as good as missing.
    pairs = sentence_pairs(Pair(asked.q, asked.s), pair)
    if not pairs:
        raise _missing("q" if not prepare_text(asked.q, clean=False).sentences else "s")
    if asked.source != asked.target:
        # A sentence's "translation" into its own language would only fill the memory with no-ops; the
        # client is answered as LibreTranslate answers every suggestion it takes.
        owner = glossary_owner(current_owner())
        HumanMemoryStore(extensions.job_store().engine).remember(owner, pairs, "suggest", owner, None, pair)
    return answer(LibreSuccess(success=True))


@bp.post("/translate_file")
def translate_file() -> Response:
    """A .txt, .html or .docx translated whole while the client waits, as a document job on the sync
    queue (``workers/documents/`` keeps its layout), and kept in the store for its download link. Only
    files up to ``WARTA_MAX_SYNC_FILE_BYTES`` are taken here: bigger ones go to ``/v2/document``, which
    answers before it translates."""
    if "file" not in request.files:
        raise Problem(400, "missing_file", BadRequest.description)
    upload = request.files["file"]
    asked = parsed(LibreTranslateFile, {**request.form.to_dict(), "file": upload.filename or ""})
    # ``auto`` leaves the file's language to the worker that reads it; a file into its own language
    # comes back as sent.
    source, target = asked.source, asked.target
    suffix = Path(secure_filename(asked.file)).suffix.lower()
    settings = extensions.settings()
    data = upload.read(settings.max_sync_file_bytes + 1)
    if len(data) > settings.max_sync_file_bytes:
        cap = settings.max_sync_file_bytes
        raise Problem(400, "file_too_large", f"Invalid request: the file is over {cap} bytes "
                      "(WARTA_MAX_SYNC_FILE_BYTES), the most translated while a client waits; send it to "
                      "POST /v2/document, which translates it as a job.", limit=cap)  # fmt: skip
    try:
        fmt = upload_format(f"file{suffix}", data)
    except Problem as problem:
        raise Problem(400, "invalid_file", f"Invalid request: {problem.detail}") from None
    token, name = secrets.token_hex(16), download_name(asked.file, target, fmt.output)
    api = DocumentApi.LIBRETRANSLATE
    handle, owner = (key_hash(token)[:32], token), current_owner()
    accepted = accept(data, fmt, owner, handle, api=api, name=name, waited_for=True, pair=(source, target))
    if accepted.job_id:  # a file into its own language has no job: it is kept as it came
        _finished(accepted.job_id, settings.sync_timeout)
    url = url_for(".download_file", filename=f"{token}.{name}", _external=True)
    return answer(LibreFileUrl(translatedFileUrl=url))


def _finished(job_id: str, seconds: float) -> None:
    """Wait for the file's job: past ``seconds`` it is canceled (nobody waits for it any more) and the
    answer is 504; a failed job is the client's 400 with the job's message."""
    job = wait_for(job_id, seconds)
    if job is None:
        extensions.job_store().cancel(job_id)
        raise Problem(504, "sync_timeout", f"No worker translated the file within {seconds:g} s "
                      "(WARTA_SYNC_TIMEOUT); send it to POST /v2/document instead.")  # fmt: skip
    if job.status != JobStatus.SUCCEEDED:
        why = job.error_message or f"the translation {job.status}"
        raise Problem(400, "invalid_file", f"Invalid request: {why}")


def download_name(uploaded: str, target: str, written: Kind) -> str:
    """The name a translated file downloads as: the upload's, made safe and short, with the target code
    (and the extension of the format it is written in, where that is another: a PDF's is .docx)."""
    path = Path(secure_filename(uploaded))
    stem = path.stem[:MAX_NAME_STEM] or "file"
    suffix = path.suffix.lower() if path.suffix.lower() in written.extensions else written.extensions[0]
    return f"{stem}_{target}{suffix}"


@bp.get("/download_file/<filename>")
def download_file(filename: str) -> Response:
    """A translated file from the store (any API process serves it), named as uploaded with the target
    code; the part before the first dot is the link's secret."""
    token, _, name = filename.partition(".")
    record = extensions.documents().find(key_hash(token)[:32], token, owner=None) if token and name else None
    body = extensions.documents().translated(record) if record is not None and record.name == name else None
    if record is None or body is None:
        raise Problem(404, "not_found", "The file is not there: it expired or was never made.")
    written = KINDS[record.format].output
    return send_file(io.BytesIO(body), mimetype=written.media_type, as_attachment=True, download_name=name)
