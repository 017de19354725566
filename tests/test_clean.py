"""Normalization and cleaning: scraper leftovers go, are listed, and nothing else is lost or invented."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workers.text.clean import clean_lines
from workers.text.normalize import normalize_text, normalized_lines
from workers.text.prepare import prepare_text

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "samples"

# (reason, removed text) per sample, exactly: nothing more, nothing less.
EXPECTED_REMOVALS = {
    1: set(),
    2: {("credit_tag", " [ab/ns]"), ("footer", "Forum")},
    3: {
        ("related_link", "BACA JUGA: Sambut Putin, Kim Jong Un Gelar Karpet Merah"),
        ("player_notice", "Your browser doesn’t support HTML5"),
        ("credit_tag", " [ns/rd]"),
    },
    4: {("dateline_outlet", " (Lampost.co)")},
    5: {
        ("dateline_outlet", "KOMPAS.com - "),
        (
            "related_link",
            "Baca juga: Perang Balon Berlanjut, Pembelot Korea Utara Ancam Kirim 5.000 USB Berisi "
            "Drama Korea Selatan",
        ),
        ("related_link", "Baca juga: Kim Jong Un Rilis Lagu, Lirik Sarat Pujian untuk Pemimpin Korea Utara"),
    },
}


def rebuild(text: str, removed) -> list[str]:
    """The normalized input with the reported removals cut out: what the paragraphs must equal."""
    lines = normalized_lines(text)
    for cut in sorted(removed, key=lambda c: (c.paragraph, c.start), reverse=True):
        line = lines[cut.paragraph]
        assert line[cut.start : cut.start + len(cut.text)] == cut.text
        lines[cut.paragraph] = line[: cut.start] + line[cut.start + len(cut.text) :]
    return [" ".join(line.split()) for line in lines if line.strip()]


@pytest.mark.skipif(not SAMPLES.is_dir(), reason=f"{SAMPLES} not present")
@pytest.mark.parametrize("number", sorted(EXPECTED_REMOVALS))
def test_samples_lose_exactly_the_scraper_leftovers(number):
    text = (SAMPLES / f"cluster-putin-pyongyang-{number}.id.txt").read_text(encoding="utf-8")
    prepared = prepare_text(text)
    assert {(r.reason, r.text) for r in prepared.removed} == EXPECTED_REMOVALS[number]
    assert len(prepared.removed) == len(EXPECTED_REMOVALS[number])
    lines = normalized_lines(text)
    touched = {r.paragraph for r in prepared.removed}
    untouched = [line for i, line in enumerate(lines) if i not in touched]
    kept = [" ".join(p) for p in prepared.paragraphs]
    assert all(line in kept for line in untouched), "a line without scraper leftovers was changed"
    assert kept == rebuild(text, prepared.removed)


def test_glued_related_link_keeps_the_article_text():
    line = "BACA JUGA: Sambut Putin, Kim Jong Un Gelar Karpet MerahMedia Rusia melaporkan bahwa Putin tiba."
    cleaned = clean_lines([line])
    assert cleaned.paragraphs == ["Media Rusia melaporkan bahwa Putin tiba."]


@pytest.mark.parametrize(
    "line",
    [
        "Baca juga: Mengenal iPhone 15 dan harganya",
        "Simak juga - Harga BBM Naik Lagi",
        "BACA JUGA: Sambut Putin, Kim Jong Un Gelar Karpet Merah",
    ],
)
def test_related_link_lines_go_whole(line):
    assert clean_lines([line, "Isi berita."]).paragraphs == ["Isi berita."]


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        ("JAKARTA, KOMPAS.com - Harga naik.", "JAKARTA - Harga naik."),
        ("Jakarta (ANTARA) - Harga naik.", "Jakarta - Harga naik."),
        ("TEMPO.CO, Jakarta - Harga naik.", "Jakarta - Harga naik."),
        ("KOMPAS.com - Harga naik.", "Harga naik."),
        ("Moskwa (Lampost.co)—Presiden tiba.", "Moskwa—Presiden tiba."),
    ],
)
def test_dateline_outlets_go_and_cities_stay(line, kept):
    assert clean_lines([line]).paragraphs == [kept]


@pytest.mark.parametrize(
    "line",
    [
        "Putin tiba pada Selasa (18/6) pukul 02.45.",
        "“Kami siap,” kata Putin, Rabu (19/6/2024).",
        "Harga naik 4,8 persen [lihat tabel].",
        "Forum itu digelar di Jakarta.",
        "Jakarta - Harga naik.",
    ],
)
def test_content_is_untouched(line):
    assert clean_lines([line, "Akhir."]).removed == []


def test_forum_only_goes_as_the_last_line():
    assert clean_lines(["Forum", "Isi."]).paragraphs == ["Forum", "Isi."]


def test_cleaning_can_be_turned_off():
    text = "KOMPAS.com - Harga naik.\nBaca juga: Judul Lain\nForum"
    prepared = prepare_text(text, clean=False)
    assert prepared.removed == [] and len(prepared.paragraphs) == 3


def test_normalization():
    text = "Cafe\u0301\u200b di\u00a0Jakarta\u00ad.\r\nBaris\u2028dua\t“kutip”"
    assert normalize_text(text) == "Café di Jakarta.\nBaris\ndua “kutip”"


FRAGMENTS = [
    "Baca juga: ",
    "BACA JUGA: Judul Berita Lain",
    "Karpet Merah",
    "MerahMedia Rusia melaporkan hal itu kepada kami.",
    " [ab/ns]",
    "[ns/rd]",
    "Forum",
    "KOMPAS.com - ",
    "Moskwa (Lampost.co)—",
    "Jakarta (ANTARA) - ",
    "Your browser doesn’t support HTML5",
    "\n",
    "\n\n",
    "\r\n",
    "\u200b",
    "\u00ad",
    "\u00a0",
    "\t",
    ". ",
    "! ",
    "? ",
    "... ",
    "“",
    "”",
    '"',
    "dll. ",
    "Dr. ",
    "B.J. ",
    "4,8 ",
    "11.000",
    "(18/6)",
    "www.kompas.com",
    "Presiden",
    "tiba",
    " ",
    "Ia",
    "e\u0301",
]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), max_size=40).map("".join),
    st.booleans(),
)
def test_nothing_is_lost_or_invented(text, clean):
    prepared = prepare_text(text, clean=clean)
    assert [" ".join(p) for p in prepared.paragraphs] == rebuild(text, prepared.removed)
    assert all(s and s == s.strip() for p in prepared.paragraphs for s in p)
