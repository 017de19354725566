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
import re
import secrets
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request, send_file, url_for
from werkzeug.exceptions import BadRequest
from werkzeug.utils import secure_filename

from service import extensions
from service.auth import TOKEN_SOURCES, current_owner
from service.blueprints.jobs import pinned_options
from service.blueprints.translate import translated
from service.documents import accept, documents, upload_format, wait_for
from service.languages import request_context, served_pairs
from service.problems import DIALECTS, Problem
from service.sync_texts import text_fault
from service.validation import parse
from workers.alternatives import MAX_ALTERNATIVES
from workers.contract.enums import MAX_SYNC_TEXTS, JobStatus
from workers.contract.limits import Limits
from workers.contract.request import TranslateRequest
from workers.contract.sync import TranslateResult
from workers.documents.formats import MEDIA_TYPES, DocumentFormat
from workers.human_memory import sentence_pairs
from workers.lang import profile
from workers.languages import AUTO, UnknownLanguage, base, closest, normalize
from workers.languages import name as language_name
from workers.store.api_keys import key_id_of
from workers.store.documents import DocumentApi, DocumentRecord, key_hash
from workers.store.glossaries import glossary_owner
from workers.store.human_memory import HumanMemoryStore, Pair
from workers.text.language import language_ranks
from workers.text.prepare import prepare_text

bp = Blueprint("libretranslate", __name__)
# LibreTranslate's own spellings of some languages (its ``iso2model``), read as the languages they mean.
ALIASES = {"pb": "pt-BR", "zt": "zh-Hant"}
FILE_FORMATS = [".txt", ".html", ".docx"]
# Characters of an uploaded file's name kept in its download's name (a long one is cut).
MAX_NAME_STEM = 100
# Warta's statuses as LibreTranslate's: a refused request is 400, a refused key 403 (a missing one 400).
STATUSES = {409: 400, 413: 400, 415: 400, 422: 400}
NO_KEY = "Please contact the server operator to get an API key"
DIGITS = re.compile("[0-9]+")


def _error(problem: Problem) -> Response:
    """Every error of this blueprint, the app's own included, as LibreTranslate writes it."""
    status, message = STATUSES.get(problem.status, problem.status), problem.detail
    if problem.status == 401:
        status, message = (400, NO_KEY) if problem.code == "api_key_required" else (403, "Invalid API key")
    elif problem.status == 429:
        message = f"Slowdown: {problem.extra.get('limit', problem.detail)}"
    response = jsonify({"error": message})
    response.status_code = status
    return response


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
    if "api_key" not in found:
        return None
    given = found["api_key"]
    if not isinstance(given, str):
        raise Problem(400, "invalid_field", "Invalid request: api_key must be a string")
    key = given.strip()
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


def _texts(q: object, name: str = "q") -> list[str]:
    """``q`` as its texts: a string, or (from JSON) a list of strings, within the synchronous cap all
    together and each checked as the contract checks a synchronous text (``service/sync_texts.py``), in
    LibreTranslate's words."""
    texts = q if isinstance(q, list) else [q]
    if not all(isinstance(t, str) for t in texts):
        raise Problem(
            400, "invalid_field", f"Invalid request: {name} must be a string or a list of strings", field=name
        )
    limits = Limits.of(extensions.settings())
    # LibreTranslate's char_limit counts every text of the request together, and so does Warta's cap:
    # checked before anything reads the texts (``source: auto`` detects their language).
    chars = sum(len(text) for text in texts)
    if chars > limits.max_sync_chars:
        detail = f"Invalid request: request ({chars}) exceeds text limit ({limits.max_sync_chars})"
        raise Problem(400, "text_too_long", detail, field=name, limit=limits.max_sync_chars)
    for text in texts:
        fault = text_fault(text, limits)
        if fault is not None:
            raise Problem(
                400, fault.code, "Invalid request: " + fault.detail.replace("{field}", name), field=name
            )
    return [str(t) for t in texts]


def _missing(name: str) -> Problem:
    return Problem(400, "missing_parameter", f"Invalid request: missing {name} parameter", field=name)


def _known() -> list[str]:
    """Every language served, as a source or a target: LibreTranslate lists each, with its targets."""
    served = served_pairs()
    return sorted({*served.sources(), *served.targets()})


def _language(code: object, auto: bool = True) -> str:
    """A language code as LibreTranslate matches it (any case, its aliases); refused when not served."""
    given = str(code).strip()
    if auto and given.lower() == AUTO:
        return AUTO
    try:
        found = closest(normalize(ALIASES.get(given.lower(), given)), _known())
    except UnknownLanguage:
        found = None
    if found is None:
        raise Problem(400, "unsupported_language", f"{code} is not supported")
    return found


def _targets(source: str) -> list[str]:
    """What ``source`` translates into here: the served targets, and itself (the text unchanged, as
    LibreTranslate's identity translation)."""
    return sorted({source, *served_pairs().targets(source)})


def _pair(source: str, target: str) -> None:
    if target not in _targets(source):
        detail = f"{language_name(target)} ({target}) is not available as a target language from "
        raise Problem(400, "unsupported_pair", detail + f"{language_name(source)} ({source})")


def detections(text: str) -> list[dict[str, Any]]:
    """The languages served from, most likely first, with LibreTranslate's 0–100 confidence; a
    language's neighbours that are not served count as it (Malay as Indonesian, as the job check)."""
    served = served_pairs().sources() or _known()
    groups = {
        code: (base(code), *(n for n in profile(code).neighbours if n not in served)) for code in served
    }
    ranks = language_ranks(text, groups)
    found = [{"confidence": float(round(p * 100)), "language": code} for code, p in ranks]
    return found or [{"confidence": 0.0, "language": served[0]}]


def translation(
    texts: list[str], pair: tuple[str, str], html: bool = False, alternatives: int = 0
) -> TranslateResult:
    """``texts`` translated through ``/v1/translate``'s path, with the default glossary."""
    owner = current_owner()
    asked = parse(
        TranslateRequest,
        {
            "text": texts,
            "tag_handling": "html" if html else None,
            "source_lang": pair[0],
            "target_lang": pair[1],
        },
        request_context(),
    )
    sync: dict[str, object] = {
        "texts": asked.texts,
        "tag_handling": asked.tag_handling,
        "options": pinned_options(asked, owner).model_dump(mode="json"),
        "owner": owner,
    }
    if alternatives:
        sync["alternatives"] = alternatives
    return translated(sync)


@bp.post("/translate")
def translate() -> Response:
    given = fields()
    q = given.get("q")
    for name in ("q", "source", "target"):
        if not given.get(name):
            raise _missing(name)
    alternatives = _alternatives(given.get("alternatives", 0))
    batch = isinstance(q, list)
    texts = _texts(q)
    if not request.is_json:
        texts = ["\n".join(t.splitlines()) for t in texts]
    if len(texts) > MAX_SYNC_TEXTS:
        raise Problem(
            400,
            "too_many_texts",
            f"Invalid request: request ({len(texts)}) exceeds text limit ({MAX_SYNC_TEXTS})",
        )
    source, target = _language(given["source"]), _language(given["target"], auto=False)
    fmt = given.get("format", "text")
    if fmt not in ("text", "html"):
        raise Problem(400, "unsupported_format", f"{fmt} format is not supported")
    detected = detections("\n".join(texts))[0] if source == "auto" else None
    if detected is not None:
        source = detected["language"]
    _pair(source, target)
    body: dict[str, Any] = {}
    if source == target:
        body["translatedText"] = texts if batch else texts[0]
        others: list[list[str]] = [[] for _ in texts]
    else:
        result = translation(texts, (source, target), html=fmt == "html", alternatives=alternatives)
        made = [t.text for t in result.translations]
        body["translatedText"] = made if batch else made[0]
        others = [t.alternatives or [] for t in result.translations]
    if alternatives > 0:
        body["alternatives"] = others if batch else others[0]
    if detected is not None:
        body["detectedLanguage"] = [detected] * len(texts) if batch else detected
    return jsonify(body)


def _alternatives(asked: object) -> int:
    """``alternatives``: a whole number from JSON, or a field's ASCII digits. ``str.isdigit`` also takes
    "²" and "٣", which ``int`` refuses or reads, and ``int`` refuses more than 4,300 digits: a number is
    read only from ASCII digits, and only once it is short enough to be in range."""
    refused = Problem(400, "invalid_field", "Invalid request: alternatives parameter is not a number",
                      field="alternatives")  # fmt: skip
    if isinstance(asked, str):
        if not DIGITS.fullmatch(asked):
            raise refused
        significant = asked.lstrip("0") or "0"
        number = int(significant) if len(significant) <= len(str(MAX_ALTERNATIVES)) else MAX_ALTERNATIVES + 1
    elif isinstance(asked, int) and not isinstance(asked, bool):
        number = asked
    elif isinstance(asked, float) and asked.is_integer():
        number = int(asked)
    else:
        raise refused
    if not 0 <= number <= MAX_ALTERNATIVES:
        raise Problem(400, "invalid_field", f"Invalid request: alternatives parameter must be 0 to "
                      f"{MAX_ALTERNATIVES}", field="alternatives")  # fmt: skip
    return number


@bp.post("/detect")
def detect() -> Response:
    q = fields().get("q")
    if not q:
        raise _missing("q")
    texts = _texts(q)
    if not "".join(texts).strip():
        raise _missing("q")
    return jsonify(detections("\n".join(texts)))


@bp.get("/languages")
def languages() -> Response:
    return jsonify(
        [{"code": code, "name": language_name(code), "targets": _targets(code)} for code in _known()]
    )


@bp.get("/frontend/settings")
def frontend_settings() -> Response:
    settings = extensions.settings()
    return jsonify({
        "charLimit": settings.max_sync_chars,
        "frontendTimeout": 500,
        "apiKeys": True,
        "keyRequired": settings.require_api_key,
        "suggestions": settings.suggestions,
        "filesTranslation": True,
        "supportedFilesFormat": FILE_FORMATS,
        "language": {"source": {"code": "auto", "name": "Auto Detect"},
                     "target": {"code": "en", "name": "English"}},
    })  # fmt: skip


@bp.get("/health")
def health() -> Response:
    """LibreTranslate's liveness answer (Warta's own is ``/healthz``)."""
    return jsonify({"status": "ok"})


@bp.get("/spec")
def api_spec() -> Response:
    """Where LibreTranslate serves its API's description: Warta's OpenAPI document."""
    return jsonify(current_app.view_functions["openapi.spec"]())


@bp.post("/suggest")
def suggest() -> Response:
    """A key's English for a sentence, kept in its human translation memory: its later translations of
    that sentence use it (``workers/human_memory.py``, whose ``sentence_pairs`` says how a text of
    several sentences is kept)."""
    given = fields()
    for name in ("q", "s", "source", "target"):
        if not given.get(name):
            raise _missing(name)
    for name in ("q", "s"):
        if not isinstance(given[name], str):
            raise Problem(400, "invalid_field", f"Invalid request: {name} must be a string", field=name)
    source, target = _language(given["source"], auto=False), _language(given["target"], auto=False)
    _pair(source, target)
    [q], [s] = _texts(given["q"]), _texts(given["s"], "s")
    if not extensions.settings().suggestions:
        raise Problem(403, "suggestions_disabled", "Suggestions are disabled on this server.")
    # Text of controls alone is nothing once normalized: as good as missing.
    pairs = sentence_pairs(Pair(q, s), (source, target))
    if not pairs:
        raise _missing("q" if not prepare_text(q, clean=False).sentences else "s")
    if source == target:
        # A sentence's "translation" into its own language would only fill the memory with no-ops; the
        # client is answered as LibreTranslate answers every suggestion it takes.
        return jsonify({"success": True})
    owner = glossary_owner(current_owner())
    HumanMemoryStore(extensions.job_store().engine).remember(
        owner, pairs, "suggest", owner, None, (source, target)
    )
    return jsonify({"success": True})


@bp.post("/translate_file")
def translate_file() -> Response:
    """A .txt, .html or .docx translated whole while the client waits, as a document job on the sync
    queue (``workers/documents/`` keeps its layout), and kept in the store for its download link. Only
    files up to ``WARTA_MAX_SYNC_FILE_BYTES`` are taken here: bigger ones go to ``/v2/document``, which
    answers before it translates."""
    if "file" not in request.files:
        raise Problem(400, "missing_file", BadRequest.description)
    for name in ("source", "target"):
        if not request.form.get(name):
            raise _missing(name)
    upload = request.files["file"]
    if not upload.filename:
        raise Problem(400, "empty_file", "Invalid request: empty file")
    suffix = Path(secure_filename(upload.filename)).suffix.lower()
    if suffix not in FILE_FORMATS:
        raise Problem(400, "unsupported_format", "Invalid request: file format not supported")
    # ``auto`` leaves the file's language to the worker that reads it; a file into its own language
    # comes back as sent.
    source, target = _language(request.form["source"]), _language(request.form["target"], auto=False)
    if source != AUTO:
        _pair(source, target)
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
    token, name = secrets.token_hex(16), download_name(upload.filename, target)
    api = DocumentApi.LIBRETRANSLATE
    handle, owner = (key_hash(token)[:32], token), current_owner()
    if source == target:
        record = DocumentRecord(handle[0], owner, "", str(fmt), api, name, datetime.now(UTC))
        documents().add(record, token, data, translated=data)
    else:
        accepted = accept(
            data, fmt, owner, handle, api=api, name=name, waited_for=True, pair=(source, target)
        )
        _finished(accepted.job_id, settings.sync_timeout)
    url = url_for(".download_file", filename=f"{token}.{name}", _external=True)
    return jsonify({"translatedFileUrl": url})


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


def download_name(uploaded: str, target: str) -> str:
    """The name a translated file downloads as: the upload's, made safe and short, with the target code."""
    path = Path(secure_filename(uploaded))
    stem = path.stem[:MAX_NAME_STEM] or "file"
    return f"{stem}_{target}{path.suffix.lower()}"


@bp.get("/download_file/<filename>")
def download_file(filename: str) -> Response:
    """A translated file from the store (any API process serves it), named as uploaded with the target
    code; the part before the first dot is the link's secret."""
    token, _, name = filename.partition(".")
    record = documents().find(key_hash(token)[:32], token, owner=None) if token and name else None
    body = documents().translated(record) if record is not None and record.name == name else None
    if record is None or body is None:
        raise Problem(404, "not_found", "The file is not there: it expired or was never made.")
    fmt = DocumentFormat(record.format)
    return send_file(io.BytesIO(body), mimetype=MEDIA_TYPES[fmt], as_attachment=True, download_name=name)
