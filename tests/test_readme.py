"""The README's API examples run as written, against a live API and a real worker on tiny models.

Each shell block marked ``<!-- readme-test -->`` runs in order in one bash process (they share ``$JOB``
and the files they write), with ``WARTA`` pointing at the live server; the ``text`` block under it shows
what it prints: each of its lines, ``…`` standing for any text, must match a line of the output, in order,
the first line the first one printed. A reader who copies the blocks gets what the README shows.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import subprocess
from pathlib import Path

import pytest
import requests

from service.app import create_app
from service.headers import HTML_POLICY
from tests.helpers import BIN, LiveServer, child_env

pytestmark = pytest.mark.integration
README = Path(__file__).resolve().parents[1] / "README.md"
MARK = "<!-- readme-test -->"
ANY = "…"


@dataclasses.dataclass
class Example:
    line: int
    script: str
    shown: list[str]


def examples(text: str) -> list[Example]:
    """Every marked ``sh`` block with the ``text`` block that follows it."""
    lines = text.splitlines()
    found = []
    for number, line in enumerate(lines):
        if line != MARK:
            continue
        assert lines[number + 1] == "```sh", f"README line {number + 2}: a marked block must be ```sh"
        end = lines.index("```", number + 2)
        opening = next(
            i for i in range(end + 1, len(lines)) if lines[i].startswith("```") or lines[i] == MARK
        )
        assert lines[opening] == "```text", f"README line {end + 1}: a marked block is followed by ```text"
        closing = lines.index("```", opening + 1)
        found.append(Example(number + 1, "\n".join(lines[number + 2 : end]), lines[opening + 1 : closing]))
    return found


def _pattern(shown: str) -> re.Pattern[str]:
    return re.compile(".*?".join(re.escape(part) for part in shown.split(ANY)), re.DOTALL)


def has_shape(printed: list[str], shown: list[str]) -> str | None:
    """None where ``printed`` has the shape of ``shown``, else the first line of ``shown`` not found."""
    wanted = [line for line in shown if line != ANY]
    position = 0
    for index, line in enumerate(wanted):
        pattern = _pattern(line)
        if index == 0 and shown[0] != ANY:
            if not printed or not pattern.fullmatch(printed[0]):
                return line
            position = 1
            continue
        while position < len(printed) and not pattern.fullmatch(printed[position]):
            position += 1
        if position == len(printed):
            return line
        position += 1
    if (
        shown
        and shown[-1] != ANY
        and wanted
        and not _pattern(wanted[-1]).fullmatch(printed[-1] if printed else "")
    ):
        return wanted[-1]
    return None


def test_the_readme_marks_the_api_walkthrough():
    found = examples(README.read_text(encoding="utf-8"))
    scripts = "\n".join(example.script for example in found)
    for needed in (
        "/v1/jobs",
        "/v1/glossaries/",
        "If-Match",
        "/v1/memory",
        "/v1/benchmarks",
        "/v1/translate",
    ):
        assert needed in scripts, f"no marked README example uses {needed}"


def test_shapes_match_as_documented():
    assert (
        has_shape(
            ["HTTP/1.1 202 ACCEPTED", "Server: x", "Location: /v1/jobs/7"],
            ["HTTP/1.1 202 …", "Location: /v1/jobs/…", ANY],
        )
        is None
    )
    assert has_shape(["HTTP/1.1 400 BAD REQUEST"], ["HTTP/1.1 202 …"]) == "HTTP/1.1 202 …"
    assert has_shape(["a", "b"], ["a"]) == "a", "the last line shown is the last printed unless … follows"


def run_in_order(found: list[Example], env: dict[str, str], cwd: Path) -> tuple[int, str, list[list[str]]]:
    """(bash's exit code, its stderr, what each block printed): one bash, so the blocks share variables."""
    script = "set -euo pipefail\n" + "\n".join(
        f"echo '@@ {number}'\n{example.script}" for number, example in enumerate(found)
    )
    ran = subprocess.run(
        ["bash", "-c", script], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )
    printed = re.split(r"^@@ \d+\n", ran.stdout.replace("\r", ""), flags=re.MULTILINE)[1:]
    return ran.returncode, ran.stderr, [text.splitlines() for text in printed]


def test_the_readme_api_examples_run_as_written(settings, start_worker, tmp_path):
    settings = dataclasses.replace(settings, sync_timeout=120.0)
    found = examples(README.read_text(encoding="utf-8"))
    start_worker(settings)
    app = create_app(settings)
    try:
        with LiveServer(app) as server:
            env = child_env(settings, WARTA=server.url, PATH=f"{BIN}{os.pathsep}{os.environ['PATH']}")
            code, stderr, outputs = run_in_order(found, env, tmp_path)
            last = found[len(outputs) - 1] if outputs else found[0]
            assert code == 0, f"README block at line {last.line} failed: {stderr[-2000:]}"
            for example, printed in zip(found, outputs, strict=True):
                missing = has_shape(printed, example.shown)
                assert missing is None, f"README line {example.line}: {missing!r} not in:\n" + "\n".join(
                    printed
                )
            job = json.loads((tmp_path / "job.json").read_text(encoding="utf-8"))["id"]
            page = requests.get(f"{server.url}/v1/jobs/{job}/result", params={"format": "html"}, timeout=30)
            assert page.headers["Content-Security-Policy"] == HTML_POLICY, "the README's headers table"
    finally:
        app.extensions["warta.store"].close()
