"""Every ``WARTA_*`` setting in one place.

The dataclass fields are the single source of truth: the environment variable (``WARTA_`` + upper-case
name), the CLI flag (``--`` + dashed name), the README table and the defaults are all derived from them,
so the three can never drift apart.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ENV_PREFIX = "WARTA_"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"


def _setting(default: Any, help: str) -> Any:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class Settings:
    """Configuration shared by the API, the workers and the CLI."""

    redis_url: str = _setting(
        "",
        "Redis that carries the job queue. Empty: `warta up` starts an embedded Redis; "
        f"`warta serve` and `warta worker` use `{DEFAULT_REDIS_URL}`.",
    )
    database_url: str = _setting(
        "",
        "Job store (SQLAlchemy URL, e.g. `postgresql://user@host/db`). Empty: SQLite at "
        "`<data dir>/warta.db`.",
    )
    data_dir: str = _setting("warta-data", "Directory for the SQLite store and the embedded Redis.")
    queue: str = _setting("warta", "Name of the RQ queue for article jobs.")
    mt_model: str = _setting(
        "Helsinki-NLP/opus-mt-id-en",
        "Translation model for Indonesian→English (shorthand for an `id-en` entry of --mt-models): a "
        "Hugging Face hub id or a local directory. Empty: id→en only where --mt-models serves it.",
    )
    mt_models: str = _setting(
        "",
        "More translation models, comma-separated: `SRC-TGT=MODEL` for one pair (e.g. "
        "`ms-en=Helsinki-NLP/opus-mt-ms-en`, `en-es=Helsinki-NLP/opus-mt-en-es`) and `*=MODEL` for a "
        "many-to-many model that serves every pair it knows (NLLB-200, M2M-100, multi-target MarianMT). "
        "A pair's own entry wins over `*`.",
    )
    mt_memory_mb: int = _setting(
        0,
        "Most megabytes of translation models one worker keeps loaded (their weights' size on disk); the "
        "least recently used is unloaded to make room for another pair's. 0: no limit.",
    )
    sum_model: str = _setting(
        "csebuetnlp/mT5_multilingual_XLSum",
        "Summarization model (any T5/mT5 seq2seq): a hub id or a local directory.",
    )
    mt_backend: str = _setting(
        "ctranslate2", "Translation engine: `ctranslate2` (converted on first use) or `transformers`."
    )
    sum_backend: str = _setting("ctranslate2", "Summarization engine: `ctranslate2` or `transformers`.")
    compute_type: str = _setting(
        "auto", "CTranslate2 compute type; `auto` is `int8` on a CPU and `int8_float16` on a GPU."
    )
    threads: int = _setting(0, "CPU threads for the models (0: every core).")
    model_cache: str = _setting(
        "", "Where converted CTranslate2 models are kept. Empty: `<data dir>/models`."
    )
    device: str = _setting("cpu", "Device for the models (`cpu`, `cuda`, `cuda:1`).")
    mt_batch_size: int = _setting(32, "Most sentences in one translation batch.")
    mt_batch_tokens: int = _setting(
        1024, "Most source tokens in one translation batch (sentences are grouped by length)."
    )
    mt_beams: int = _setting(4, "Beam size for translation.")
    tm_entries: int = _setting(
        200_000, "Translation memory size in Redis (sentences, alignments, summaries; LRU). 0: off."
    )
    sum_beams: int = _setting(4, "Beam size for summarization.")
    sum_max_tokens: int = _setting(84, "Most tokens in a generated summary.")
    sum_input_tokens: int = _setting(512, "Most source tokens the summarizer reads (mT5 XL-Sum: 512).")
    sum_languages: str = _setting(
        "",
        "Languages the summarization model writes, comma-separated. An article in one is summarized as "
        "written, then translated; else its translation is summarized where the target is one; else the "
        "summary is extractive. Empty: mT5-XLSum's 45 languages.",
    )
    host: str = _setting("127.0.0.1", "Address the API listens on.")
    port: int = _setting(8000, "Port the API listens on.")
    web_workers: int = _setting(2, "Gunicorn worker processes for the API.")
    web_threads: int = _setting(
        8, "Threads per API process: a request waiting for `POST /v1/translate` holds one."
    )
    max_request_bytes: int = _setting(10_000_000, "Largest request body the API accepts (413 above).")
    max_article_chars: int = _setting(100_000, "Most characters in one article's text (413 above).")
    max_articles: int = _setting(100, "Most articles in one job (413 above).")
    max_sentences: int = _setting(20_000, "Most sentences in one job, all articles together (413 above).")
    max_glossary_terms: int = _setting(50_000, "Most terms in one uploaded glossary (413 above).")
    max_archive_bytes: int = _setting(
        50_000_000,
        "Most bytes a zipped document (.docx, .pptx, .xlsx) may hold once unpacked, all its parts together "
        "(400 above; read from the zip directory, nothing is unpacked to check).",
    )
    max_archive_parts: int = _setting(
        1_000, "Most parts (files) in one zipped document, or pages in one PDF (400 above)."
    )
    max_compression_ratio: int = _setting(
        100,
        "Most a zipped document's part over 1 MiB may shrink in the zip (unpacked / packed size; 400 above).",
    )
    max_sync_file_bytes: int = _setting(
        500_000,
        "Largest file LibreTranslate's `POST /translate_file` translates while the client waits (400 "
        "above: send bigger ones to `/v2/document`).",
    )
    document_ttl_hours: float = _setting(
        24.0,
        "Hours uploaded documents, their translations and LibreTranslate's download links are kept.",
    )
    job_timeout: int = _setting(
        300, "Seconds a worker may spend on a job before RQ stops it, before the per-text allowance."
    )
    job_seconds_per_1000_chars: int = _setting(
        30, "Further seconds a job may run per 1,000 characters of its articles."
    )
    sync_timeout: float = _setting(
        30.0, "Seconds `POST /v1/translate` waits for a worker to answer before it answers 504."
    )
    max_sync_chars: int = _setting(
        20_000,
        "Most characters one synchronous request (`/v1/translate`, `/v2/translate`, `/translate`) may "
        "carry, all its texts together (413 above: send a job or a document).",
    )
    max_sync_sentences: int = _setting(
        200,
        "Most sentences one synchronous request may carry, all its texts together (413 above: send a job "
        "or a document).",
    )
    sync_batch: int = _setting(
        16, "Most waiting `POST /v1/translate` requests a worker translates in one batch (1: each alone)."
    )
    suggestions: bool = _setting(
        False,
        "Accept LibreTranslate's `POST /suggest`: the English a key suggests for a sentence goes into "
        "that key's human translation memory. Off, as in LibreTranslate: /suggest answers 403.",
    )
    fuzzy_threshold: float = _setting(
        85.0,
        "Least similarity (rapidfuzz ratio, 0 to 100) of an edited sentence's source to a job's sentence "
        "for the edited pair to be offered on it as a match (never applied). Over 100: no matches.",
    )
    worker_timeout: int = _setting(
        60, "Seconds without a heartbeat after which a worker counts as dead and its job is re-queued."
    )
    reconcile_seconds: int = _setting(
        60, "How often each worker re-enqueues jobs of dead workers and jobs Redis lost."
    )
    require_api_key: bool = _setting(
        False,
        "Refuse requests without an API key (`warta keys create`). Off: keys are optional, and a request "
        "without one sees only what other requests without one made.",
    )
    rq_dashboard: bool = _setting(
        True,
        "Mount RQ's dashboard at `/rq` for admin keys. It shows every client's jobs, so it is mounted only "
        "where keys are required (--require-api-key).",
    )
    rate_limit: str = _setting(
        "600 per minute",
        "Requests one API key (or, without a key, one address) may make, all endpoints together; "
        "flask-limiter syntax, `;` between limits. Empty: no limit.",
    )
    submit_rate_limit: str = _setting(
        "60 per minute",
        "Submissions one key (or address) may make, jobs and benchmarks together, on top of --rate-limit.",
    )
    auth_failure_limit: str = _setting(
        "10 per minute",
        "Failed authentications (unknown keys, wrong log-ins) one address may make before its further "
        "failures are answered 429 until the window passes; a valid key from it still passes. Empty: no "
        "limit.",
    )
    trusted_proxies: int = _setting(
        0,
        "Reverse proxies in front of the API whose `X-Forwarded-For` and `X-Forwarded-Proto` are believed: "
        "the client's address (for rate limits and failed authentications) and scheme are the ones the "
        "outermost of them saw. 0: none, the socket's address counts. Never more than there are, or a "
        "client can name any address.",
    )
    max_attempts: int = _setting(
        3, "Attempts a job gets when it meets transient errors (Redis or database away, out of memory)."
    )
    retry_seconds: int = _setting(
        10, "Wait before retrying a job after a transient error; doubles with each attempt."
    )
    log_level: str = _setting("INFO", "Log level of the API and the workers.")
    log_format: str = _setting("json", "`json` (one object a line, with `job_id`) or `text`.")
    qe_min_length_ratio: float = _setting(
        0.5, "Quality flag: English shorter than this times the source length."
    )
    qe_max_length_ratio: float = _setting(
        2.5, "Quality flag: English longer than this times the source length."
    )
    qe_untranslated_words: int = _setting(
        2, "Quality flag: this many Indonesian function words left in the English."
    )
    qe_repeats: int = _setting(
        4, "Quality flag: a word or phrase (up to 4 words) repeated this many times in a row."
    )

    comet_model: str = _setting(
        "",
        "Model-based QE: a COMET or CometKiwi model (hub id or .ckpt path) for `comet-score`. Empty: off.",
    )
    comet_command: str = _setting(
        "comet-score",
        "The `comet-score` of an environment with unbabel-comet installed (it needs transformers<5).",
    )

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Read ``WARTA_*`` variables; explicit overrides (CLI flags) win, ``None`` means "not given"."""
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for spec in dataclasses.fields(cls):
            raw = overrides.get(spec.name)
            if raw is None:
                raw = environ.get(env_name(spec.name))
            if raw is not None:
                values[spec.name] = _coerce(spec, raw)
        return cls(**values)

    def to_env(self) -> dict[str, str]:
        """The environment that gives a child process exactly these settings."""
        return {env_name(f.name): str(getattr(self, f.name)) for f in dataclasses.fields(self)}

    @property
    def effective_model_cache(self) -> Path:
        return Path(self.model_cache or Path(self.data_dir) / "models")

    @property
    def effective_redis_url(self) -> str:
        return self.redis_url or DEFAULT_REDIS_URL

    @property
    def effective_database_url(self) -> str:
        """SQLAlchemy URL with the driver we ship (psycopg 3) filled in for bare PostgreSQL URLs."""
        url = self.database_url or f"sqlite:///{Path(self.data_dir).resolve() / 'warta.db'}"
        for prefix in ("postgresql://", "postgres://"):
            if url.startswith(prefix):
                return "postgresql+psycopg://" + url[len(prefix) :]
        return url


def env_name(name: str) -> str:
    return ENV_PREFIX + name.upper()


def flag_name(name: str) -> str:
    return "--" + name.replace("_", "-")


def describe() -> list[tuple[str, str, Any, str]]:
    """(env var, flag, default, help) for every setting: feeds the CLI and the README table."""
    return [
        (env_name(f.name), flag_name(f.name), f.default, f.metadata["help"])
        for f in dataclasses.fields(Settings)
    ]


BACKENDS = ("ctranslate2", "transformers")
_CHOICES = {"mt_backend": BACKENDS, "sum_backend": BACKENDS, "log_format": ("json", "text")}


def _coerce(spec: dataclasses.Field[Any], raw: Any) -> Any:
    choices = _CHOICES.get(spec.name)
    if choices and str(raw) not in choices:
        raise ValueError(f"{env_name(spec.name)} must be one of {', '.join(choices)}, got {raw!r}")
    if spec.type in ("bool", bool):
        return _boolean(spec, raw)
    if spec.type in ("float", float):
        try:
            return float(raw)
        except (TypeError, ValueError):
            raise ValueError(f"{env_name(spec.name)} must be a number, got {raw!r}") from None
    if spec.type in ("int", int):
        try:
            return int(raw)
        except (TypeError, ValueError):
            raise ValueError(f"{env_name(spec.name)} must be an integer, got {raw!r}") from None
    return str(raw)


TRUE, FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off", "")


def _boolean(spec: dataclasses.Field[Any], raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    if str(raw).strip().lower() in TRUE:
        return True
    if str(raw).strip().lower() in FALSE:
        return False
    raise ValueError(f"{env_name(spec.name)} must be true or false (1/0, yes/no), got {raw!r}")
