"""``warta up``, ``warta serve`` and ``warta worker``: start the service or one of its parts."""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from service.cli.options import settings_from, settings_options


@click.command()
@settings_options
def up(**options: Any) -> None:
    """Start the API, one worker and, if none is configured, an embedded Redis and SQLite store.

    Data lives under the data directory (default ./warta-data). Ctrl-C stops everything: the first
    lets a running job finish, a second stops at once.
    """
    from service.embedded import run_up

    sys.exit(run_up(settings_from(options)))


@click.command()
@settings_options
def serve(**options: Any) -> None:
    """Run the HTTP API under gunicorn (production server) on --host/--port."""
    from workers.store.jobs import JobStore

    settings = settings_from(options)
    JobStore(settings.effective_database_url).close()  # create tables before workers race to do it
    os.environ.update(settings.to_env())
    argv = [
        sys.executable,
        "-m",
        "gunicorn",
        "--config",
        "python:service.gunicorn_config",
        "--bind",
        f"{settings.host}:{settings.port}",
        "--workers",
        str(settings.web_workers),
        "--threads",
        str(settings.web_threads),
        "--access-logfile",
        "-",
        "--log-level",
        settings.log_level.lower(),
        "service.app:create_app()",
    ]
    os.execv(sys.executable, argv)


@click.command()
@click.option("--burst", is_flag=True, help="Exit once the queue is empty instead of waiting for jobs.")
@settings_options
def worker(burst: bool, **options: Any) -> None:
    """Run jobs from the queue. Loads the models once at start and reports any it cannot load."""
    from workers.worker import run_worker

    run_worker(settings_from(options), burst=burst)
