"""Word (``.docx``) documents as lines to translate, and back with their English, part by part.

Every story of the document is read: the body, headers, footers, footnotes, endnotes and comments (text
boxes and tables are inside them). A paragraph's text is that of its own runs at any depth: inside
tracked insertions (``w:ins``), hyperlinks, content controls (``w:sdt``), smart tags, simple fields
(``w:fldSimple``) and custom XML, never those of a paragraph nested in it (a text box's), never deleted
or moved-away text (``w:del``, ``w:moveFrom``, ``w:delText``) and never field codes (``w:instrText``).
A text box that Word also writes as a fallback for older readers (``mc:Fallback``) is translated once,
and its copy gets the same English.

The zip is rewritten part by part: only the stories' XML changes, every other part (styles, images,
settings) is copied as it was. A paragraph is one segment (``workers/inline``): each run is a span whose
mark is the run itself (its formatting), each link or other container a span around its runs, and the
translation gets them back around the words that render them, so one bold word or a link inside a
sentence stays on its translation. Runs that hold no text (images, field marks) and bookmarks are kept
where their place projects to; tabs and line breaks inside a translated run are dropped. A paragraph
with a complex field is the exception, placed as before: each sentence in the run that held most of it.
The archive caps (``archive.py``) are checked before any part is unpacked.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator

from lxml import etree  # python-docx's own XML library, a dependency of it

from workers.contract.limits import Limits
from workers.documents.codecs.package import Package
from workers.documents.codecs.runs import RunGrammar, RunParagraph
from workers.documents.formats import KINDS
from workers.inline.carry import Translated, carried

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml."
# The stories, in the order the job reads them.
STORIES = ("document.main+xml", "template.main+xml", "header+xml", "footer+xml", "footnotes+xml",
           "endnotes+xml", "comments+xml")  # fmt: skip


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


P, R, T, BR = _w("p"), _w("r"), _w("t"), _w("br")
# A run's children that hold its text, and what each reads as (a ``w:br`` only when it breaks a line).
TEXT_CHILDREN = {T: "", _w("tab"): "\t", BR: "\n", _w("cr"): "\n", _w("noBreakHyphen"): "-",
                 _w("softHyphen"): "", _w("ptab"): "\t"}  # fmt: skip
# Between a run and its paragraph, these mean the run is not part of the paragraph's text.
NOT_TEXT = {_w("del"), _w("moveFrom"), f"{{{MC}}}Fallback"}
FALLBACK = f"{{{MC}}}Fallback"


def segments(data: bytes, limits: Limits) -> list[str]:
    """The document's paragraphs to translate, as lines, story by story."""
    with Package(data, limits, KINDS["docx"]) as package:
        return [line for root in _stories(package).values() for p, copy in _paragraphs(root)
                if not copy and (line := _inline(p).marked.text)]  # fmt: skip


def rebuilt(data: bytes, translated: list[Translated], limits: Limits) -> bytes:
    """The document with paragraph ``i`` of ``segments`` holding ``translated[i]``, its runs' formatting
    and hyperlinks carried onto the words that render them (``workers/inline``)."""
    given = iter(translated)
    placed: dict[str, list[str]] = {}
    with Package(data, limits, KINDS["docx"]) as package:
        stories = _stories(package)
        copies = []
        for root in stories.values():
            for paragraph, copy in _paragraphs(root):
                inline = _inline(paragraph)
                if not inline.marked.text:
                    continue
                if copy:
                    copies.append((paragraph, inline.marked.text))
                    continue
                paragraph_translation = next(given, None)
                if paragraph_translation is None:
                    continue
                placed[inline.marked.text] = paragraph_translation.targets()
                if inline.carried:
                    inline.write(carried(inline.marked, paragraph_translation))
                else:
                    _replace_runs(paragraph, placed[inline.marked.text])
        for paragraph, line in copies:
            _replace_runs(paragraph, placed.get(line, []))
        return package.written(list(stories))


def _stories(package: Package) -> dict[zipfile.ZipInfo, etree._Element]:
    """The stories' parts and their XML, in the order the job reads them."""
    found = package.typed([_WML + story for story in STORIES])
    if not any(rank <= 1 for rank, _ in found):
        raise package.unreadable("it has no main document part")
    return {part: package.xml(part) for _, part in found}


def _paragraphs(root: etree._Element) -> Iterator[tuple[etree._Element, bool]]:
    """Every paragraph, nested ones included, with whether it is a fallback copy; listed before any is
    rewritten (a text box's paragraph sits in a run its outer paragraph moves)."""
    for paragraph in list(root.iter(P)):
        yield paragraph, any(a.tag == FALLBACK for a in paragraph.iterancestors())


def _runs(paragraph: etree._Element) -> list[etree._Element]:
    """The paragraph's own runs, at any depth (see the module's docstring)."""
    return [run for run in paragraph.iter(R) if _owner(run) is paragraph]


def _owner(run: etree._Element) -> etree._Element | None:
    for ancestor in run.iterancestors():
        if ancestor.tag == P:
            return ancestor
        if ancestor.tag in NOT_TEXT:
            return None
    return None


def _text(paragraph: etree._Element) -> str:
    return "".join(_run_text(run) for run in _runs(paragraph))


def _run_text(run: etree._Element) -> str:
    return "".join(_child_text(child) for child in run)


def _child_text(child: etree._Element) -> str:
    if child.tag == T:
        return child.text or ""
    if child.tag == BR and child.get(_w("type")) not in (None, "textWrapping"):
        return ""
    return TEXT_CHILDREN.get(child.tag, "")


def _set_text(run: etree._Element, text: str) -> None:
    """The run's text children replaced by one ``w:t``, where the first was; its formatting, drawings and
    field marks stay."""
    held = [child for child in run if _child_text(child) or child.tag == T]
    at = run.index(held[0]) if held else len(run)
    for child in held:
        run.remove(child)
    if not text:
        return
    made = etree.Element(T)
    made.text = text
    made.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    run.insert(at, made)


# What a paragraph's runs may sit in, kept around them as spans: links, tracked insertions, content
# controls, smart tags, simple fields, custom XML.
CONTAINERS = frozenset({_w("hyperlink"), _w("ins"), _w("sdt"), _w("smartTag"), _w("fldSimple"),
                        _w("customXml"), _w("moveTo")})  # fmt: skip


def _content(container: etree._Element) -> etree._Element:
    """Where a container's runs are: a content control's ``w:sdtContent``, else the container itself."""
    if container.tag == _w("sdt"):
        found = container.find(_w("sdtContent"))
        if found is not None:
            return found
    return container


# A paragraph with a complex field (``w:fldChar``: its begin, code, result and end must stay in that
# order, across runs and containers) is not carried: its sentences go into the runs that held them, by
# their share of the paragraph.
WORD = RunGrammar(run=R, properties=_w("rPr"), text=_run_text, set_text=_set_text, containers=CONTAINERS,
                  leading=frozenset({_w("pPr")}), content=_content, not_carried=_w("fldChar"),
                  kept_in_container=frozenset({_w("sdtPr"), _w("sdtEndPr")}))  # fmt: skip


def _inline(paragraph: etree._Element) -> RunParagraph:
    return RunParagraph.read(paragraph, WORD)


def _replace_runs(paragraph: etree._Element, sentences: list[str]) -> None:
    """Each sentence's English into the run that held most of the sentence; other text runs emptied.

    The source sentences' places in the runs are known only in proportion (the job normalized the
    text), so a sentence is placed by its share of the paragraph's length.
    """
    runs = [(run, text) for run in _runs(paragraph) if (text := _run_text(run))]
    if not runs or not sentences:
        return
    bounds, at = [], 0
    for _run, text in runs:
        bounds.append((at, at + len(text)))
        at += len(text)
    assigned: list[list[str]] = [[] for _ in runs]
    total = sum(len(s) + 1 for s in sentences)
    start = 0
    for sentence in sentences:
        end = start + len(sentence) + 1
        lo, hi = start * at / total, end * at / total
        overlaps = [max(0.0, min(hi, b) - max(lo, a)) for a, b in bounds]
        assigned[max(range(len(runs)), key=lambda i: overlaps[i])].append(sentence)
        start = end
    filled = [i for i, texts in enumerate(assigned) if texts]
    for i, (run, _text) in enumerate(runs):
        text = " ".join(assigned[i])
        _set_text(run, text + (" " if text and i != filled[-1] else ""))
