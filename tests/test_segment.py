"""Paragraph and sentence splitting: the right boundaries, and never a lost character."""

from __future__ import annotations

import pytest

from workers.text.normalize import normalized_lines
from workers.text.segment import split_sentences, split_to_fit


def test_each_non_blank_line_is_a_paragraph():
    text = "  Satu dua.\n\n\nTiga   empat.\r\nLima.\n   \n"
    assert normalized_lines(text) == ["Satu dua.", "Tiga empat.", "Lima."]


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("Putin tiba di Pyongyang. Ia disambut Kim.", ["Putin tiba di Pyongyang.", "Ia disambut Kim."]),
        ("Apa kabar? Baik! Terima kasih.", ["Apa kabar?", "Baik!", "Terima kasih."]),
        ("Ia membeli buku, pena, dll. di toko itu.", ["Ia membeli buku, pena, dll. di toko itu."]),
        ("Rumahnya di Jl. Sudirman No. 5. Ia pindah.", ["Rumahnya di Jl. Sudirman No. 5.", "Ia pindah."]),
        ("Kata Prof. Dr. Budi, harga naik.", ["Kata Prof. Dr. Budi, harga naik."]),
        ("H. Agus Salim datang. Rapat dimulai.", ["H. Agus Salim datang.", "Rapat dimulai."]),
        ("Penduduknya 4,8 juta jiwa. Itu 11.000 lebih.", ["Penduduknya 4,8 juta jiwa.", "Itu 11.000 lebih."]),
        (
            "“Kami siap,” kata Putin. “Rusia mendukung.” Lalu ia pergi.",
            ["“Kami siap,” kata Putin.", "“Rusia mendukung.”", "Lalu ia pergi."],
        ),
        ("Pada 18/6/2024 ia tiba. Besoknya pulang.", ["Pada 18/6/2024 ia tiba.", "Besoknya pulang."]),
        ("Tunggu... Ia datang.", ["Tunggu...", "Ia datang."]),
        ("Tanpa tanda akhir", ["Tanpa tanda akhir"]),
        (
            "Mantan presiden B.J. Habibie hadir. Ia tersenyum.",
            ["Mantan presiden B.J. Habibie hadir.", "Ia tersenyum."],
        ),
        ("Pelakunya berinisial A.K. Ia ditahan.", ["Pelakunya berinisial A.K.", "Ia ditahan."]),
        ("Agendanya yakni 1. Anggaran, 2. Jadwal.", ["Agendanya yakni 1. Anggaran, 2. Jadwal."]),
        (
            "Ada dua langkah. 1. Buka laman. 2. Isi NIK.",
            ["Ada dua langkah.", "1. Buka laman.", "2. Isi NIK."],
        ),
        (
            "Indeks ditutup di 6.879,98. Investor menjual.",
            ["Indeks ditutup di 6.879,98.", "Investor menjual."],
        ),
        ("Studi (Putra dkk. 2021) menunjukkan hal itu.", ["Studi (Putra dkk. 2021) menunjukkan hal itu."]),
        ("Buka Senin s.d. Jumat. Tutup Sabtu.", ["Buka Senin s.d. Jumat.", "Tutup Sabtu."]),
        (
            "Gerai dibuka di Jakarta. iPhone terbaru dijual.",
            ["Gerai dibuka di Jakarta.", "iPhone terbaru dijual."],
        ),
        (
            "Lihat www.kompas.com. Ia menulis ke humas@polri.go.id. Balasan datang.",
            ["Lihat www.kompas.com.", "Ia menulis ke humas@polri.go.id.", "Balasan datang."],
        ),
        ("Ia menolak. [ns/rd]", ["Ia menolak.", "[ns/rd]"]),
    ],
)
def test_sentence_boundaries(paragraph, expected):
    assert split_sentences(paragraph) == expected


@pytest.mark.parametrize(
    "paragraph",
    [
        "Putin tiba di Pyongyang pada Selasa (18/6) sekitar pukul 02.45 waktu setempat. Media resmi memuji.",
        "  spasi   ganda.  Dan  tab\tjuga. ",
        "A. B. C. D. e. f! g? “H.” (I.) [J.]",
        "...",
    ],
)
def test_segmentation_is_lossless(paragraph):
    assert " ".join(split_sentences(paragraph)) == " ".join(paragraph.split())


def count_words(text: str) -> int:
    return len(text.split())


def test_split_to_fit_keeps_a_short_sentence_whole():
    assert split_to_fit("Satu dua tiga.", count_words, 10) == ["Satu dua tiga."]


def test_split_to_fit_prefers_clause_breaks_and_loses_nothing():
    sentence = "satu dua tiga, empat lima enam; tujuh delapan sembilan sepuluh sebelas dua belas"
    pieces = split_to_fit(sentence, count_words, 4)
    assert pieces[:2] == ["satu dua tiga,", "empat lima enam;"]
    assert all(count_words(p) <= 4 for p in pieces)
    assert " ".join(pieces) == sentence


def test_split_to_fit_splits_a_clause_free_run_between_words():
    sentence = " ".join(f"kata{i}" for i in range(2000))
    pieces = split_to_fit(sentence, count_words, 100)
    assert len(pieces) == 20 and " ".join(pieces) == sentence


def test_split_to_fit_cuts_a_single_overlong_token():
    pieces = split_to_fit("x" * 50, len, 8)
    assert all(len(p) <= 8 for p in pieces) and "".join(pieces) == "x" * 50
