"""XLIFF 2.1: a file per article, a group per paragraph, a unit per sentence pair.

XLIFF ids must be NMTOKENs, so they are built from positions; the user's article id travels in the
file's ``original`` attribute.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from service.renderers.pairs import document_languages, sentence_pairs, summary_pairs
from workers.contract.result import HUMAN_ORIGINS

NS = "urn:oasis:names:tc:xliff:document:2.0"


def render(document: dict[str, Any]) -> bytes:
    ET.register_namespace("", NS)
    source, target = document_languages(document)
    root = ET.Element(f"{{{NS}}}xliff", version="2.1", srcLang=source, trgLang=target)
    for number, article in enumerate(document.get("articles", []), 1):
        file = ET.SubElement(root, f"{{{NS}}}file", id=f"f{number}", original=str(article["id"]))
        groups: dict[int, ET.Element] = {}
        for paragraph, sentence in sentence_pairs(article):
            if paragraph not in groups:
                groups[paragraph] = ET.SubElement(file, f"{{{NS}}}group", id=f"f{number}p{paragraph + 1}")
            _unit(groups[paragraph], f"f{number}s{sentence['index'] + 1}", sentence, _approved(article))
        pairs = summary_pairs(article)
        if pairs:
            summary = ET.SubElement(file, f"{{{NS}}}group", id=f"f{number}summary", type="warta:summary")
            for n, sentence in enumerate(pairs, 1):
                _unit(summary, f"f{number}summary{n}", sentence)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _approved(article: dict[str, Any]) -> bool:
    return bool((article.get("edits") or {}).get("approved"))


def state(sentence: dict[str, Any], approved: bool = False) -> str:
    """XLIFF 2's segment state: ``final`` in an article an editor approved, ``reviewed`` where a person
    wrote the English (an edit, or the human memory) or confirmed it, ``translated`` for the machine's."""
    if sentence.get("target") is None:
        return "initial"
    if approved:
        return "final"
    return "reviewed" if sentence.get("reviewed") or sentence.get("origin") in HUMAN_ORIGINS else "translated"


def _unit(parent: ET.Element, unit_id: str, sentence: dict[str, Any], approved: bool = False) -> None:
    unit = ET.SubElement(parent, f"{{{NS}}}unit", id=unit_id)
    translated = sentence.get("target") is not None
    segment = ET.SubElement(unit, f"{{{NS}}}segment", state=state(sentence, approved))
    ET.SubElement(segment, f"{{{NS}}}source").text = sentence["source"]
    if translated:
        ET.SubElement(segment, f"{{{NS}}}target").text = sentence["target"]
