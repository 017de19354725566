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
from datetime import UTC, datetime

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

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


def read_tmx(data: bytes | str, source: str = "id", target: str = "en") -> list[Pair]:
    """Every unit with a segment in both languages, in file order.

    Read as a stream, each unit dropped once read: a 10 MB file holds about 100,000 units, and the whole
    tree of one took three times the memory of the pairs it yields.
    """
    stream = io.BytesIO(data.encode() if isinstance(data, str) else data)
    units, languages = [], set()
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
            if _local(element.tag) != "tu":
                continue
            unit = _unit(element, source, target, languages)
            if unit is not None:
                units.append(unit)
            parents[-1].clear()  # the units read so far, and their text, are no longer held
    except (ET.ParseError, DefusedXmlException) as error:
        raise TmxError(f"The file is not well-formed XML without entity declarations: {error}") from None
    if not units:
        found = ", ".join(sorted(language for language in languages if language)) or "none"
        raise TmxError(f"No unit has both a {source!r} and an {target!r} segment (languages found: {found}).")
    return units


def _unit(tu: ET.Element, source: str, target: str, languages: set[str]) -> Pair | None:
    segments: dict[str, str] = {}
    for tuv in tu:
        if _local(tuv.tag) != "tuv":
            continue
        language = _language(tuv.get(XML_LANG) or tuv.get("lang") or "")
        seg = next((s for s in tuv if _local(s.tag) == "seg"), None)
        languages.add(language)
        if seg is not None and language not in segments:
            segments[language] = " ".join(_text(seg).split())
    if not (segments.get(source) and segments.get(target)):
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
