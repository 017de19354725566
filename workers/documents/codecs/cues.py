"""A subtitle cue's text (``.srt``, ``.vtt``) as one segment: its lines read as one sentence's text (a
cue's lines are one utterance, broken only to fit the screen), its tags (``<i>``, ``<b>``, ``<font>``,
VTT's ``<v Speaker>`` and ``<c.class>``) carried as inline markup (``workers/inline/html.py``, every tag
inline), and the translation broken into as many lines as the cue had, at the spaces nearest to even
lengths. Timings, numbers, identifiers and settings are the subtitle library's and stay as they were.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from workers.inline import html as inline_html
from workers.inline.carry import Translated, carried
from workers.inline.marked import Marked

CUE_TAGS = inline_html.TagRules(xml=True)


@dataclass(frozen=True)
class Cue:
    layout: inline_html.Layout
    lines: int

    @classmethod
    def read(cls, text: str) -> Cue:
        return cls(inline_html.read(text, CUE_TAGS), text.strip().count("\n") + 1)

    @property
    def text(self) -> str:
        """What is translated: the cue's words, on one line; empty for a cue of no words."""
        return " ".join(inline_html.texts(self.layout))

    def written(self, translation: Translated | None, escape: Callable[[str], str]) -> str:
        """The cue's text with ``translation`` in place of its words, in as many lines as it had."""
        made = [
            _broken(carried(segment.marked, translation) if translation else segment.marked, self.lines)
            for segment in inline_html.segments(self.layout)
        ]
        return inline_html.write(self.layout, made, escape)


def _broken(marked: Marked, lines: int) -> Marked:
    """``marked`` with ``lines - 1`` of its spaces made line breaks (same length: its spans stay)."""
    spaces = [i for i, c in enumerate(marked.text) if c == " "]
    chosen: set[int] = set()
    for n in range(1, lines):
        ideal = len(marked.text) * n / lines
        free = [i for i in spaces if i not in chosen]
        if free:
            chosen.add(min(free, key=lambda i: abs(i - ideal)))
    text = "".join("\n" if i in chosen else c for i, c in enumerate(marked.text))
    return replace(marked, text=text)


def as_it_is(text: str) -> str:
    """SubRip has no escapes: its text is written as it reads."""
    return text
