"""Each document format read into segments and written back in its own format (its codec under
``workers/documents/codecs/``), checked with the format's own library: structure, timings, codes and
markup where they were, and the translation in place. Translations here are given (as the translation
memory would give them); the API paths are in test_inline_documents.py and test_documents.py."""

from __future__ import annotations

import io

import docx
import pytest
import srt
import webvtt
from docx.oxml.ns import qn
from lxml import etree

from tests.documents_data import text_pdf
from workers.contract.limits import Limits
from workers.contract.result import SentencePair
from workers.documents.convert import rebuilt, segments
from workers.documents.formats import KINDS, DocumentError, document_format
from workers.inline.carry import Translated

ENGLISH = {
    "Presiden Joko Widodo tiba di Jakarta & Bogor.": "President Joko Widodo arrived in Jakarta & Bogor.",
    "Harga beras naik.": "Rice prices rose.",
}
VTT = """WEBVTT - Berita

STYLE
::cue { color: yellow }

NOTE dari redaksi

intro
00:00:01.000 --> 00:00:04.000 align:start position:10%
Presiden <b>Joko Widodo</b>
tiba di Jakarta &amp; Bogor.

00:00:05.000 --> 00:00:07.500
<v Narator>Harga beras naik.
"""
SRT = """1
00:00:01,000 --> 00:00:04,000
Presiden <i>Joko Widodo</i>
tiba di Jakarta & Bogor.

2
00:00:05,000 --> 00:00:07,500
Harga beras naik.
"""


def translated(data: bytes, kind: str) -> tuple[list[str], bytes]:
    lines = segments(data, KINDS[kind], Limits())
    given = [Translated([SentencePair(source=line, target=ENGLISH[line])], lambda *_: None) for line in lines]
    return lines, rebuilt(data, KINDS[kind], given, Limits())


def test_srt_cues_keep_their_numbers_timings_tags_and_line_count() -> None:
    lines, out = translated(SRT.encode(), "srt")
    assert lines == list(ENGLISH)
    before, after = list(srt.parse(SRT)), list(srt.parse(out.decode()))
    assert [(s.index, s.start, s.end) for s in after] == [(s.index, s.start, s.end) for s in before]
    assert after[0].content == "President <i>Joko Widodo</i>\narrived in Jakarta & Bogor."
    assert after[1].content == "Rice prices rose."


def test_vtt_keeps_its_header_style_notes_identifiers_settings_and_voice() -> None:
    lines, out = translated(VTT.encode(), "vtt")
    assert lines == list(ENGLISH)
    text = out.decode()
    assert text.startswith(
        "WEBVTT - Berita\n\nSTYLE\n::cue { color: yellow }\n\nNOTE dari redaksi\n\nintro\n"
    )
    captions = webvtt.from_string(text).captions
    timings = [("intro", "00:00:01.000", "00:00:04.000"), (None, "00:00:05.000", "00:00:07.500")]
    assert [(c.identifier, c.start, c.end) for c in captions] == timings
    assert "align:start position:10%" in text
    assert captions[0].raw_text == "President <b>Joko Widodo</b>\narrived in Jakarta &amp; Bogor."
    assert captions[1].raw_text == "<v Narator>Rice prices rose."


def test_a_nameless_upload_is_recognized_by_its_first_bytes() -> None:
    assert document_format("", SRT.encode()).name == "srt"
    assert document_format("", VTT.encode()).name == "vtt"
    assert document_format("", b"<p>Halo</p>").name == "html"
    assert document_format("", b"Halo dunia.").name == "txt"
    buffer = io.BytesIO()
    import pptx

    pptx.Presentation().save(buffer)
    assert document_format("", buffer.getvalue()).name == "pptx"


XLIFF_1 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file source-language="id" target-language="en" datatype="html" original="berita.html">
    <body>
      <trans-unit id="1">
        <source>Presiden <g id="1" ctype="bold">Joko Widodo</g> tiba di Jakarta<x id="2"/>
 &amp; Bogor.</source>
      </trans-unit>
      <trans-unit id="2" translate="no"><source>Kompas</source></trans-unit>
      <trans-unit id="3"><source>Harga beras naik.</source><target state="new">lama</target></trans-unit>
    </body>
  </file>
</xliff>
"""
XLIFF_2 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="id" trgLang="en">
  <file id="f1">
    <unit id="u1">
      <segment><source>Presiden <pc id="1" type="fmt">Joko Widodo</pc> tiba di
        Jakarta<ph id="2"/> &amp; Bogor.</source></segment>
    </unit>
    <unit id="u2"><segment state="initial"><source>Harga beras naik.</source></segment></unit>
  </file>
</xliff>
"""


def test_xliff_12_inline_codes_stay_codes_and_targets_are_marked_translated() -> None:
    lines, out = translated(XLIFF_1.encode(), "xliff")
    assert lines == list(ENGLISH)
    root = etree.fromstring(out)
    v1 = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
    first, skipped, third = root.iterfind(".//x:trans-unit", v1)
    target = first.find("x:target", v1)
    assert etree.tostring(target, encoding=str, with_tail=False).split(">", 1)[1].rsplit("<", 1)[0] == (
        'President <g id="1" ctype="bold">Joko Widodo</g> arrived in Jakarta<x id="2"/> &amp; Bogor.'
    )
    assert target.get("state") == "translated" and skipped.find("x:target", v1) is None
    assert (third.find("x:target", v1).text, third.find("x:target", v1).get("state")) == (
        "Rice prices rose.",
        "translated",
    )


def test_xliff_2_segments_get_targets_with_their_codes_and_their_state() -> None:
    lines, out = translated(XLIFF_2.encode(), "xliff")
    assert lines == list(ENGLISH)
    v2 = {"x": "urn:oasis:names:tc:xliff:document:2.0"}
    segments_ = etree.fromstring(out).findall(".//x:segment", v2)
    assert [s.get("state") for s in segments_] == ["translated", "translated"]
    target = segments_[0].find("x:target", v2)
    assert target.find("x:pc", v2).text == "Joko Widodo" and target.find("x:ph", v2).get("id") == "2"
    assert "".join(target.itertext()) == "President Joko Widodo arrived in Jakarta & Bogor."


MARKDOWN = """# Berita

Presiden **Joko Widodo** tiba di [Jakarta](https://example.id/j "Ibu kota") & Bogor.

- Harga beras naik.

| Kota |
|------|
| Harga beras naik. |

```
Harga beras naik.
```
"""


def test_markdown_keeps_its_structure_code_and_links_around_the_words() -> None:
    data = MARKDOWN.encode()
    lines = segments(data, KINDS["md"], Limits())
    assert lines == ["Berita", *list(ENGLISH)[:1], "Harga beras naik.", "Kota", "Harga beras naik."]
    english = {**ENGLISH, "Berita": "News", "Kota": "City"}
    given = [Translated([SentencePair(source=line, target=english[line])], lambda *_: None) for line in lines]
    out = rebuilt(data, KINDS["md"], given, Limits()).decode()
    assert out == MARKDOWN.replace("# Berita", "# News").replace(
        'Presiden **Joko Widodo** tiba di [Jakarta](https://example.id/j "Ibu kota") & Bogor.',
        'President **Joko Widodo** arrived in [Jakarta](https://example.id/j "Ibu kota") & Bogor.',
    ).replace("- Harga beras naik.", "- Rice prices rose.").replace("| Kota |", "| City |").replace(
        "| Harga beras naik. |", "| Rice prices rose. |"
    )


def test_a_pdf_text_layer_comes_back_as_a_word_document_saying_what_layout_is_lost() -> None:
    first = ["Presiden Joko Widodo tiba di Jakarta &", "Bogor.", "", "Harga beras naik."]
    data = text_pdf([first, ["Harga beras naik."]])
    assert document_format("", data).name == "pdf" and KINDS["pdf"].output.name == "docx"
    lines, out = translated(data, "pdf")
    assert lines == [*ENGLISH, "Harga beras naik."]
    document = docx.Document(io.BytesIO(out))
    assert [p.text for p in document.paragraphs if p.text] == [*ENGLISH.values(), "Rice prices rose."]
    assert "layout" in document.core_properties.comments
    assert sum(1 for run in document.element.body.iter(qn("w:br")) if run.get(qn("w:type")) == "page") == 1


def test_a_pdf_without_a_text_layer_is_refused_saying_why() -> None:
    with pytest.raises(DocumentError, match="no text layer"):
        segments(text_pdf([[""]]), KINDS["pdf"], Limits())
