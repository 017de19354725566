"""TMX 1.4b: one translation unit per sentence pair, the article and paragraph as properties.

Built with ElementTree, so every character of the text is escaped by the XML writer, not by hand.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from service.renderers.pairs import sentence_pairs, summary_pairs

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def render(document: dict[str, Any]) -> bytes:
    root = ET.Element("tmx", version="1.4")
    ET.SubElement(root, "header", {
        "creationtool": "Warta", "creationtoolversion": "1", "segtype": "sentence", "o-tmf": "warta-json",
        "adminlang": "en", "srclang": "id", "datatype": "plaintext",
    })  # fmt: skip
    body = ET.SubElement(root, "body")
    for article in document.get("articles", []):
        for paragraph, sentence in sentence_pairs(article):
            if sentence.get("target") is not None:
                _unit(body, f"{article['id']}:{sentence['index']}", sentence, article["id"], str(paragraph))
        for n, sentence in enumerate(summary_pairs(article)):
            _unit(body, f"{article['id']}:summary:{n}", sentence, article["id"], "summary")
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _unit(body: ET.Element, tuid: str, sentence: dict[str, Any], article: str, paragraph: str) -> None:
    unit = ET.SubElement(body, "tu", tuid=tuid)
    ET.SubElement(unit, "prop", type="x-article").text = str(article)
    ET.SubElement(unit, "prop", type="x-paragraph").text = paragraph
    for lang, key in (("id", "source"), ("en", "target")):
        variant = ET.SubElement(unit, "tuv", {XML_LANG: lang})
        ET.SubElement(variant, "seg").text = sentence[key] or ""
