"""Removing what scrapers leave around news text, and saying exactly what was removed.

Learned from real scraped Indonesian articles: related-article links (``Baca juga: …``), sometimes with
the link title glued to the next sentence (``…Karpet MerahMedia Rusia melaporkan…``); video-player
notices; editors' credit tags (``[ns/rd]``); a lone ``Forum`` footer; and the outlet in a dateline
(``KOMPAS.com -``, ``Moskwa (Lampost.co)—``, which keeps ``Moskwa``). Quotes, numbers and dates are
never touched. Each removal records its paragraph, offset, text and reason, so the clean text plus the
removals give back the input exactly. The words of the related-link, player and footer rules are the
source language's (``ScraperNoise`` of its profile, Indonesian's by default); a language without any
keeps only the rules that are not words of a language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from workers.contract.base import Document
from workers.lang import Language, ScraperNoise, profile

# A link title glued to article text: a lower-case letter or digit directly followed by a capitalized word.
_GLUE = re.compile(r"(?<=[a-z0-9])(?=[A-Z][a-z])")
# Players show their notice in English whatever the page's language.
_ENGLISH_PLAYER = r"your browser does(?:n['’]t| not) support"
_CREDIT = re.compile(r"\s*\[[a-z]{1,5}(?:/[a-z]{1,5})+\]$")
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


@dataclass(frozen=True)
class _NoiseRules:
    """A language's ``ScraperNoise`` as the patterns that find it."""

    related: re.Pattern[str] | None
    player: re.Pattern[str]
    footers: frozenset[str]


@cache
def _rules(noise: ScraperNoise) -> _NoiseRules:
    related = None
    if noise.related_verbs and noise.related_adverbs:
        verbs, adverbs = "|".join(noise.related_verbs), "|".join(noise.related_adverbs)
        related = re.compile(rf"^(?:{verbs})\s+(?:{adverbs})\s*[:\-–—]?\s*", re.IGNORECASE)
    notices = "|".join((_ENGLISH_PLAYER, *map(re.escape, noise.player_notices)))
    player = re.compile(rf"^(?:{notices})\b.*(?:html5|video)", re.IGNORECASE)
    return _NoiseRules(related, player, noise.footers)


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


def clean_lines(lines: list[str], language: Language = "id") -> Cleaned:
    """Clean normalized, whitespace-collapsed lines (one paragraph each) of text in ``language``."""
    rules = _rules(profile(language).noise)
    kept: list[str] = []
    removed: list[Removal] = []
    last = len(lines) - 1
    for i, line in enumerate(lines):
        cuts = _cuts(line, i, rules, is_first=not kept, is_last=i == last)
        removed.extend(cuts)
        remaining = _apply(line, cuts)
        if remaining:
            kept.append(remaining)
    return Cleaned(kept, removed)


def _apply(line: str, cuts: list[Removal]) -> str:
    for cut in sorted(cuts, key=lambda c: c.start, reverse=True):
        line = line[: cut.start] + line[cut.start + len(cut.text) :]
    return " ".join(line.split())


def _cuts(line: str, index: int, rules: _NoiseRules, *, is_first: bool, is_last: bool) -> list[Removal]:
    def whole(reason: str) -> list[Removal]:
        return [Removal(paragraph=index, start=0, text=line, reason=reason)]

    related = rules.related.match(line) if rules.related else None
    if related:
        glued = _glued_text_start(line, related.end())
        if glued is None:
            return whole("related_link")
        return [Removal(paragraph=index, start=0, text=line[:glued], reason="related_link")]
    if rules.player.match(line):
        return whole("player_notice")
    if is_last and line.lower() in rules.footers:
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


def _glued_text_start(line: str, link_start: int) -> int | None:
    """Where article text starts in a related-link line, or None when the line is only the link.

    The title's last word is capitalized (headline case) and the text after the glue reads as at least
    one full sentence; "iPhone"-style words therefore do not count as glue. ``link_start`` is where the
    link's title starts, after "Baca juga:".
    """
    for match in _GLUE.finditer(line, link_start):
        words_before = line[: match.start()].split()
        rest = line[match.start() :]
        if (
            (words_before[-1][:1].isupper() or words_before[-1][:1].isdigit())
            and len(rest.split()) >= MIN_GLUED_WORDS
            and rest.rstrip("”\"' )").endswith((".", "!", "?"))
        ):
            return match.start()
    return None
