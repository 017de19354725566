"""Structured logs: one JSON object a line, naming the job in whose context it was written."""

from __future__ import annotations

import json
import logging

from service import logs


def test_json_lines_carry_the_job_id_only_inside_its_context(capsys):
    logs.configure("INFO", "json")
    log = logging.getLogger("warta.test")
    with logs.job_context("job-42"):
        log.info("translating %d sentences", 3)
    log.warning("between jobs")
    first, second = (json.loads(line) for line in capsys.readouterr().err.splitlines())
    assert first["job_id"] == "job-42" and first["message"] == "translating 3 sentences"
    assert first["level"] == "info" and first["logger"] == "warta.test"
    assert "job_id" not in second and second["level"] == "warning"


def test_text_lines_for_a_terminal(capsys):
    logs.configure("INFO", "text")
    with logs.job_context("job-7"):
        logging.getLogger("warta.test").info("hello")
    assert "[job-7] hello" in capsys.readouterr().err
