"""Checking a job request before anything is stored.

Pure functions over the decoded JSON: each refusal names the offending member (``articles[1].text``)
and says how to fix it, because a newsroom script that gets "400 Bad Request" and nothing else is a
support ticket. Unknown members are refused too: a misspelt ``taks`` silently ignored would run the
wrong job.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from service.problems import Problem
from service.settings import Settings
from service.store import ArticleInput

TASKS = ("translate", "summarize")
DEFAULT_TASKS = ["translate", "summarize"]
JOB_FIELDS = {"articles", "tasks"}
ARTICLE_FIELDS = {"id", "title", "text"}
MAX_ID_CHARS = 200


@dataclass(frozen=True)
class JobRequest:
    articles: list[ArticleInput]
    tasks: list[str]


def invalid(field: str, detail: str) -> Problem:
    return Problem(422, "invalid_field", detail, field=field)


def parse_job_request(payload: Any, settings: Settings) -> JobRequest:
    if not isinstance(payload, dict):
        raise invalid("body", 'The body must be a JSON object such as {"articles": [{"text": "…"}]}.')
    unknown = sorted(set(payload) - JOB_FIELDS)
    if unknown:
        raise invalid(unknown[0], f"Unknown member '{unknown[0]}'. Allowed: {', '.join(sorted(JOB_FIELDS))}.")
    return JobRequest(articles=_articles(payload.get("articles"), settings), tasks=_tasks(payload))


def _articles(raw: Any, settings: Settings) -> list[ArticleInput]:
    if raw is None:
        raise invalid("articles", 'Missing "articles": give a list of {"text": "…"} objects.')
    if not isinstance(raw, list) or not raw:
        raise invalid("articles", '"articles" must be a non-empty list of {"text": "…"} objects.')
    if len(raw) > settings.max_articles:
        raise Problem(
            413,
            "too_many_articles",
            f"{len(raw)} articles exceed the cap of {settings.max_articles} per job; split them over "
            "several jobs.",
            field="articles",
            limit=settings.max_articles,
        )
    parsed = [_article(item, i, settings) for i, item in enumerate(raw)]
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
        raise invalid(
            f"{where}.{unknown[0]}",
            f"Unknown member '{unknown[0]}'. Allowed: {', '.join(sorted(ARTICLE_FIELDS))}.",
        )
    text = item.get("text")
    if not isinstance(text, str) or not text.strip():
        raise invalid(f"{where}.text", f"{where}.text must be a non-empty string of Indonesian text.")
    if len(text) > settings.max_article_chars:
        raise Problem(
            413,
            "article_too_large",
            f"{where}.text has {len(text)} characters; the cap is {settings.max_article_chars}. "
            "Split the article or raise WARTA_MAX_ARTICLE_CHARS.",
            field=f"{where}.text",
            limit=settings.max_article_chars,
        )
    return ArticleInput(
        id=_optional_string(item, "id", where) or str(index + 1),
        title=_optional_string(item, "title", where),
        text=text,
    )


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
