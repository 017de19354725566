"""``.md`` Markdown documents, parsed by markdown-it-py (CommonMark, with tables and strikethrough): the
inline content of each paragraph, heading, list item, quote and table cell is a segment, its emphasis,
strong, strikethrough and links carried as inline markup (the link's target and title as they were);
inline code, images, autolinks and inline HTML stay whole. Everything outside those inlines (code blocks,
HTML blocks, the block markers ``#``, ``-``, ``>`` and table rules, blank lines) is written back as it
was. A paragraph that ran over several lines comes back on one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.token import Token

from workers.contract.limits import Limits
from workers.documents.codecs import decoded
from workers.documents.formats import KINDS
from workers.inline import html as inline_html
from workers.inline.carry import Translated, carried
from workers.inline.marked import MAX_DEPTH, Marked, MarkedBuilder

KIND = KINDS["md"]
_PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"])
# What a translation's text may hold that Markdown would read as markup.
_SPECIAL = re.compile(r"([\\`*_\[\]<])")
_PAIRED = {"strong_open": "strong_close", "em_open": "em_close", "s_open": "s_close"}


@dataclass
class _Inline:
    """One inline token's segment: where its raw source is in the document, its text and marks."""

    start: int
    end: int
    marked: Marked
    marks: list[tuple[str, str]]


def segments(data: bytes, limits: Limits) -> list[str]:
    return [inline.marked.text for inline in _inlines(decoded(data, KIND)[0]) if inline.marked.text]


def rebuilt(data: bytes, translated: list[Translated], limits: Limits) -> bytes:
    text, bom = decoded(data, KIND)
    given = iter(translated)
    out, at = [bom], 0
    for inline in _inlines(text):
        if not inline.marked.text or (translation := next(given, None)) is None:
            continue
        made = carried(inline.marked, translation)
        out += [text[at : inline.start], inline_html.rendered(made, inline.marks, _escaped)]
        at = inline.end
    out.append(text[at:])
    return "".join(out).encode()


def _escaped(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", text)


def _inlines(text: str) -> list[_Inline]:
    """Every inline token with a place in the source, in order."""
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    found, cursor = [], 0
    for token in _PARSER.parse(text):
        if token.type != "inline" or token.map is None or not token.children:
            continue
        first, last = token.map[0], token.map[1] - 1
        begin = max(cursor, starts[first])
        at = text.find(token.content, begin)
        if at >= 0:
            end = at + len(token.content)
        else:  # over several lines behind block markers (a quote's "> "): replaced from its first words
            at = text.find(token.content.split("\n", 1)[0], begin)
            end = starts[last + 1] - 1 if last + 1 < len(starts) else len(text)
        if at < 0:
            continue
        marked, marks = _read(token.children)
        found.append(_Inline(at, end, marked, marks))
        cursor = end
    return found


def _read(children: list[Token]) -> tuple[Marked, list[tuple[str, str]]]:
    builder, marks = MarkedBuilder(), []
    closing: list[str] = []
    skipping = False
    for token in children:
        if skipping:
            skipping = token.type != "link_close"
            continue
        if token.type in ("text", "softbreak", "hardbreak"):
            builder.text(token.content if token.type == "text" else " ")
        elif token.type in _PAIRED and builder.depth < MAX_DEPTH:
            marks.append((token.markup, token.markup))
            builder.open(len(marks) - 1)
            closing.append(_PAIRED[token.type])
        elif token.type == "link_open" and token.markup == "autolink":
            marks.append((f"<{token.attrs.get('href', '')}>", ""))
            builder.void(len(marks) - 1)
            skipping = True
        elif token.type == "link_open" and builder.depth < MAX_DEPTH:
            marks.append(("[", f"]({_target(token.attrs.get('href'), token.attrs.get('title'))})"))
            builder.open(len(marks) - 1)
            closing.append("link_close")
        elif closing and token.type == closing[-1]:
            closing.pop()
            builder.close()
        else:
            marks.append((_whole(token), ""))
            builder.void(len(marks) - 1)
    return builder.built(), marks


def _whole(token: Token) -> str:
    """An inline element kept as it is: code, an image, inline HTML (or anything else met)."""
    if token.type == "code_inline":
        fence, code = token.markup or "`", token.content
        padded = f" {code} " if code.startswith("`") or code.endswith("`") else code
        return f"{fence}{padded}{fence}"
    if token.type == "image":
        return f"![{token.content}]({_target(token.attrs.get('src'), token.attrs.get('title'))})"
    return token.content or token.markup


def _target(url: object, title: object) -> str:
    """A link's or image's target as Markdown writes it: the URL, and its title in quotes."""
    return str(url or "") + (f' "{title}"' if title else "")
