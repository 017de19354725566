"""What every ``warta`` command that runs part of Warta shares: a flag for every ``WARTA_*`` setting.

Every setting is also a flag of the same name (``WARTA_REDIS_URL`` ↔ ``--redis-url``); a flag wins over
the environment.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from workers.settings import Settings, describe

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


def settings_from(options: dict[str, Any]) -> Settings:
    try:
        return Settings.from_env(**options)
    except ValueError as error:
        raise click.UsageError(str(error)) from None
