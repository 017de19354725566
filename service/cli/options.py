"""What every ``warta`` command that runs part of Warta shares: a flag for each ``WARTA_*`` setting it uses.

Every setting is also a flag of the same name (``WARTA_REDIS_URL`` ↔ ``--redis-url``); a flag wins over
the environment. The server commands take all of them. The others show only the settings they use and
read the rest from the environment as every command does: ``warta translate`` and ``warta bench`` run
models in their own process, where Redis, the store, keys and rate limits mean nothing
(``OFFLINE_SETTINGS``); ``warta keys``, ``tm`` and ``glossary`` only open the store (``STORE_SETTINGS``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from typing import Any

import click

from workers.settings import Settings, describe, flag_name

F = Callable[..., Any]

# The models, where and how they run, and the pipeline settings that change the result of a local run.
OFFLINE_SETTINGS = (
    "mt_model",
    "mt_models",
    "sum_model",
    "sum_languages",
    "mt_backend",
    "sum_backend",
    "compute_type",
    "device",
    "mt_beams",
    "sum_beams",
    "sum_max_tokens",
    "sum_input_tokens",
    "comet_model",
    "comet_command",
)

# Where the job store is: all that the commands managing keys, memories and glossaries read.
STORE_SETTINGS = ("database_url", "data_dir")


def setting_flags(names: Iterable[str] | None = None) -> Callable[[F], F]:
    """A decorator adding one flag per setting in ``names`` (every setting when ``None``); unset flags stay
    ``None`` so the environment and defaults apply."""
    known = {f.name for f in dataclasses.fields(Settings)}
    wanted = None if names is None else set(names)
    if wanted is not None and wanted - known:
        raise ValueError(f"not settings: {', '.join(sorted(wanted - known))}")
    flags = None if wanted is None else {flag_name(name) for name in wanted}
    described = [row for row in describe() if flags is None or row[1] in flags]

    def attach(command: F) -> F:
        for env, flag, default, help_text in reversed(described):
            command = click.option(
                flag,
                default=None,
                metavar="VALUE",
                help=f"{help_text} [env: {env}; default: {default!r}]",
            )(command)
        return command

    return attach


settings_options = setting_flags()
offline_settings_options = setting_flags(OFFLINE_SETTINGS)
store_settings_options = setting_flags(STORE_SETTINGS)


def settings_from(options: dict[str, Any]) -> Settings:
    try:
        return Settings.from_env(**options)
    except ValueError as error:
        raise click.UsageError(str(error)) from None
