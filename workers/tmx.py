"""TMX in and out of the human translation memory, so a team seeds it from the CAT tool it has (OmegaT,
memoQ, Trados, Weblate all write TMX) and takes its work back out.

Reading takes what those tools write: TMX 1.1 to 1.4b, ``xml:lang`` or the older ``lang``, region
subtags in any case (``id-ID``, ``EN-US``; ``in`` is the old code for Indonesian), inline codes
(``bpt``, ``ept``, ``ph``, ``it``, ``ut``) left out of the text and ``hi`` kept, and each unit's
``changeid`` / ``changedate`` (or ``creationid`` / ``creationdate``) kept as who and when. The file is
parsed by defusedxml: the ``<!DOCTYPE tmx SYSTEM "tmx14.dtd">`` line translate-toolkit and OmegaT write
is read (never fetched), an entity declaration or an external reference is refused, never expanded.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from workers.languages import UnknownLanguage, normalize
from workers.store.human_memory import Pair

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Inline codes: their content is the original file's markup, not text.
CODES = {"bpt", "ept", "ph", "it", "ut"}
ALIASES = {"in": "id"}


class TmxError(ValueError):
    """A file that is not TMX Warta can read; the message says what to fix."""


def tmx_date(value: str | datetime) -> str:
    """TMX's date form, YYYYMMDDThhmmssZ in UTC."""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


@dataclass(frozen=True)
class Tmx:
    """A TMX file's units for one pair, and the pair: what the caller named, else what the file says."""

    source: str
    target: str
    pairs: list[Pair]


def read_tmx(data: bytes | str, source: str = "id", target: str = "en") -> list[Pair]:
    """Every unit with a segment in both languages, in file order."""
    return read_memory(data, source, target).pairs


def read_memory(data: bytes | str, source: str | None = None, target: str | None = None) -> Tmx:
    """Every unit with a segment in both languages of the pair, in file order. Without ``source``, the
    header's ``srclang`` is the source (Indonesian where it says ``*all*``); without ``target``, English
    where the first unit in another language has it, else that unit's other language.

    Read as a stream, each unit dropped once read: a 10 MB file holds about 100,000 units, and the whole
    tree of one took three times the memory of the pairs it yields.
    """
    stream = io.BytesIO(data.encode() if isinstance(data, str) else data)
    units: list[Pair] = []
    languages: set[str] = set()
    pair = [_language(source) if source else None, _language(target) if target else None]
    try:
        events = iterparse(stream, events=("start", "end"))
        _, root = next(events)
        if _local(root.tag) != "tmx":
            raise TmxError(f"The root element is <{_local(root.tag)}>; a TMX file starts with <tmx>.")
        parents: list[ET.Element] = [root]
        for event, element in events:
            if event == "start":
                parents.append(element)
                continue
            parents.pop()
            if _local(element.tag) == "header" and pair[0] is None:
                declared = (element.get("srclang") or "").strip()
                pair[0] = _language(declared) if declared and declared != "*all*" else "id"
            if _local(element.tag) != "tu":
                continue
            unit = _unit(element, pair, languages)
            if unit is not None:
                units.append(unit)
            parents[-1].clear()  # the units read so far, and their text, are no longer held
    except (ET.ParseError, DefusedXmlException) as error:
        raise TmxError(f"The file is not well-formed XML without entity declarations: {error}") from None
    if not units:
        found = ", ".join(sorted(language for language in languages if language)) or "none"
        wanted = f"a {pair[0] or 'source'!r} and a {pair[1] or 'target'!r} segment"
        raise TmxError(f"No unit has both {wanted} (languages found: {found}).")
    return Tmx(pair[0] or "id", pair[1] or "en", units)


def _unit(tu: ET.Element, pair: list[str | None], languages: set[str]) -> Pair | None:
    """The unit's pair of segments; the first unit with another language than the source fixes the
    target where the caller named none (``pair`` is updated)."""
    segments: dict[str, str] = {}
    for tuv in tu:
        if _local(tuv.tag) != "tuv":
            continue
        language = _language(tuv.get(XML_LANG) or tuv.get("lang") or "")
        seg = next((s for s in tuv if _local(s.tag) == "seg"), None)
        languages.add(language)
        if seg is not None and language not in segments:
            segments[language] = " ".join(_text(seg).split())
    source = pair[0] or "id"
    if pair[1] is None:
        others = [language for language, text in segments.items() if text and language != source]
        if segments.get(source) and others:
            pair[1] = "en" if "en" in others else others[0]
    target = pair[1]
    if target is None or not (segments.get(source) and segments.get(target)):
        return None
    return Pair(segments[source], segments[target], tu.get("changeid") or tu.get("creationid"), _date(tu))


def write_tmx(units: Iterable[Pair], source: str = "id", target: str = "en") -> bytes:
    root = ET.Element("tmx", version="1.4")
    ET.SubElement(root, "header", {
        "creationtool": "Warta", "creationtoolversion": "1", "segtype": "sentence", "o-tmf": "warta-memory",
        "adminlang": "en", "srclang": source, "datatype": "plaintext",
    })  # fmt: skip
    body = ET.SubElement(root, "body")
    for unit in units:
        marks = {}
        if unit.changed_by:
            marks["changeid"] = unit.changed_by
        if unit.changed_at:
            marks["changedate"] = tmx_date(unit.changed_at)
        tu = ET.SubElement(body, "tu", marks)
        for language, text in ((source, unit.source), (target, unit.target)):
            ET.SubElement(ET.SubElement(tu, "tuv", {XML_LANG: language}), "seg").text = text
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _local(tag: object) -> str:
    return str(tag).rpartition("}")[2]


def _language(code: str) -> str:
    """Warta's code for a TMX language (``id-ID``, ``EN-US``, ``in``, ``zh-TW``); a code that names no
    language is kept as its primary subtag, lower case."""
    try:
        return normalize(code)
    except UnknownLanguage:
        primary = code.strip().replace("_", "-").split("-")[0].lower()
        return ALIASES.get(primary, primary)


def _text(element: ET.Element) -> str:
    """The segment's text with its inline elements' (``hi`` kept, codes left out), walked on a stack of
    its own: a file may nest inline elements thousands deep, past Python's recursion limit."""
    parts: list[str] = []
    pending: list[ET.Element | str] = [element]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            parts.append(item)
            continue
        parts.append(item.text or "")
        for child in reversed(item):
            pending.append(child.tail or "")
            if _local(child.tag) not in CODES | {"sub"}:
                pending.append(child)
    return "".join(parts)


def _date(tu: ET.Element) -> datetime | None:
    raw = tu.get("changedate") or tu.get("creationdate")
    if not raw:
        return None
    try:
        return datetime.strptime(raw.strip(), "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    except ValueError:
        return None
