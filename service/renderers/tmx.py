"""TMX 1.4b: one translation unit per sentence pair, the article and paragraph as properties.

Built with ElementTree, so every character of the text is escaped by the XML writer, not by hand.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from service.renderers.pairs import document_languages, languages, sentence_pairs, summary_pairs
from workers.contract.result import HUMAN_ORIGINS
from workers.tmx import tmx_date

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def render(document: dict[str, Any]) -> bytes:
    root = ET.Element("tmx", version="1.4")
    ET.SubElement(root, "header", {
        "creationtool": "Warta", "creationtoolversion": "1", "segtype": "sentence", "o-tmf": "warta-json",
        "adminlang": "en", "srclang": document_languages(document)[0], "datatype": "plaintext",
    })  # fmt: skip
    body = ET.SubElement(root, "body")
    for article in document.get("articles", []):
        for paragraph, sentence in sentence_pairs(article):
            if sentence.get("target") is not None:
                _unit(body, f"{article['id']}:{sentence['index']}", sentence, article, str(paragraph))
        for n, sentence in enumerate(summary_pairs(article)):
            _unit(body, f"{article['id']}:summary:{n}", sentence, article, "summary")
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _unit(
    body: ET.Element, tuid: str, sentence: dict[str, Any], article: dict[str, Any], paragraph: str
) -> None:
    """One unit; a person's English (an edit, or the human memory) says who wrote it and when."""
    marks = {"tuid": tuid}
    if sentence.get("origin") in HUMAN_ORIGINS and sentence.get("changed_at"):
        marks["changeid"] = str(sentence.get("changed_by") or "")
        marks["changedate"] = tmx_date(sentence["changed_at"])
    unit = ET.SubElement(body, "tu", marks)
    ET.SubElement(unit, "prop", type="x-article").text = str(article["id"])
    ET.SubElement(unit, "prop", type="x-paragraph").text = paragraph
    if sentence.get("origin"):
        ET.SubElement(unit, "prop", type="x-origin").text = sentence["origin"]
    for lang, key in zip(languages(article), ("source", "target"), strict=True):
        variant = ET.SubElement(unit, "tuv", {XML_LANG: lang})
        ET.SubElement(variant, "seg").text = sentence[key] or ""
