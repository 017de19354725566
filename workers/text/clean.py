"""Removing what scrapers leave around news text, and saying exactly what was removed.

Learned from real scraped Indonesian articles: related-article links (``Baca juga: …``), sometimes with
the link title glued to the next sentence (``…Karpet MerahMedia Rusia melaporkan…``); video-player
notices; editors' credit tags (``[ns/rd]``); a lone ``Forum`` footer; and the outlet in a dateline
(``KOMPAS.com -``, ``Moskwa (Lampost.co)—``, which keeps ``Moskwa``). Quotes, numbers and dates are
never touched. Each removal records its paragraph, offset, text and reason, so the clean text plus the
removals give back the input exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from workers.contract.base import Document

_RELATED = re.compile(r"^(?:baca|simak|lihat)\s+(?:juga|pula)\s*[:\-–—]?\s*", re.IGNORECASE)
# A link title glued to article text: a lower-case letter or digit directly followed by a capitalized word.
_GLUE = re.compile(r"(?<=[a-z0-9])(?=[A-Z][a-z])")
_PLAYER = re.compile(
    r"^(?:your browser does(?:n['’]t| not) support|browser anda tidak mendukung)\b.*(?:html5|video)",
    re.IGNORECASE,
)
_CREDIT = re.compile(r"\s*\[[a-z]{1,5}(?:/[a-z]{1,5})+\]$")
_FOOTERS = frozenset({"forum"})
_OUTLET = r"(?:[A-Za-z][\w-]*\.(?i:co\.id|com|co|id|net|org|tv)|ANTARA(?: News)?|Antara|AFP|Reuters)"
# "Moskwa (Lampost.co)—…", "JAKARTA, KOMPAS.com - …": the city stays, the outlet goes.
_CITY_THEN_OUTLET = re.compile(
    rf"^[A-Z][\w'.]*(?: [A-Z][\w'.]*){{0,3}}(?P<cut>\s*(?:\(\s*{_OUTLET}\s*\)|,\s*{_OUTLET}))\s*[-–—]"
)
# "KOMPAS.com - …" (outlet and dash go), "TEMPO.CO, Jakarta - …" (the city stays).
_OUTLET_FIRST = re.compile(
    rf"^(?P<cut>{_OUTLET}\s*(?:,\s*(?=[A-Z][\w'.]*(?: [A-Z][\w'.]*){{0,3}}\s*[-–—])|[-–—]\s*))"
)

MIN_GLUED_WORDS = 6


class Removal(Document):
    """What cleaning took out, part of the result document (``removed``)."""

    paragraph: int  # index of the line in the normalized input
    start: int  # offset in that line
    text: str
    reason: str


@dataclass(frozen=True)
class Cleaned:
    paragraphs: list[str]
    removed: list[Removal]


def clean_lines(lines: list[str]) -> Cleaned:
    """Clean normalized, whitespace-collapsed lines (one paragraph each)."""
    kept: list[str] = []
    removed: list[Removal] = []
    last = len(lines) - 1
    for i, line in enumerate(lines):
        cuts = _cuts(line, i, is_first=not kept, is_last=i == last)
        removed.extend(cuts)
        remaining = _apply(line, cuts)
        if remaining:
            kept.append(remaining)
    return Cleaned(kept, removed)


def _apply(line: str, cuts: list[Removal]) -> str:
    for cut in sorted(cuts, key=lambda c: c.start, reverse=True):
        line = line[: cut.start] + line[cut.start + len(cut.text) :]
    return " ".join(line.split())


def _cuts(line: str, index: int, *, is_first: bool, is_last: bool) -> list[Removal]:
    def whole(reason: str) -> list[Removal]:
        return [Removal(paragraph=index, start=0, text=line, reason=reason)]

    if _RELATED.match(line):
        glued = _glued_text_start(line)
        if glued is None:
            return whole("related_link")
        return [Removal(paragraph=index, start=0, text=line[:glued], reason="related_link")]
    if _PLAYER.match(line):
        return whole("player_notice")
    if is_last and line.lower() in _FOOTERS:
        return whole("footer")
    cuts = []
    credit = _CREDIT.search(line)
    if credit:
        cuts.append(Removal(paragraph=index, start=credit.start(), text=credit.group(), reason="credit_tag"))
    if is_first:
        dateline = _CITY_THEN_OUTLET.match(line) or _OUTLET_FIRST.match(line)
        if dateline:
            cut = dateline.group("cut")
            cuts.append(
                Removal(paragraph=index, start=dateline.start("cut"), text=cut, reason="dateline_outlet")
            )
    return cuts


def _glued_text_start(line: str) -> int | None:
    """Where article text starts in a related-link line, or None when the line is only the link.

    The title's last word is capitalized (headline case) and the text after the glue reads as at least
    one full sentence; "iPhone"-style words therefore do not count as glue.
    """
    for match in _GLUE.finditer(line, _RELATED.match(line).end()):  # type: ignore[union-attr]
        words_before = line[: match.start()].split()
        rest = line[match.start() :]
        if (
            (words_before[-1][:1].isupper() or words_before[-1][:1].isdigit())
            and len(rest.split()) >= MIN_GLUED_WORDS
            and rest.rstrip("”\"' )").endswith((".", "!", "?"))
        ):
            return match.start()
    return None
