"""HTML and XML read into segments with their inline markup, and written back around translations.

Block elements (``<p>``, ``<li>``, ``<td>``…) and DeepL's ``splitting_tags`` end a segment; inline
elements (``<b>``, ``<a href>``, ``<span>``…) and DeepL's ``non_splitting_tags`` stay inside it as spans,
so a sentence is translated whole and its markup is projected back (``project.py``). In XML every
element is inline unless named in ``splitting_tags``. Each tag is a mark kept exactly as written
(attributes verbatim); void elements (``<br>``, ``<img>``) and anything that is not a tag inside a
segment (a comment) are empty spans. What must not be translated is held whole as one empty span: an
element marked ``translate="no"`` or ``class="notranslate"``, code (``<code>``, ``<kbd>``, ``<samp>``,
``<var>``, ``<script>``, ``<style>``) and DeepL's ``ignore_tags``.

What lies between segments (block tags, blank text, the doctype) is kept as written. The document is
read in one pass over ``markup.pieces`` (linear in its length), so a client's document cannot make it
search anything twice.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from workers.inline.marked import MAX_DEPTH, Marked, MarkedBuilder, Span
from workers.text.markup import Piece, pieces, written

_TAG = re.compile(r"<(/?)([A-Za-z][\w:.-]*)([^>]*?)(/?)>$", re.S)
_NO_TRANSLATE = re.compile(r"""\btranslate\s*=\s*["']?no\b|\bclass\s*=\s*["'][^"']*\bnotranslate\b""", re.I)
INLINE = frozenset(
    (
        "a", "abbr", "acronym", "b", "bdi", "bdo", "big", "br", "cite", "data", "del", "dfn", "em", "font",
        "i", "img", "input", "ins", "label", "mark", "q", "rp", "rt", "ruby", "s", "small", "span",
        "strike", "strong", "sub", "sup", "time", "tt", "u", "wbr",
    )
)  # fmt: skip
VOID = frozenset(
    ("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track",
     "wbr")
)  # fmt: skip
UNTRANSLATED = frozenset(("code", "kbd", "samp", "var", "script", "style", "textarea"))
# Void elements that read as a space between words.
BREAKS = frozenset({"br", "wbr"})


@dataclass(frozen=True)
class TagRules:
    """Which elements split, which stay inline and which are left alone: HTML's own, or DeepL's
    parameters (``splitting_tags``, ``non_splitting_tags``, ``ignore_tags``) for ``tag_handling``."""

    xml: bool = False
    splitting: frozenset[str] = frozenset()
    non_splitting: frozenset[str] = frozenset()
    ignored: frozenset[str] = frozenset()
    # XML only (DeepL's ``outline_detection``): an element whose parent holds no text of its own, only
    # elements, is structure and splits.
    outline: bool = False

    def inline(self, name: str) -> bool:
        if name in self.splitting:
            return False
        return self.xml or name in INLINE or name in self.non_splitting

    def untranslated(self, name: str, rest: str) -> bool:
        return (
            name in self.ignored
            or (not self.xml and name in UNTRANSLATED)
            or bool(_NO_TRANSLATE.search(rest))
        )


@dataclass
class Segment:
    """One segment of a document: its text and spans, and what each mark was as written (its opening
    markup, and its closing markup where it has one)."""

    marked: Marked
    marks: list[tuple[str, str]]


Layout = list[str | Segment]


def read(document: str, rules: TagRules = TagRules()) -> Layout:
    """``document`` as what stays as written and its segments, in order."""
    found = pieces(document)
    structure = _outline(found) if rules.xml and rules.outline else frozenset()
    return _Reader(rules, structure).read(found)


def _outline(found: list[Piece]) -> frozenset[int]:
    """The opening tags (by piece) of elements whose parent holds no text of its own: XML's structure.
    One pass: each open element's frame learns whether text sits directly in it."""
    frames: list[tuple[str, list[int], list[bool]]] = []  # name, its children's openings, has text
    structure: set[int] = set()
    for index, piece in enumerate(found):
        tag = None if piece.translate else _TAG.match(piece.text)
        if tag is None:
            if (frames and piece.text.strip() and not piece.text.startswith("<")) or (
                frames and piece.translate
            ):
                frames[-1][2][0] = True
            continue
        name = tag[2].lower()
        if tag[1]:  # closing: its children are structure where it held no text
            while frames and frames[-1][0] != name and len(frames) > 1:
                _ended(frames.pop(), structure)
            if frames and frames[-1][0] == name:
                _ended(frames.pop(), structure)
        elif not tag[4]:
            if frames:
                frames[-1][1].append(index)
            frames.append((name, [], [False]))
    while frames:
        _ended(frames.pop(), structure)
    return frozenset(structure)


def _ended(frame: tuple[str, list[int], list[bool]], structure: set[int]) -> None:
    _name, children, has_text = frame
    if not has_text[0]:
        structure.update(children)


def write(layout: Layout, translations: Iterable[Marked], escape: Callable[[str], str] = written) -> str:
    """The document again, segment ``i`` replaced by ``translations[i]`` with its marks around its spans;
    text escaped by ``escape`` (HTML's by default; a subtitle's text is written as it is)."""
    return _written(layout, translations, escape, places=False)[0]


def written_with_places(
    layout: Layout, translations: Iterable[Marked], escape: Callable[[str], str] = written
) -> tuple[str, list[list[int]]]:
    """``write``'s document, and for each segment where each character of its text (and its end) landed
    in it: a term's span in a segment's text is then a span in the document as written."""
    return _written(layout, translations, escape, places=True)


def _written(
    layout: Layout, translations: Iterable[Marked], escape: Callable[[str], str], places: bool
) -> tuple[str, list[list[int]]]:
    given = iter(translations)
    out: list[str] = []
    found: list[list[int]] = []
    length = 0
    for part in layout:
        if isinstance(part, str):
            out.append(part)
        else:
            text, at = _rendered(next(given, part.marked), part.marks, escape, places)
            out.append(text)
            found.append([length + i for i in at])
        length += len(out[-1])
    return "".join(out), found


def rendered(marked: Marked, marks: list[tuple[str, str]], escape: Callable[[str], str] = written) -> str:
    """A segment's text with its marks' markup at its spans' ends; text escaped by ``escape``."""
    return _rendered(marked, marks, escape, places=False)[0]


def _rendered(
    marked: Marked, marks: list[tuple[str, str]], escape: Callable[[str], str], places: bool
) -> tuple[str, list[int]]:
    """The segment rendered, and (with ``places``) where each character of its text, and its end, is in
    the rendering: escaped a character at a time only then, each stretch whole otherwise."""
    out: list[str] = []
    where: list[int] = []
    length = at = 0

    def put(markup: str) -> None:
        nonlocal length
        out.append(markup)
        length += len(markup)

    def text_to(end: int) -> None:
        nonlocal at
        if not places:
            put(escape(marked.text[at:end]))
        for character in marked.text[at:end] if places else "":
            where.append(length)
            put(escape(character))
        at = max(at, end)

    def walk(spans: tuple[Span, ...]) -> None:
        for span in sorted(spans, key=lambda s: (s.start, s.end)):
            text_to(span.start)
            opening, closing = marks[span.mark]
            put(opening)
            walk(span.children)
            text_to(span.end)
            put(closing)

    walk(marked.spans)
    text_to(len(marked.text))
    where.append(length)
    return "".join(out), where


@dataclass
class _Reader:
    rules: TagRules
    structure: frozenset[int] = frozenset()  # opening tags that split (``_outline``)
    blocks: list[str] = field(default_factory=list)  # structural elements open, by name
    layout: Layout = field(default_factory=list)
    builder: MarkedBuilder = field(default_factory=MarkedBuilder)
    marks: list[tuple[str, str]] = field(default_factory=list)
    stack: list[tuple[str, int]] = field(default_factory=list)  # open inline elements: name, mark
    held: list[str] | None = None  # the raw pieces of an element held whole
    raw: list[str] = field(default_factory=list)  # the open segment's pieces as written
    held_name: str = ""
    held_depth: int = 0

    def read(self, found: Iterable[Piece]) -> Layout:
        for index, piece in enumerate(found):
            if self.held is not None:
                self._hold(piece)
            elif piece.translate:
                self.builder.text(piece.text)
            elif not piece.text.startswith("<"):  # text without words: spaces, punctuation, entities
                self._between(piece.text)
            else:
                self._markup(piece.text, index in self.structure)
            if self.marks or self.builder.has_text:
                self.raw.append(written(piece.text) if piece.translate else piece.text)
        if self.held is not None:  # never closed: held to the end, where it is
            whole = "".join(self.held)
            self._void(whole) if self.marks or self.builder.has_text else self.layout.append(whole)
        self._flush()
        return self.layout

    def _between(self, raw: str) -> None:
        if self.marks or self.builder.has_text:
            self.builder.text(html.unescape(raw))
        else:
            self.layout.append(raw)

    def _markup(self, raw: str, structural: bool = False) -> None:
        tag = _TAG.match(raw)
        if tag is None:  # a comment, a doctype, CDATA, a script or style element with its content
            self._void(raw) if self.marks or self.builder.has_text else self.layout.append(raw)
            return
        closing, name, rest, selfclosing = bool(tag[1]), tag[2].lower(), tag[3], bool(tag[4])
        if not closing and not selfclosing and name not in VOID and self.rules.untranslated(name, rest):
            self.held, self.held_name, self.held_depth = [raw], name, 1
        elif structural and name not in self.rules.non_splitting:
            self._flush()
            self.layout.append(raw)
            self.blocks.append(name)
        elif (
            closing
            and self.blocks
            and self.blocks[-1] == name
            and not (self.stack and self.stack[-1][0] == name)
        ):
            self.blocks.pop()
            self._flush()
            self.layout.append(raw)
        elif not self.rules.inline(name) and not (closing and self.stack and self.stack[-1][0] == name):
            self._flush()
            self.layout.append(raw)
        elif closing:
            self._close(name, raw)
        elif selfclosing or name in VOID:
            self._void(raw)
            if name in BREAKS:
                self.builder.text(" ")
        elif self.builder.depth >= MAX_DEPTH:
            self._void(raw)
        else:
            self.marks.append((raw, ""))
            self.stack.append((name, len(self.marks) - 1))
            self.builder.open(len(self.marks) - 1)

    def _closes_block(self, name: str) -> bool:
        """Whether a closing tag ends the structural element open last (not an inline one of its name)."""
        inline_open = bool(self.stack) and self.stack[-1][0] == name
        return bool(self.blocks) and self.blocks[-1] == name and not inline_open

    def _close(self, name: str, raw: str) -> None:
        if self.stack and self.stack[-1][0] == name:
            _, mark = self.stack.pop()
            self.marks[mark] = (self.marks[mark][0], raw)
            self.builder.close()
        else:  # a closing tag with no opening in this segment: kept where it is
            self._void(raw) if self.marks or self.builder.has_text else self.layout.append(raw)

    def _hold(self, piece: Piece) -> None:
        """Collect a held element's pieces as written, to its matching closing tag."""
        assert self.held is not None
        raw = written(piece.text) if piece.translate else piece.text
        self.held.append(raw)
        tag = None if piece.translate else _TAG.match(raw)
        if tag and tag[2].lower() == self.held_name and not tag[4]:
            self.held_depth += -1 if tag[1] else 1
        if self.held_depth == 0:
            whole, self.held = "".join(self.held), None
            if self.marks or self.builder.has_text:
                self._void(whole)
                self.builder.text(" ")  # it stands where its words were: a word apart
            else:
                self.layout.append(whole)

    def _void(self, raw: str) -> None:
        self.marks.append((raw, ""))
        self.builder.void(len(self.marks) - 1)

    def _flush(self) -> None:
        """End the segment: the elements still open are closed at its end (their closing tags, met
        later, stay where they are); a segment with no words is written back as it was."""
        built = self.builder.built()
        if built.text:
            self.layout += [self.builder.lead, Segment(built, self.marks), self.builder.trail]
        elif self.raw:
            self.layout.append("".join(self.raw))
        self.builder, self.marks, self.stack, self.raw = MarkedBuilder(), [], [], []


def segments(layout: Layout) -> list[Segment]:
    return [part for part in layout if isinstance(part, Segment)]


def texts(layout: Layout) -> Iterator[str]:
    """The segments' texts, in order: what is translated."""
    return (segment.marked.text for segment in segments(layout))
