"""`warta glossary check|export` as a user runs them."""

from __future__ import annotations

import subprocess

import pytest

from tests.helpers import child_env, warta_command


def warta(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(warta_command(*args), env=child_env(), capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("fmt", ["tsv", "csv", "csv-sets", "json"])
def test_export_then_check_round_trips(tmp_path, fmt):
    path = tmp_path / f"default.{'csv' if fmt == 'csv-sets' else fmt}"
    exported = warta("glossary", "export", "--format", fmt, "--output", str(path))
    assert exported.returncode == 0, exported.stderr
    checked = warta("glossary", "check", str(path), "--format", fmt)
    assert checked.returncode == 0, checked.stderr
    assert " terms, " in checked.stdout


def test_check_names_the_bad_line(tmp_path):
    path = tmp_path / "mine.tsv"
    path.write_text("Korut\tNorth Korea\nAS United States\n", encoding="utf-8")
    checked = warta("glossary", "check", str(path))
    assert checked.returncode == 2
    assert "line 2: expected 2 tab-separated columns" in checked.stderr


def test_unknown_format_is_a_usage_error(tmp_path):
    path = tmp_path / "mine.xlsx"
    path.write_text("x", encoding="utf-8")
    checked = warta("glossary", "check", str(path))
    assert checked.returncode == 2 and "--format" in checked.stderr


def test_import_then_export_a_stored_glossary(tmp_path):
    source = tmp_path / "desk.tsv"
    source.write_text("Kabupaten Sukamaju\tSukamaju Regency\nKorut\tNorth Korea\n", encoding="utf-8")
    database = f"--database-url=sqlite:///{tmp_path / 'warta.db'}"
    imported = warta("glossary", "import", "desk", str(source), database)
    assert imported.returncode == 0, imported.stderr
    assert "desk: version 1, 2 terms" in imported.stdout
    again = warta("glossary", "import", "desk", str(source), database)
    assert "version 2" in again.stdout
    exported = warta("glossary", "export", "desk", "--format", "tsv", database)
    assert exported.returncode == 0, exported.stderr
    assert exported.stdout == source.read_text(encoding="utf-8")
    missing = warta("glossary", "export", "nothing", database)
    assert missing.returncode == 2 and "no glossary 'nothing'" in missing.stderr
    spanish = warta("glossary", "import", "es-desk", str(source), database, "--source-lang", "EN",
                    "--target-lang", "es")  # fmt: skip
    assert spanish.returncode == 0 and "es-desk: version 1, 2 terms, en→es" in spanish.stdout, spanish.stderr
    wrong = warta("glossary", "import", "x", str(source), database, "--source-lang", "english")
    assert wrong.returncode == 2 and "--source-lang" in wrong.stderr
