"""The ``warta`` command line, one module per command group.

``run.py`` starts the service or its parts, ``models.py`` builds and converts models, ``bench.py`` runs
benchmarks, ``glossary.py``, ``memory.py`` and ``keys.py`` manage glossaries, the human translation
memory and API keys, ``client.py`` talks to a running server (``submit``, ``jobs``) or runs a job here
without one (``translate``). Model code is imported inside the commands that need it, so ``warta serve``
never loads torch.
"""

from __future__ import annotations

import click

from service.cli import bench, client, glossary, keys, memory, models, run
from service.cli.errors import CalmGroup


@click.group(cls=CalmGroup, context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Warta: Indonesian news in, English translations, summaries and quality scores out.

    Start everything on one machine with `warta up`; at scale run `warta serve` and any number of
    `warta worker` processes against a shared Redis and PostgreSQL.
    """


for command in (run.up, run.serve, run.worker, models.models, bench.bench, glossary.glossary, memory.tm,
                keys.keys, client.submit, client.jobs, client.translate):  # fmt: skip
    main.add_command(command)
