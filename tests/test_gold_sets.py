"""The measurement scripts run in CI and hold their floors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from workers.text.language import detect_language

ROOT = Path(__file__).resolve().parents[1]
LANGID = ROOT / "benchmarks" / "langid"


def test_segmentation_gold_set_f1_is_at_least_098():
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "segmentation" / "evaluate.py"), "--candidates", "warta",
         "--min-f1", "0.98"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    print(done.stdout)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "warta      hard" in done.stdout


def paragraphs(path: Path, size: int = 5) -> list[str]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [" ".join(lines[i : i + size]) for i in range(0, len(lines) - size + 1, size)]


@pytest.mark.parametrize("name", ["malay.txt", "mixed.txt"])
def test_malay_and_neighbour_languages_are_refused_as_paragraphs(name):
    guesses = [detect_language(p) for p in paragraphs(LANGID / name)]
    assert guesses and not any(g.accepted for g in guesses), [g for g in guesses if g.accepted]


def test_indonesian_news_is_accepted_even_when_it_reads_like_malay():
    text = (
        "Presiden Rusia tiba di Pyongyang pada Selasa dan disambut oleh pemimpin Korea Utara. Kedua negara "
        "menandatangani perjanjian kerja sama strategis. Pemerintah Korea Selatan menyatakan keprihatinan."
    )
    guess = detect_language(text)
    assert guess.accepted and guess.code in ("id", "ms")


def test_english_is_refused_and_short_text_is_not_judged():
    assert detect_language("The president arrived in Pyongyang on Tuesday morning.").code == "en"
    assert not detect_language("The president arrived in Pyongyang on Tuesday morning.").accepted
    assert detect_language("Halo dunia").code == "und"


FLORES = ROOT.parent / "shared" / "data" / "flores200-devtest"


@pytest.mark.skipif(not FLORES.is_dir(), reason=f"{FLORES} not present")
def test_default_glossary_agrees_with_flores_references():
    script = ROOT / "benchmarks" / "glossary" / "reference_agreement.py"
    done = subprocess.run([sys.executable, str(script), "--min-agreement", "0.95", "--show", "0"],
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
