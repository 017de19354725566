"""What DeepL's tag handling leaves untranslated: the content of each element named in ``ignore_tags``
and, in HTML, of each element marked ``translate="no"``.

The worker translates every stretch of text between tags and keeps comments exactly as written, so the
content of such an element is swapped for a comment before the text goes to the worker and put back in
the translation: the worker never sees it, and no translation of it can leak out. The comment carries a
token drawn per request, so no comment the client sent is mistaken for one of these.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field

TAG = re.compile(r"<(/?)([A-Za-z][\w:.-]*)([^<>]*)>")
NO_TRANSLATE = re.compile(r"""\btranslate\s*=\s*["']?no\b""", re.I)


@dataclass
class Kept:
    """The contents taken out of the texts, by the comment that stands for each."""

    token: str = field(default_factory=lambda: secrets.token_hex(8))
    contents: dict[str, str] = field(default_factory=dict)

    def hold(self, content: str) -> str:
        mark = f"<!--warta-keep-{self.token}-{len(self.contents)}-->"
        self.contents[mark] = content
        return mark

    def restore(self, text: str) -> str:
        for mark, content in self.contents.items():
            text = text.replace(mark, content)
        return text


def tag_names(value: object) -> set[str]:
    """Tag names as the clients send them: a list, or one comma-separated string (deepl-node, the CLI)."""
    listed = value if isinstance(value, list) else [value]
    return {name.strip().lower() for item in listed for name in str(item).split(",") if name.strip()}


def hold_untranslated(text: str, ignored: set[str], html: bool, kept: Kept) -> str:
    """``text`` with each ignored element's content held out (an unclosed element is left as it is)."""
    parts, cursor = [], 0
    for opening in TAG.finditer(text):
        if opening.start() < cursor or opening[1] or opening[3].rstrip().endswith("/"):
            continue
        name = opening[2].lower()
        if name not in ignored and not (html and NO_TRANSLATE.search(opening[3])):
            continue
        end = _closing(text, name, opening.end())
        if end is None:
            continue
        parts.append(text[cursor : opening.end()] + kept.hold(text[opening.end() : end]))
        cursor = end
    return "".join(parts) + text[cursor:]


def _closing(text: str, name: str, start: int) -> int | None:
    """Where the closing tag of the element opened just before ``start`` begins, counting nested ones
    of the same name."""
    depth = 1
    for tag in TAG.finditer(text, start):
        if tag[2].lower() != name or tag[3].rstrip().endswith("/"):
            continue
        depth += -1 if tag[1] else 1
        if depth == 0:
            return tag.start()
    return None
