"""``.srt`` subtitles (SubRip), read and written by the ``srt`` library: each cue's text a segment
(``cues.py``), its number and timings as they were."""

from __future__ import annotations

import srt

from workers.contract.limits import Limits
from workers.documents.codecs import decoded
from workers.documents.codecs.cues import Cue, as_it_is
from workers.documents.formats import KINDS, DocumentError
from workers.inline.carry import Translated

KIND = KINDS["srt"]


def _subtitles(data: bytes) -> tuple[list[srt.Subtitle], str]:
    text, bom = decoded(data, KIND)
    try:
        return list(srt.parse(text)), bom
    except srt.SRTParseError as error:
        raise DocumentError(f"The file is not a readable .srt subtitle file ({error}).") from None


def segments(data: bytes, limits: Limits) -> list[str]:
    return [text for subtitle in _subtitles(data)[0] if (text := Cue.read(subtitle.content).text)]


def rebuilt(data: bytes, translated: list[Translated], limits: Limits) -> bytes:
    subtitles, bom = _subtitles(data)
    given = iter(translated)
    for subtitle in subtitles:
        cue = Cue.read(subtitle.content)
        if cue.text:
            subtitle.content = cue.written(next(given, None), as_it_is)
    return (bom + srt.compose(subtitles, reindex=False)).encode()
