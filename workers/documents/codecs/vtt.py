"""``.vtt`` subtitles (WebVTT), read and written by ``webvtt-py``: each cue's text a segment
(``cues.py``), its identifier, timings and settings, and the file's header, STYLE and NOTE blocks, as
they were. VTT escapes ``&``, ``<`` and ``>`` as HTML does."""

from __future__ import annotations

import webvtt
from webvtt.errors import MalformedFileError

from workers.contract.limits import Limits
from workers.documents.codecs import decoded
from workers.documents.codecs.cues import Cue
from workers.documents.formats import KINDS, DocumentError
from workers.inline.carry import Translated
from workers.text.markup import written

KIND = KINDS["vtt"]


def _captions(data: bytes) -> webvtt.WebVTT:
    text, _bom = decoded(data, KIND)
    try:
        return webvtt.from_string(text)
    except MalformedFileError as error:
        raise DocumentError(f"The file is not a readable .vtt subtitle file ({error}).") from None


def segments(data: bytes, limits: Limits) -> list[str]:
    return [text for caption in _captions(data).captions if (text := Cue.read(caption.raw_text).text)]


def rebuilt(data: bytes, translated: list[Translated], limits: Limits) -> bytes:
    captions = _captions(data)
    given = iter(translated)
    for caption in captions.captions:
        cue = Cue.read(caption.raw_text)
        if cue.text:
            caption.text = cue.written(next(given, None), written)
    return captions.content.encode()
