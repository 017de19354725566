"""Plain text: the English, paragraph by paragraph, with the title and summary first."""

from __future__ import annotations

from typing import Any

from service.renderers.pairs import english_paragraphs
from workers.contract.result import upgraded


def render(document: dict[str, Any]) -> bytes:
    document = upgraded(document)  # a result saved before contract 2 reads the same
    blocks = []
    for article in document.get("articles", []):
        title = article.get("title_target") or article.get("title") or f"Article {article['id']}"
        blocks.append(title)
        summary = (article.get("summary") or {}).get("target_text")
        if summary:
            blocks.append(f"Summary: {summary}")
        blocks.extend(p for p in english_paragraphs(article) if p)
    return ("\n\n".join(blocks) + "\n").encode()
