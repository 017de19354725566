"""The ``warta`` command line: start the service, its parts, and build models.

Every ``WARTA_*`` setting is also a flag of the same name (``WARTA_REDIS_URL`` ↔ ``--redis-url``);
a flag wins over the environment. Model code is imported inside the commands that need it, so
``warta serve`` never loads torch.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from service.settings import Settings, describe

F = Callable[..., Any]


def settings_options(command: F) -> F:
    """Add one flag per setting; unset flags stay ``None`` so the environment and defaults apply."""
    for env, flag, default, help_text in reversed(describe()):
        command = click.option(
            flag,
            default=None,
            metavar="VALUE",
            help=f"{help_text} [env: {env}; default: {default!r}]",
        )(command)
    return command


def _settings(options: dict[str, Any]) -> Settings:
    try:
        return Settings.from_env(**options)
    except ValueError as error:
        raise click.UsageError(str(error)) from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Warta: Indonesian news in, English translations, summaries and quality scores out.

    Start everything on one machine with `warta up`; at scale run `warta serve` and any number of
    `warta worker` processes against a shared Redis and PostgreSQL.
    """


@main.command()
@settings_options
def up(**options: Any) -> None:
    """Start the API, one worker and, if none is configured, an embedded Redis and SQLite store.

    Data lives under the data directory (default ./warta-data). Ctrl-C stops everything: the first
    lets a running job finish, a second stops at once.
    """
    from service.embedded import run_up

    sys.exit(run_up(_settings(options)))


@main.command()
@settings_options
def serve(**options: Any) -> None:
    """Run the HTTP API under gunicorn (production server) on --host/--port."""
    from service.store import JobStore

    settings = _settings(options)
    JobStore(settings.effective_database_url).close()  # create tables before workers race to do it
    os.environ.update(settings.to_env())
    argv = [
        sys.executable,
        "-m",
        "gunicorn",
        "--bind",
        f"{settings.host}:{settings.port}",
        "--workers",
        str(settings.web_workers),
        "--access-logfile",
        "-",
        "--log-level",
        settings.log_level.lower(),
        "service:create_app()",
    ]
    os.execv(sys.executable, argv)


@main.command()
@click.option("--burst", is_flag=True, help="Exit once the queue is empty instead of waiting for jobs.")
@settings_options
def worker(burst: bool, **options: Any) -> None:
    """Run jobs from the queue. Loads the models once at start and reports any it cannot load."""
    from workers.worker import run_worker

    run_worker(_settings(options), burst=burst)


@main.group()
def models() -> None:
    """Prepare models."""


@models.command("make-tiny")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def make_tiny(directory: Path) -> None:
    """Build tiny random-weight Marian and mT5 models in DIRECTORY, for tests and trials.

    Point WARTA_MT_MODEL at DIRECTORY/marian and WARTA_SUM_MODEL at DIRECTORY/mt5. The output is
    gibberish (the weights are random) but flows through the same code as real models.
    """
    from workers.tiny_models import make_tiny_models

    for role, path in make_tiny_models(directory).items():
        click.echo(f"{role}: {path}")


if __name__ == "__main__":
    main()
