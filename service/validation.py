"""Checking a job request before anything is stored.

Pure functions over the decoded JSON: each refusal names the offending member (``articles[1].text``)
and says how to fix it, because a newsroom script that gets "400 Bad Request" and nothing else is a
support ticket. Unknown members are refused too: a misspelt ``taks`` silently ignored would run the
wrong job. HTML is reduced to its main text here, so that the language check and the caps see what the
models will see.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from glossary.formats import GlossaryFormatError, parse_terms
from service.problems import Problem
from service.settings import Settings
from service.store import ArticleInput
from workers.text.html import extract_article
from workers.text.language import detect_language
from workers.text.prepare import prepare_text

TASKS = ("translate", "summarize")
DEFAULT_TASKS = ["translate", "summarize"]
JOB_FIELDS = {"articles", "tasks", "clean", "force", "glossary", "terms", "summary_method", "summary_length"}
SUMMARY_METHODS = ("abstractive", "extractive")
SUMMARY_LENGTHS = ("short", "medium", "long")
SUMMARY_TOKENS = (8, 512)
MAX_INLINE_TERMS = 1000
ARTICLE_FIELDS = {"id", "title", "text", "html", "reference", "reference_summary"}
MAX_ID_CHARS = 200


@dataclass(frozen=True)
class JobRequest:
    articles: list[ArticleInput]
    tasks: list[str]
    options: dict[str, Any]


def invalid(field: str, detail: str) -> Problem:
    return Problem(422, "invalid_field", detail, field=field)


def parse_job_request(
    payload: Any, settings: Settings, glossary_version: Callable[[str], int | None] = lambda _name: None
) -> JobRequest:
    """``glossary_version(name)`` is the latest version of a stored glossary, None when there is none."""
    if not isinstance(payload, dict):
        raise invalid("body", 'The body must be a JSON object such as {"articles": [{"text": "…"}]}.')
    unknown = sorted(set(payload) - JOB_FIELDS)
    if unknown:
        raise invalid(unknown[0], f"Unknown member '{unknown[0]}'. Allowed: {', '.join(sorted(JOB_FIELDS))}.")
    options = {
        "clean": _flag(payload, "clean", True),
        "force": _flag(payload, "force", False),
        **_glossary(payload, glossary_version),
        "terms": _inline_terms(payload),
        **_summary(payload),
    }
    tasks = _tasks(payload)
    articles = [_check_language(a, i, options["force"]) for i, a in enumerate(_articles(payload, settings))]
    return JobRequest(articles=articles, tasks=tasks, options=options)


def _glossary(payload: dict[str, Any], glossary_version: Callable[[str], int | None]) -> dict[str, Any]:
    name = payload.get("glossary", "default")
    if name is None:
        return {"glossary": None, "glossary_version": None}
    version = glossary_version(name) if isinstance(name, str) else None
    if version is None:
        detail = (f"No glossary named {name!r}: upload it with PUT /v1/glossaries/{{name}}, use "
                  '"default", or send null for none.')  # fmt: skip
        raise invalid("glossary", detail)
    return {"glossary": name, "glossary_version": version}


def _summary(payload: dict[str, Any]) -> dict[str, Any]:
    method = payload.get("summary_method")
    if method is not None and method not in SUMMARY_METHODS:
        raise invalid("summary_method", f'"summary_method" must be one of {", ".join(SUMMARY_METHODS)}.')
    length = payload.get("summary_length", "medium")
    low, high = SUMMARY_TOKENS
    if not (length in SUMMARY_LENGTHS or (type(length) is int and low <= length <= high)):
        raise invalid("summary_length", f'"summary_length" must be one of {", ".join(SUMMARY_LENGTHS)} or a '
                      f"number of tokens from {low} to {high}.")  # fmt: skip
    return {"summary_method": method, "summary_length": length}


def _inline_terms(payload: dict[str, Any]) -> list[dict[str, Any]]:
    raw = payload.get("terms", [])
    if isinstance(raw, list) and len(raw) > MAX_INLINE_TERMS:
        raise Problem(413, "too_many_terms", f"{len(raw)} inline terms exceed the cap of {MAX_INLINE_TERMS}.",
                      field="terms", limit=MAX_INLINE_TERMS)  # fmt: skip
    try:
        return [t.to_dict() for t in parse_terms(raw)]
    except GlossaryFormatError as error:
        raise invalid(error.member or "terms", f"{error.problem}.") from None


def _flag(payload: dict[str, Any], key: str, default: bool) -> bool:
    value = payload.get(key, default)
    if not isinstance(value, bool):
        raise invalid(key, f'"{key}" must be true or false.')
    return value


def _articles(payload: dict[str, Any], settings: Settings) -> list[ArticleInput]:
    raw = payload.get("articles")
    if raw is None:
        raise invalid("articles", 'Missing "articles": give a list of {"text": "…"} objects.')
    if not isinstance(raw, list) or not raw:
        raise invalid("articles", '"articles" must be a non-empty list of {"text": "…"} objects.')
    if len(raw) > settings.max_articles:
        raise Problem(
            413, "too_many_articles",
            f"{len(raw)} articles exceed the cap of {settings.max_articles} per job; split them over "
            "several jobs.",
            field="articles", limit=settings.max_articles,
        )  # fmt: skip
    parsed = [_article(item, i, settings) for i, item in enumerate(raw)]
    sentences = sum(len(prepare_text(a.text, clean=False).sentences) for a in parsed)
    if sentences > settings.max_sentences:
        raise Problem(
            413, "too_many_sentences",
            f"The articles hold {sentences} sentences; the cap is {settings.max_sentences} per job. "
            "Split them over several jobs.",
            field="articles", limit=settings.max_sentences,
        )  # fmt: skip
    seen: set[str] = set()
    for i, article in enumerate(parsed):
        if article.id in seen:
            raise invalid(f"articles[{i}].id", f"Duplicate article id '{article.id}': ids must be unique.")
        seen.add(article.id)
    return parsed


def _article(item: Any, index: int, settings: Settings) -> ArticleInput:
    where = f"articles[{index}]"
    if not isinstance(item, dict):
        raise invalid(where, f'{where} must be an object such as {{"text": "…"}}.')
    unknown = sorted(set(item) - ARTICLE_FIELDS)
    if unknown:
        allowed = ", ".join(sorted(ARTICLE_FIELDS))
        raise invalid(f"{where}.{unknown[0]}", f"Unknown member '{unknown[0]}'. Allowed: {allowed}.")
    if ("text" in item) == ("html" in item):
        raise invalid(f"{where}.text", f'{where} needs exactly one of "text" (plain text) or "html".')
    key = "text" if "text" in item else "html"
    body = item[key]
    if not isinstance(body, str) or not body.strip():
        raise invalid(f"{where}.{key}", f"{where}.{key} must be a non-empty string of Indonesian {key}.")
    _check_size(body, f"{where}.{key}", settings)
    title = _optional_string(item, "title", where)
    html = None
    if key == "html":
        html, extracted = body, extract_article(body)
        if not extracted.text.strip():
            raise invalid(f"{where}.html", f"No article text was found in {where}.html; send the page's "
                          "full HTML or the text itself as \"text\".")  # fmt: skip
        body, title = extracted.text, title or extracted.title
    article_id = _optional_string(item, "id", where) or str(index + 1)
    references = {key: _optional_string(item, key, where) for key in ("reference", "reference_summary")}
    for key, value in references.items():
        if value is not None:
            _check_size(value, f"{where}.{key}", settings)
    return ArticleInput(id=article_id, title=title, text=body, html=html, **references)


def _check_size(body: str, field: str, settings: Settings) -> None:
    if len(body) > settings.max_article_chars:
        raise Problem(
            413, "article_too_large",
            f"{field} has {len(body)} characters; the cap is {settings.max_article_chars}. "
            "Split the article or raise WARTA_MAX_ARTICLE_CHARS.",
            field=field, limit=settings.max_article_chars,
        )  # fmt: skip


def _check_language(article: ArticleInput, index: int, force: bool) -> ArticleInput:
    """Refuse text that is not Indonesian, or with ``force`` keep it and record the verdict."""
    guess = detect_language(article.text)
    if not guess.accepted and not force:
        raise Problem(
            422, "unsupported_language",
            f"articles[{index}] looks like language '{guess.code}' (probability {guess.probability:.2f}), "
            'not Indonesian. Warta translates Indonesian; send "force": true to process it anyway.',
            field=f"articles[{index}].{'html' if article.html else 'text'}", detected=guess.code,
        )  # fmt: skip
    return replace(article, language={**guess.to_dict(), "forced": not guess.accepted})


def _optional_string(item: dict[str, Any], key: str, where: str) -> str | None:
    value = item.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise invalid(f"{where}.{key}", f"{where}.{key} must be a non-empty string when given.")
    if key == "id" and len(value) > MAX_ID_CHARS:
        raise invalid(f"{where}.id", f"{where}.id is longer than {MAX_ID_CHARS} characters.")
    return value.strip()


def _tasks(payload: dict[str, Any]) -> list[str]:
    if "tasks" not in payload:
        return list(DEFAULT_TASKS)
    raw = payload["tasks"]
    if not isinstance(raw, list) or not raw:
        raise invalid("tasks", f'"tasks" must be a non-empty list drawn from {list(TASKS)}.')
    for i, task in enumerate(raw):
        if task not in TASKS:
            raise invalid(f"tasks[{i}]", f"Unknown task {task!r}. Known tasks: {', '.join(TASKS)}.")
    return [task for task in TASKS if task in raw]
