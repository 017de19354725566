"""Markdown: each article with its summary, then source and English paragraph by paragraph.

Text is escaped so that nothing in an article can turn into markup (or HTML) where the file is shown.
"""

from __future__ import annotations

import re
from typing import Any

from service.renderers.pairs import sentence_pairs
from workers.contract.result import upgraded

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def escape(text: str | None) -> str:
    return _SPECIAL.sub(r"\\\1", (text or "").replace("&", "&amp;"))


def render(document: dict[str, Any]) -> bytes:
    document = upgraded(document)  # a result saved before contract 2 reads the same
    lines = [f"# Warta job {escape(document.get('id'))}", ""]
    for digest in document.get("digests") or []:
        lines += [f"## Digest of {len(digest['articles'])} articles", "",
                  escape(digest.get("target_text") or digest.get("source_lang_text")), "",
                  f"*Articles:* {escape(', '.join(digest['articles']))}", ""]  # fmt: skip
    for article in document.get("articles", []):
        title = article.get("title_target") or article.get("title") or f"Article {article['id']}"
        lines += [f"## {escape(title)}", ""]
        summary = article.get("summary")
        if summary:
            lines += [f"**Summary.** {escape(summary.get('target_text'))}", ""]
            if summary.get("source_lang_text") is not None:
                lines += [f"*Ringkasan.* {escape(summary.get('source_lang_text'))}", ""]
        current = None
        for paragraph, sentence in sentence_pairs(article):
            if paragraph != current:
                lines.append("")
                current = paragraph
            lines += [f"> {escape(sentence['source'])}", ">", f"> {escape(sentence['target'])}", ""]
    return ("\n".join(lines).strip() + "\n").encode()
