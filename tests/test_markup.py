"""The HTML tokenizer (``tag_handling: html``): the same pieces as ever on HTML as written, one linear pass
on hostile input, and nothing lost or doubled whatever the input."""

from __future__ import annotations

import html
import itertools
import re
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workers.text.markup import Piece, pieces

PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck), database=None)
PARAGRAPH = (
    '<p class="lead">Presiden <b>Joko Widodo</b> tiba di <a href="/jakarta">Jakarta</a> pada hari Senin '
    '&amp; Selasa.</p>\n<!-- iklan --><script>var x = "<b>";</script><style>p > b { color: red }</style>\n'
)
# HTML to time hostile input beside: tags, no block, which the old tokenizer read in linear time too.
INLINE = '<p class="lead">Presiden <b>Joko Widodo</b> tiba di <a href="/jakarta">Jakarta</a> Senin.</p>\n'
# The old tokenizer took 5 to 100 s on each of these (one core, others at work beside it).
HOSTILE = {
    "script blocks": "<script></script>" * 20_000,
    "unclosed comments": "<!--" * 20_000,
    "unclosed CDATA": "<![CDATA[" * 10_000,
    "unclosed scripts": "<script>" * 20_000,
    "< without >": "<" * 100_000,
}


def test_html_as_written_is_markup_text_and_blocks_kept_whole():
    assert pieces(PARAGRAPH) == [
        Piece('<p class="lead">', False), Piece("Presiden ", True), Piece("<b>", False),
        Piece("Joko Widodo", True), Piece("</b>", False), Piece(" tiba di ", True),
        Piece('<a href="/jakarta">', False), Piece("Jakarta", True), Piece("</a>", False),
        Piece(" pada hari Senin & Selasa.", True), Piece("</p>", False), Piece("\n", False),
        Piece("<!-- iklan -->", False), Piece('<script>var x = "<b>";</script>', False),
        Piece("<style>p > b { color: red }</style>", False), Piece("\n", False),
    ]  # fmt: skip
    assert pieces("<![CDATA[a <b> c]]>&nbsp;<SCRIPT a=1>a</script >") == [
        Piece("<![CDATA[a <b> c]]>", False),
        Piece("&nbsp;", False),
        Piece("<SCRIPT a=1>a</script >", False),
    ]


def test_what_never_closes_is_a_tag_or_text():
    assert pieces("<!-- a > b") == [Piece("<!-- a >", False), Piece(" b", True)]
    assert pieces("<script>if (a < b) x()") == [Piece("<script>", False), Piece("if (a < b) x()", True)]
    assert pieces("a < b") == [Piece("a < b", True)]


def test_a_block_inside_a_comment_is_the_comment():
    """The old tokenizer matched blocks and tags apart: this came out as the comment, the script in it
    again and `` -->`` again, and a tag after an unclosed comment in a script was lost to the text."""
    assert pieces("<!-- <script>a()</script> -->") == [Piece("<!-- <script>a()</script> -->", False)]
    assert pieces("<script><!--</script><b>x</b>-->") == [
        Piece("<script><!--</script>", False), Piece("<b>", False), Piece("x", True), Piece("</b>", False),
        Piece("-->", False),
    ]  # fmt: skip


def test_a_long_decimal_reference_reads_as_html_reads_it():
    """``html.unescape`` alone raised ValueError past 4,300 digits: a 500 on the API."""
    assert pieces("&#" + "0" * 5000 + "65; kata") == [Piece("A kata", True)]
    assert pieces("&#" + "9" * 9000 + "; kata") == [Piece("\ufffd kata", True)]
    assert pieces("&#00000000;kata &#1114111") == [Piece(html.unescape("&#0;kata &#1114111"), True)]


def _seconds(document: str, times: int = 1) -> float:
    best = float("inf")
    for _ in range(times):
        started = time.perf_counter()
        pieces(document)
        best = min(best, time.perf_counter() - started)
    return best


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_input_costs_what_html_of_its_length_costs(name):
    """Timed beside HTML of the same length on the same machine: linear, the two are within a few times
    of each other (about 0.05 s for 340 KB); quadratic, the hostile input took 100 to 2,000 times longer."""
    document = HOSTILE[name]
    inline = (INLINE * (len(document) // len(INLINE) + 1))[: len(document)]
    allowed = 20 * _seconds(inline, times=3) + 0.5
    took = _seconds(document)
    assert took < allowed, f"{name}: {took:.2f} s for {len(document):,} characters, allowed {allowed:.2f} s"


MARKUP_ALPHABET = ["<", ">", "<!--", "-->", "<![CDATA[", "]]>", "<script>", "</script>", "<STYLE a=1>",
                   "</style >", "<b>", "</b>", "Harga", " ", "\n", "-", "!", "/", "#", ";"]  # fmt: skip


@PROPERTY
@given(st.lists(st.sampled_from(MARKUP_ALPHABET) | st.text(max_size=3).map(lambda t: t.replace("&", ""))))
def test_pieces_join_to_the_document(parts):
    """Without ``&`` no text changes when its entities are read, so the pieces are the document itself."""
    document = "".join(parts)
    found = pieces(document)
    assert "".join(p.text for p in found) == document
    assert all(p.text for p in found)
    assert not any(a.translate and b.translate for a, b in itertools.pairwise(found)), "text cut in two"


def _regex_pieces(document: str) -> list[Piece]:
    """The tokenizer before issue 25: blocks and tags each matched over the whole document, then merged."""
    raw = list(re.finditer(r"<(script|style)\b[^>]*>.*?</\1\s*>", document, re.S | re.I))
    tags = re.finditer(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<[^>]*>", document, re.S)
    found, cursor = [], 0
    for match in sorted(raw + [m for m in tags if not any(r.start() <= m.start() < r.end() for r in raw)],
                        key=lambda m: m.start()):  # fmt: skip
        found += [_regex_text(document[cursor : match.start()])] if match.start() > cursor else []
        found.append(Piece(match.group(), False))
        cursor = match.end()
    return found + ([_regex_text(document[cursor:])] if cursor < len(document) else [])


def _regex_text(raw: str) -> Piece:
    text = html.unescape(raw)
    return Piece(text, True) if re.search(r"[^\W\d_]", text) else Piece(raw, False)


WORDS = st.sampled_from(["Harga", " beras", " naik", "&amp;", "&nbsp;", "&#65;", "&lt;", " 4,8", ".", "\n"])
TAGS = st.sampled_from(["<p>", "</p>", '<a href="/x?a=1&amp;b=2">', "</a>", "<b>", "<br/>", "<img alt='>'"])
BLOCK_BODY = st.lists(st.sampled_from(["x < y", "a > b", "'<b>'", "<!-- old -->", "{}", "\n"])).map("".join)
BLOCKS = st.one_of(
    BLOCK_BODY.map(lambda body: f"<script>{body}</script>"),
    BLOCK_BODY.map(lambda body: f'<style type="text/css">{body}</STYLE>'),
    WORDS.map(lambda text: f"<!--{text}-->"),
    WORDS.map(lambda text: f"<![CDATA[{text}]]>"),
)


@PROPERTY
@given(st.lists(st.one_of(WORDS, TAGS, BLOCKS)).map("".join))
def test_html_as_written_gives_the_old_pieces(document):
    assert pieces(document) == _regex_pieces(document)
