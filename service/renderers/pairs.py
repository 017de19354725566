"""Walking a result document: its articles, paragraphs and sentence pairs, for every renderer."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def sentence_pairs(article: dict[str, Any]) -> Iterator[tuple[int, dict[str, Any]]]:
    """(paragraph number, sentence) for every sentence of an article, in reading order."""
    for number, paragraph in enumerate(article.get("paragraphs") or []):
        for sentence in paragraph:
            yield number, sentence


def summary_pairs(article: dict[str, Any]) -> list[dict[str, Any]]:
    summary = article.get("summary") or {}
    return summary.get("sentences") or []


def english_paragraphs(article: dict[str, Any]) -> list[str]:
    return [
        " ".join(s["target"] or "" for s in paragraph).strip()
        for paragraph in article.get("paragraphs") or []
    ]


def languages(article: dict[str, Any] | None) -> tuple[str, str]:
    """The article's pair (a result from before pairs is Indonesian→English)."""
    article = article or {}
    return str(article.get("source_lang", "id")), str(article.get("target_lang", "en"))


def document_languages(document: dict[str, Any]) -> tuple[str, str]:
    """One pair for a file format that holds one (XLIFF 2, a TMX header): the first article's."""
    return languages(next(iter(document.get("articles", [])), None))
