"""A job's title: what a person recognises a job by in a list of many, where its id says nothing.

The rule is the first article's: the title it was given (or its page's, as extracted), else the first
heading of its HTML, else its first sentence, one line and short enough for a list. Pure: the store
sets it when a job is accepted (or when a document's articles are read), and computes it for a job
stored before titles existed; nothing here reads the store or a model.
"""

from __future__ import annotations

import lxml.html
from lxml import etree

from workers.contract.article import ArticleInput
from workers.contract.job import MAX_TITLE_CHARS
from workers.text.segment import split_sentences

ELLIPSIS = "…"
HEADINGS = "//h1 | //h2 | //h3"
# What splits sentences where the job leaves each article's language to its own verdict.
FALLBACK_LANGUAGE = "id"


def job_title(article: ArticleInput | None, source_lang: str = FALLBACK_LANGUAGE) -> str | None:
    """The title of a job whose first article is ``article`` (None: a document not yet read)."""
    if article is None:
        return None
    language = article.source_lang or (source_lang if source_lang != "auto" else FALLBACK_LANGUAGE)
    for found in (article.title, first_heading(article.html), first_sentence(article.text, language)):
        if found and (line := one_line(found)):
            return shortened(line)
    return None


def first_heading(html: str | None) -> str | None:
    """The text of the page's first h1, h2 or h3 that has any, in the order they appear."""
    if not html or not html.strip():
        return None
    try:
        tree = _parsed(html)
    except etree.ParserError:  # no element at all
        return None
    for heading in tree.xpath(HEADINGS):
        if text := one_line(heading.text_content()):
            return text
    return None


def _parsed(html: str) -> lxml.html.HtmlElement:
    try:
        return lxml.html.fromstring(html)
    except ValueError:  # lxml takes no text that declares its encoding: the bytes it declares do
        return lxml.html.fromstring(html.encode("utf-8"))


def first_sentence(text: str, language: str = FALLBACK_LANGUAGE) -> str | None:
    """The first sentence of the first paragraph (line) that has text."""
    paragraph = next((line for line in text.splitlines() if line.strip()), None)
    if paragraph is None:
        return None
    sentences = split_sentences(paragraph.strip(), language)
    return sentences[0] if sentences else paragraph


def one_line(text: str) -> str:
    return " ".join(text.split())


def shortened(text: str, limit: int = MAX_TITLE_CHARS) -> str:
    """``text`` whole when it fits, else cut before the last word that would not, with an ellipsis; a
    single word longer than the whole limit is cut inside it, as nothing else would fit."""
    if len(text) <= limit:
        return text
    room = text[: limit - len(ELLIPSIS)]
    if not text[len(room)].isspace() and " " in room:
        room = room.rsplit(" ", 1)[0]
    return (room.rstrip(" ,;:.—–-") or room) + ELLIPSIS
