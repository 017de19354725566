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
        """Every mark put back in one pass (a mark the translation lost stays lost)."""
        if not self.contents:
            return text
        mark = re.compile(f"<!--warta-keep-{self.token}-[0-9]+-->")
        return mark.sub(lambda found: self.contents.get(found.group(), found.group()), text)


def tag_names(value: object) -> set[str]:
    """Tag names as the clients send them: a list, or one comma-separated string (deepl-node, the CLI)."""
    listed = value if isinstance(value, list) else [value]
    return {name.strip().lower() for item in listed for name in str(item).split(",") if name.strip()}


def hold_untranslated(text: str, ignored: set[str], html: bool, kept: Kept) -> str:
    """``text`` with each ignored element's content held out, in one pass over its tags (nested elements
    of the same name counted; an element never closed is left as it is, with what follows it)."""
    parts: list[str] = []
    cursor, depth = 0, 0
    held: tuple[str, int] | None = None  # the element being held out: its name, where its content starts
    for tag in TAG.finditer(text):
        closing, name, rest = bool(tag[1]), tag[2].lower(), tag[3]
        if rest.rstrip().endswith("/"):
            continue
        if held is None:
            if not closing and (name in ignored or (html and NO_TRANSLATE.search(rest))):
                held, depth = (name, tag.end()), 1
            continue
        if name == held[0]:
            depth += -1 if closing else 1
            if depth == 0:
                parts.append(text[cursor : held[1]] + kept.hold(text[held[1] : tag.start()]))
                cursor, held = tag.start(), None
    return "".join(parts) + text[cursor:]
