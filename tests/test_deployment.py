"""The deployment files agree with each other and with the settings."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from workers.settings import describe

ROOT = Path(__file__).resolve().parents[1]


def procfile() -> dict[str, str]:
    lines = (ROOT / "Procfile").read_text().splitlines()
    return dict(line.split(": ", 1) for line in lines if line.strip())


def test_compose_runs_the_procfile_processes_with_redis_and_postgres():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    commands = {name: " ".join(service.get("command", [])) for name, service in services.items()}
    processes = procfile()
    assert commands["web"] == processes["web"]
    assert [name for name, command in commands.items() if command == processes["worker"]] == [
        "worker-1",
        "worker-2",
    ]
    assert {"redis", "postgres"} <= set(services)
    env = services["worker-1"]["environment"]
    assert env["WARTA_REDIS_URL"].startswith("redis://redis:") and "@postgres:" in env["WARTA_DATABASE_URL"]


def test_every_warta_variable_in_the_deployment_files_is_a_setting():
    known = {env for env, *_ in describe()}
    text = (ROOT / "docker-compose.yml").read_text() + (ROOT / "Dockerfile").read_text()
    used = set(re.findall(r"\bWARTA_[A-Z0-9_]+", text))
    assert used and used <= known, used - known
