"""An XML element of mixed content (text with inline elements, as an XLIFF ``source``) read as a segment
and written back: each inline element that wraps text (XLIFF's ``g``, ``pc``, ``mrk``) a span around
it, each other (a placeholder or a paired code's half: ``x``, ``ph``, ``bpt``, ``sc``…) an empty span
kept whole with whatever it holds, and the translation written into a new element with the same
elements, each once, around the words that render what it wrapped (``project.py``)."""

from __future__ import annotations

import copy
from collections.abc import Collection
from dataclasses import dataclass

from lxml import etree

from workers.inline.marked import MAX_DEPTH, Marked, MarkedBuilder, Span


@dataclass
class Mixed:
    marked: Marked
    marks: list[etree._Element]
    containers: Collection[str]

    @classmethod
    def read(cls, element: etree._Element, containers: Collection[str]) -> Mixed:
        builder, marks = MarkedBuilder(), []

        def walk(parent: etree._Element) -> None:
            builder.text(parent.text or "")
            for child in parent:
                if isinstance(child.tag, str):
                    marks.append(child)
                    if child.tag in containers and builder.depth < MAX_DEPTH:
                        builder.open(len(marks) - 1)
                        walk(child)
                        builder.close()
                    else:
                        builder.void(len(marks) - 1)
                builder.text(child.tail or "")

        walk(element)
        return cls(builder.built(), marks, containers)

    def write(self, into: etree._Element, translation: Marked) -> None:
        """``into``'s content made ``translation``, with copies of the marks' elements."""
        for child in list(into):
            into.remove(child)
        into.text = None
        self._emit(into, translation.spans, translation.text, 0, len(translation.text))

    def _emit(self, parent: etree._Element, spans: tuple[Span, ...], text: str, start: int, end: int) -> None:
        at = start
        for span in sorted(spans, key=lambda s: (s.start, s.end)):
            _append_text(parent, text[at : span.start])
            original = self.marks[span.mark]
            if original.tag in self.containers:
                made = etree.SubElement(parent, original.tag, dict(original.attrib))
                self._emit(made, span.children, text, span.start, span.end)
            else:
                made = copy.deepcopy(original)
                made.tail = None
                parent.append(made)
            at = max(at, span.end)
        _append_text(parent, text[at:end])


def _append_text(parent: etree._Element, text: str) -> None:
    """Text after what ``parent`` holds so far: its text, or its last child's tail."""
    if not text:
        return
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text
