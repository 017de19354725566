"""``.xlf``/``.xliff`` files, versions 1.2 and 2.x: each unit's source (in 2.x each segment's) is a
segment with its inline codes as codes (``workers/inline/mixed.py``): ``g``/``mrk`` (1.2) and
``pc``/``mrk`` (2.x) wrap the words they wrapped, placeholders and paired codes' halves stay whole. The
translation is written into the unit's ``target`` (made where there is none) and marked translated:
``state="translated"`` on a 1.2 target, on a 2.x segment. Units marked ``translate="no"`` are left
alone, as is everything else of the file.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from workers.contract.limits import Limits
from workers.documents.formats import DocumentError
from workers.inline.carry import Translated, carried
from workers.inline.mixed import Mixed

V1 = "urn:oasis:names:tc:xliff:document:1.2"
V2 = "urn:oasis:names:tc:xliff:document:2.0"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


@dataclass(frozen=True)
class Version:
    """Where a version keeps its units' text, which inline elements wrap text, and where the state goes."""

    namespace: str
    unit: str  # what holds a source and its target: a 1.2 trans-unit, a 2.x segment
    containers: frozenset[str]

    def tag(self, name: str) -> str:
        return f"{{{self.namespace}}}{name}"


VERSIONS = {
    V1: Version(V1, "trans-unit", frozenset({f"{{{V1}}}g", f"{{{V1}}}mrk"})),
    V2: Version(V2, "segment", frozenset({f"{{{V2}}}pc", f"{{{V2}}}mrk"})),
}


def segments(data: bytes, limits: Limits) -> list[str]:
    root, version = _parsed(data)
    return [text for _unit, source in _units(root, version) if (text := _read(source, version).marked.text)]


def rebuilt(data: bytes, translated: list[Translated], limits: Limits) -> bytes:
    root, version = _parsed(data)
    given = iter(translated)
    for unit, source in _units(root, version):
        read = _read(source, version)
        if read.marked.text and (translation := next(given, None)) is not None:
            read.write(_target(unit, source, version), carried(read.marked, translation))
            (unit if version.namespace == V2 else unit.find(version.tag("target"))).set("state", "translated")
    return etree.tostring(root.getroottree(), xml_declaration=True, encoding="UTF-8")


def _read(source: etree._Element, version: Version) -> Mixed:
    return Mixed.read(source, version.containers)


def _parsed(data: bytes) -> tuple[etree._Element, Version]:
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as error:
        raise DocumentError(f"The file is not readable XLIFF ({error}).") from None
    namespace = etree.QName(root).namespace or ""
    if namespace not in VERSIONS:
        raise DocumentError("The file is not XLIFF 1.2 or 2.x: its root is not an xliff element of either.")
    return root, VERSIONS[namespace]


def _units(root: etree._Element, version: Version) -> Iterator[tuple[etree._Element, etree._Element]]:
    """Each unit to translate with its source, in document order, those marked not to be left out."""
    for unit in list(root.iter(version.tag(version.unit))):
        held = [unit, *unit.iterancestors()]
        if any(element.get("translate") == "no" for element in held):
            continue
        source = unit.find(version.tag("source"))
        if source is not None:
            yield unit, source


def _target(unit: etree._Element, source: etree._Element, version: Version) -> etree._Element:
    """The unit's target, made right after its source where it has none."""
    found = unit.find(version.tag("target"))
    if found is None:
        found = etree.Element(version.tag("target"))
        found.tail = source.tail
        source.addnext(found)
    return found
