"""Each document format read into segments and written back in its own format (its codec under
``workers/documents/codecs/``), checked with the format's own library: structure, timings, codes and
markup where they were, and the translation in place. Translations here are given (as the translation
memory would give them); the API paths are in test_inline_documents.py and test_documents.py."""

from __future__ import annotations

import io

import srt
import webvtt

from workers.contract.limits import Limits
from workers.contract.result import SentencePair
from workers.documents.convert import rebuilt, segments
from workers.documents.formats import KINDS, document_format
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
