"""Quality scores: sacrebleu parity, the number check on a written table, the model-free flags."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from workers.quality.checks import Thresholds, sentence_flags, summary_checks
from workers.quality.numbers import missing_values
from workers.quality.reference import reference_scores
from workers.quality.sacrebleu_metrics import METRICS

NUMBERS = Path(__file__).parent / "data" / "numbers.tsv"
HYPOTHESES = [
    "The Russian president arrived in Pyongyang on Tuesday.", "Both countries signed a pact.",
    "Prices rose 4.8 percent.", "He said the talks were constructive and long",
]  # fmt: skip
REFERENCES = [
    "Russia's president arrived in Pyongyang on Tuesday.", "The two countries signed a defense pact.",
    "Prices went up by 4.8 percent.", "He said the talks had been long but constructive.",
]  # fmt: skip


def test_scores_equal_the_sacrebleu_cli_to_the_last_printed_digit(tmp_path):
    hyp, ref = tmp_path / "hyp.txt", tmp_path / "ref.txt"
    hyp.write_text("\n".join(HYPOTHESES) + "\n", encoding="utf-8")
    ref.write_text("\n".join(REFERENCES) + "\n", encoding="utf-8")
    cli = Path(sys.executable).parent / "sacrebleu"
    command = [
        str(cli),
        str(ref),
        "-i",
        str(hyp),
        "-m",
        "bleu",
        "chrf",
        "ter",
        "--chrf-word-order",
        "2",
        "-f",
        "json",
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    printed = {entry["name"]: entry for entry in json.loads(done.stdout)}
    ours = {m.name: m.corpus(HYPOTHESES, REFERENCES) for m in METRICS}
    for name, cli_name in (("bleu", "BLEU"), ("chrf", "chrF2++"), ("ter", "TER")):
        assert ours[name]["score"] == printed[cli_name]["score"], name
        assert ours[name]["signature"] == printed[cli_name]["signature"], name


def test_references_are_scored_per_sentence_when_they_align_and_per_document_otherwise():
    aligned = reference_scores(HYPOTHESES, "\n".join(REFERENCES))
    assert aligned["level"] == "sentence" and len(aligned["sentences"]) == 4
    assert aligned["bleu"] == METRICS[0].corpus(HYPOTHESES, REFERENCES)
    document = reference_scores(HYPOTHESES, "Russia's president arrived. Everything else was different.")
    assert document["level"] == "document" and "sentences" not in document
    assert set(document) == {"level", "bleu", "chrf", "ter"}


def table() -> list[dict[str, str]]:
    with NUMBERS.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def test_the_number_table_is_big_enough_and_balanced():
    rows = table()
    assert len(rows) >= 40 and {r["expected"] for r in rows} == {"ok", "broken"}


@pytest.mark.parametrize("row", table(), ids=lambda r: r["source"][:40])
def test_numbers_check_catches_every_broken_rendering(row):
    missing = missing_values(row["source"], row["translation"])
    assert bool(missing) == (row["expected"] == "broken"), (row["translation"], missing)


@pytest.mark.parametrize(
    ("source", "target", "check"),
    [
        ("Presiden tiba di Jakarta pada Selasa.", "", "empty_output"),
        (
            "Presiden tiba di Jakarta bersama rombongan besar pada Selasa pagi.",
            "The president the president the president the president arrived.",
            "repetition",
        ),
        (
            "Presiden tiba di Jakarta dan disambut warga.",
            "The president tiba di Jakarta dan disambut yang warga.",
            "untranslated",
        ),
        ("Presiden tiba di Jakarta pada Selasa pagi bersama rombongan.", "Yes.", "length_ratio"),
        ("Harga naik 4,8 persen.", "Prices rose 48 percent.", "numbers"),
    ],
)
def test_each_check_flags_its_defect(source, target, check):
    assert [f["check"] for f in sentence_flags(source, target)] == [check]


def test_a_good_sentence_has_no_flags_and_thresholds_are_settings():
    source, target = (
        "Harga beras naik 4,8 persen pada Selasa (18/6).",
        "Rice prices rose 4.8 percent on Tuesday (June 18).",
    )
    assert sentence_flags(source, target) == []
    assert sentence_flags(source, target, Thresholds(min_length_ratio=1.5))[0]["check"] == "length_ratio"


def test_summary_checks_find_what_the_article_never_said():
    article = "Presiden Rusia tiba di Pyongyang pada Selasa. Ia bertemu Kim Jong Un."
    checks = summary_checks("Presiden Rusia dan Xi tiba bersama 300 tentara.", article)
    assert checks["unsupported_numbers"] == ["300"] and checks["unsupported_names"] == ["Xi"]
    assert 0 < checks["compression_ratio"] < 1
