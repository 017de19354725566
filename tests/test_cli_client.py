"""``warta submit``, ``warta jobs`` and ``warta translate`` run as a user runs them: subprocesses."""

from __future__ import annotations

import dataclasses
import json
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest
import requests
from lxml import etree

from service.app import create_app
from tests.helpers import LiveServer, child_env, warta_command

pytestmark = pytest.mark.integration
ARTICLE = "Presiden Joko Widodo meresmikan jalan tol baru di Jawa Tengah pada hari Senin.\nWarga menyambut."
PAGE = (
    "<html><head><title>Harga beras</title></head><body><article><p>Harga beras naik di Jakarta pada hari "
    "Selasa pagi.</p><p>Pedagang mengeluh karena pembeli berkurang.</p></article></body></html>"
)


def run(*args: str, env: dict[str, str], stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        warta_command(*args), env=env, input=stdin, capture_output=True, text=True, timeout=300
    )


@pytest.fixture
def articles(tmp_path: Path) -> list[Path]:
    (tmp_path / "jokowi.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "beras.html").write_text(PAGE, encoding="utf-8")
    return [tmp_path / "jokowi.txt", tmp_path / "beras.html"]


def test_submit_waits_with_progress_and_writes_the_result_then_jobs_lists_it(
    live_app, start_worker, articles, tmp_path
):
    server, settings = live_app
    start_worker(settings)
    env = child_env(WARTA_SERVER_URL=server.url)
    done = run(
        "submit", *map(str, articles), "--format", "tmx", "--output-dir", str(tmp_path / "out"), env=env
    )
    assert done.returncode == 0, done.stderr
    written = Path(done.stdout.strip())
    assert written.parent == tmp_path / "out" and written.suffix == ".tmx"
    units = etree.parse(str(written)).findall(".//tu")
    assert len(units) >= 4, "a translation unit per sentence pair of both articles"
    assert "queued" in done.stderr and "succeeded: done 100%" in done.stderr, done.stderr

    queued = run("submit", str(articles[0]), "--no-wait", "--tasks", "translate", env=env)
    assert queued.returncode == 0, queued.stderr
    listed = run("jobs", env=env)
    assert listed.returncode == 0 and queued.stdout.strip() in listed.stdout
    assert len(listed.stdout.splitlines()) == 2
    finished = run("jobs", "--status", "succeeded", env=env)
    assert written.stem.removeprefix("warta-")[:12] in finished.stdout


def test_jobs_lists_ids_statuses_progress_times_pairs_and_titles_in_columns_and_searches(live_app):
    server, _settings = live_app
    bodies = [
        {"articles": [{"title": "Banjir di Bandung", "text": ARTICLE}], "tasks": ["translate"]},
        {"articles": [{"html": PAGE}], "tasks": ["translate"], "target_lang": "en"},
    ]
    made = [requests.post(f"{server.url}/v1/jobs", json=body, timeout=30).json()["id"] for body in bodies]
    env = child_env(WARTA_SERVER_URL=server.url)
    listed = run("jobs", env=env)
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert [line.split()[0] for line in lines] == made[::-1], "the full id first, newest first"
    assert lines[0].endswith("id→en  Harga beras") and lines[1].endswith("id→en  Banjir di Bandung")
    for line in lines:
        assert "  queued  " in line and "  0%  " in line and "  just now  " in line, line
    assert len({line.index("queued") for line in lines}) == 1, "aligned columns"
    assert len({line.index("id→en") for line in lines}) == 1, "aligned columns"

    found = run("jobs", "--search", "JALAN TOL", "--since", str(date.today() - timedelta(days=1)), env=env)
    assert found.returncode == 0 and [line.split()[0] for line in found.stdout.splitlines()] == [made[0]]
    assert run("jobs", "--since", "2999-01-01", env=env).stdout == ""
    refused = run("jobs", "--since", "last week", env=env)
    assert refused.returncode == 2 and "--since" in refused.stderr and "2026-12-05" in refused.stderr


def test_submit_reports_a_refusal_with_its_field(live_app, tmp_path):
    server, _settings = live_app
    english = tmp_path / "english.txt"
    english.write_text(
        "The president opened a new toll road in Central Java on Monday morning.", encoding="utf-8"
    )
    refused = run("submit", str(english), env=child_env(WARTA_SERVER_URL=server.url))
    assert refused.returncode == 1
    assert "422 unsupported_language (articles[0].text)" in refused.stderr


def test_jobs_needs_the_key_a_server_requires(settings, tmp_path):
    app = create_app(dataclasses.replace(settings, require_api_key=True))
    _key, token = app.extensions["warta.keys"].create("cli")
    with LiveServer(app) as server:
        refused = run("jobs", env=child_env(WARTA_SERVER_URL=server.url))
        assert refused.returncode == 1 and "401 api_key_required" in refused.stderr
        allowed = run("jobs", env=child_env(WARTA_SERVER_URL=server.url, WARTA_API_KEY=token))
        assert allowed.returncode == 0 and allowed.stdout == ""
    app.extensions["warta.store"].close()


def test_translate_runs_the_pipeline_here_without_a_server(settings, articles):
    env = child_env(settings)
    plain = run(
        "translate", "--tasks", "translate", env=env, stdin="Harga beras naik di Jakarta pada hari Selasa."
    )
    assert plain.returncode == 0, plain.stderr
    assert plain.stdout.strip()
    as_json = run("translate", *map(str, articles), "--format", "json", env=env)
    assert as_json.returncode == 0, as_json.stderr
    document = json.loads(as_json.stdout)
    assert [a["id"] for a in document["articles"]] == ["jokowi", "beras"]
    assert document["articles"][0]["summary"] is not None
    refused = run("translate", env=env, stdin="The weather in London was grey and wet again this week.")
    assert refused.returncode == 1 and "unsupported_language" not in refused.stdout
    assert "articles[0].text" in refused.stderr and "force" in refused.stderr


def test_every_client_command_explains_itself():
    for command in ("submit", "jobs", "translate", "keys"):
        shown = subprocess.run(warta_command(command, "--help"), capture_output=True, text=True, timeout=60)
        assert shown.returncode == 0 and "Usage: warta" in shown.stdout and len(shown.stdout) > 300, command


def test_translate_help_shows_only_what_matters_without_a_server():
    shown = subprocess.run(warta_command("translate", "--help"), capture_output=True, text=True, timeout=60)
    assert shown.returncode == 0, shown.stderr
    options = [line.split()[0].rstrip(",") for line in shown.stdout.splitlines() if line.startswith("  -")]
    assert len(options) <= 25, options
    assert {"--mt-model", "--device", "--glossary", "--summary-length", "--output"} <= set(options)
    server_only = ("--redis-url", "--database-url", "--queue", "--rate-limit", "--require-api-key", "--port")
    assert not set(server_only) & set(options), options


def test_translate_writes_to_output_and_reads_other_settings_from_the_environment(settings, tmp_path):
    out = tmp_path / "out.json"
    env = child_env(settings, WARTA_MT_BATCH_SIZE="2")
    done = run("translate", "--summary-length", "short", "--format", "json", "--output", str(out), env=env,
               stdin="Harga beras naik di Jakarta pada hari Selasa.\nPedagang mengeluh.")  # fmt: skip
    assert done.returncode == 0 and done.stdout == "", done.stderr
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["options"]["summary_length"] == "short"
    unknown = run("translate", "--redis-url", "redis://x", env=env, stdin="Harga beras naik.")
    _calm(unknown, 2)
    wrong = run("translate", "--tasks", "translate", env=child_env(settings, WARTA_MT_BATCH_SIZE="many"),
                stdin="Harga beras naik.")  # fmt: skip
    assert wrong.returncode == 2 and "WARTA_MT_BATCH_SIZE" in wrong.stderr, wrong.stderr


def _calm(answer: subprocess.CompletedProcess[str], exit_code: int) -> None:
    """At most three lines on stderr, no traceback, the documented exit code."""
    assert answer.returncode == exit_code, (answer.returncode, answer.stderr)
    lines = [line for line in answer.stderr.splitlines() if line.strip()]
    assert "Traceback" not in answer.stderr and len(lines) <= 3, answer.stderr


def test_failures_are_told_in_a_few_lines_with_their_exit_codes(live_app, settings, articles, tmp_path):
    down = run("jobs", env=child_env(WARTA_SERVER_URL="http://127.0.0.1:9"))
    _calm(down, 3)
    assert "cannot reach a Warta server" in down.stderr and "warta up" in down.stderr
    unloadable = run("translate", "--tasks", "translate", "--mt-model", str(tmp_path / "missing"),
                     env=child_env(settings), stdin="Harga beras naik.")  # fmt: skip
    _calm(unloadable, 4)
    assert "WARTA_MT_MODEL" in unloadable.stderr
    server, _settings = live_app
    english = tmp_path / "english.txt"
    english.write_text("The president opened a new toll road in Central Java on Monday.", encoding="utf-8")
    refused = run("submit", str(english), "--no-wait", env=child_env(WARTA_SERVER_URL=server.url))
    _calm(refused, 1)
    forced = run("submit", str(english), "--no-wait", "--force", env=child_env(WARTA_SERVER_URL=server.url))
    assert forced.returncode == 0 and forced.stdout.strip(), forced.stderr


def test_translate_applies_a_glossary_file_or_none(settings, tmp_path):
    glossary = tmp_path / "desk.tsv"
    glossary.write_text("Jakarta\tJakarta Capital Region\n", encoding="utf-8")
    env = child_env(settings)
    text = "Harga beras naik di Jakarta pada hari Selasa."
    options = ("--tasks", "translate", "--glossary", str(glossary), "--format", "json")
    with_file = run("translate", *options, env=env, stdin=text)
    assert with_file.returncode == 0, with_file.stderr
    terms = [
        t for p in json.loads(with_file.stdout)["articles"][0]["paragraphs"] for s in p for t in s["terms"]
    ]
    assert [t["canonical"] for t in terms] == ["Jakarta Capital Region"]
    bad = run("translate", "--glossary", str(tmp_path / "nope.xls"), env=env, stdin=text)
    _calm(bad, 2)
    assert "--glossary" in bad.stderr
