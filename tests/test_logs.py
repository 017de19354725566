"""Structured logs: one JSON object a line, naming the job in whose context it was written."""

from __future__ import annotations

import json
import logging

from workers import logs


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


def test_the_api_names_the_job_in_lines_about_it(settings, capsys):
    import dataclasses

    from service.app import create_app

    app = create_app(dataclasses.replace(settings, redis_url="redis://127.0.0.1:1/0"))
    answer = app.test_client().post("/v1/jobs", json={"articles": [{"text": "Harga beras naik di Jakarta."}]})
    assert answer.status_code == 503
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines() if line.startswith("{")]
    failed = [line for line in lines if line["message"].startswith("could not enqueue job")]
    assert failed and failed[0]["job_id"] in failed[0]["message"]
    assert logs.current_job.get() is None, "the request's job is forgotten after it"
    app.extensions["warta.store"].close()
