"""A paragraph of runs as one segment, for the formats that keep formatting in runs (DOCX's
WordprocessingML, PPTX's DrawingML): each run that holds text is a span whose mark is the run itself
(its properties: bold, colour, a link on a PowerPoint run), each container (a Word hyperlink, a tracked
insertion, a content control) a span around its runs, and everything else (a run of a drawing, a
bookmark, a line break, a field) an empty span. The model reads the paragraph's text whole; the
translation gets the same elements back (``workers/inline``), each once, around the words that render
what it held.

Words of the translation that no run's span covers get a run of their own with the run properties that
hold most of the paragraph's characters (inside a container, those of its first run): a sentence's
function words take the paragraph's plain formatting, never a bold name's.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeAlias

from lxml import etree

from workers.inline.marked import MAX_DEPTH, Marked, MarkedBuilder, Span

Element: TypeAlias = etree._Element


def _itself(container: Element) -> Element:
    return container


_PRESERVE = "{http://www.w3.org/XML/1998/namespace}space"


def text_child(
    tag: str, preserve: bool = False
) -> tuple[Callable[[Element], str], Callable[[Element, str], None]]:
    """How a run whose text is one child element (DrawingML's ``a:t``, SpreadsheetML's ``t``) is read and
    written; with ``preserve``, the space around its text is marked as kept (``xml:space``)."""

    def text(run: Element) -> str:
        found = run.find(tag)
        return (found.text or "") if found is not None else ""

    def set_text(run: Element, value: str) -> None:
        found = run.find(tag)
        if found is None:
            found = etree.SubElement(run, tag)
        found.text = value
        if preserve:
            found.set(_PRESERVE, "preserve")

    return text, set_text


@dataclass(frozen=True)
class RunGrammar:
    """How a format writes a paragraph: its run and run-properties tags, the containers runs sit in
    (and where a container's runs are), the paragraph's children that stay put before and after the
    runs (paragraph properties; DrawingML's end-of-paragraph properties), how a run's text is read and
    written, what keeps a paragraph from being carried at all (a field whose parts must stay in order),
    and which empty elements break a line (a space between the words around them)."""

    run: str
    properties: str
    text: Callable[[Element], str]
    set_text: Callable[[Element, str], None]
    containers: frozenset[str] = frozenset()
    leading: frozenset[str] = frozenset()
    trailing: frozenset[str] = frozenset()
    content: Callable[[Element], Element] = _itself
    kept_in_container: frozenset[str] = frozenset()
    not_carried: str | None = None
    breaks: frozenset[str] = frozenset()


@dataclass
class RunParagraph:
    paragraph: Element
    grammar: RunGrammar
    marked: Marked
    marks: list[Element] = field(default_factory=list)
    carried: bool = True

    @classmethod
    def read(cls, paragraph: Element, grammar: RunGrammar) -> RunParagraph:
        builder, marks = MarkedBuilder(), []

        def walk(parent: Element) -> None:
            for child in parent:
                if not isinstance(child.tag, str) or child.tag in grammar.leading | grammar.trailing:
                    continue
                if parent is not paragraph and child.tag in grammar.kept_in_container:
                    continue
                marks.append(child)
                mark = len(marks) - 1
                text = grammar.text(child) if child.tag == grammar.run else ""
                if child.tag in grammar.containers and builder.depth < MAX_DEPTH:
                    builder.open(mark)
                    walk(grammar.content(child))
                    builder.close()
                elif text:
                    builder.open(mark)
                    builder.text(text)
                    builder.close()
                else:
                    builder.void(mark)
                    if child.tag in grammar.breaks:
                        builder.text(" ")  # a line break parts the words on either side

        walk(paragraph)
        carried = grammar.not_carried is None or next(paragraph.iter(grammar.not_carried), None) is None
        return cls(paragraph, grammar, builder.built(), marks, carried)

    def write(self, translation: Marked) -> None:
        """The paragraph's runs replaced by ``translation``'s: each mark's element once, in its span's
        place, a run holding its span's words."""
        grammar = self.grammar
        children = [c for c in self.paragraph if isinstance(c.tag, str)]
        leading = [c for c in children if c.tag in grammar.leading]
        trailing = [c for c in children if c.tag in grammar.trailing]
        for child in children:
            self.paragraph.remove(child)
        for child in leading:
            self.paragraph.append(child)
        bounds = (0, len(translation.text))
        self._emit(self.paragraph, translation.spans, translation.text, bounds, self._plain())
        for child in trailing:
            self.paragraph.append(child)

    def _plain(self) -> Element | None:
        """The run properties that hold most of the paragraph's characters."""
        weights: dict[bytes, int] = {}
        found: dict[bytes, Element | None] = {}
        for run in (m for m in self.marks if m.tag == self.grammar.run):
            properties = run.find(self.grammar.properties)
            key = b"" if properties is None else etree.tostring(properties)
            weights[key] = weights.get(key, 0) + len(self.grammar.text(run))
            found.setdefault(key, properties)
        return found[max(weights, key=weights.__getitem__)] if weights else None

    def _emit(self, parent: Element, spans: tuple[Span, ...], text: str, bounds: tuple[int, int],
              plain: Element | None) -> None:  # fmt: skip
        grammar, at = self.grammar, bounds[0]
        for span in sorted(spans, key=lambda s: (s.start, s.end)):
            self._gap(parent, text[at : span.start], plain)
            element = self.marks[span.mark]
            if element.tag in grammar.containers:
                inner = grammar.content(element)
                first = next((r for r in inner.iter(grammar.run) if grammar.text(r)), None)
                inside = first.find(grammar.properties) if first is not None else None
                for child in list(inner):
                    if isinstance(child.tag, str) and child.tag not in grammar.kept_in_container:
                        inner.remove(child)
                style = plain if inside is None else inside
                self._emit(inner, span.children, text, (span.start, span.end), style)
            elif element.tag == grammar.run and grammar.text(element):
                grammar.set_text(element, text[span.start : span.end])
            parent.append(element)
            at = max(at, span.end)
        self._gap(parent, text[at : bounds[1]], plain)

    def _gap(self, parent: Element, words: str, plain: Element | None) -> None:
        if not words:
            return
        run = etree.SubElement(parent, self.grammar.run)
        if plain is not None:
            run.append(copy.deepcopy(plain))
        self.grammar.set_text(run, words)
