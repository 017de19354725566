"""Plain text: the English, paragraph by paragraph, with the title and summary first."""

from __future__ import annotations

from typing import Any

from service.renderers.pairs import english_paragraphs


def render(document: dict[str, Any]) -> bytes:
    blocks = []
    for article in document.get("articles", []):
        title = article.get("title_en") or article.get("title") or f"Article {article['id']}"
        blocks.append(title)
        summary = (article.get("summary") or {}).get("english_text")
        if summary:
            blocks.append(f"Summary: {summary}")
        blocks.extend(p for p in english_paragraphs(article) if p)
    return ("\n\n".join(blocks) + "\n").encode()
