"""``warta tm``: the human translation memory in and out as TMX, on the server's store.

Without ``--key`` these write and read the operator's shared memory, which every key reads (as
``warta glossary import`` writes the shared glossaries); with ``--key ID`` that key's own.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from service.cli.options import settings_from, store_settings_options

KEY_OPTION = click.option(
    "--key", "key_id", default=None, help="A key id (`warta keys list`): its own memory, not the shared one."
)


@click.group("tm")
def tm() -> None:
    """Import, export and empty the human translation memory (TMX 1.1 to 1.4b)."""


def _memory(options: dict[str, Any]) -> Any:
    from workers.store.human_memory import HumanMemoryStore
    from workers.store.jobs import JobStore

    return HumanMemoryStore(JobStore(settings_from(options).effective_database_url).engine)


def _owner(key_id: str | None) -> str:
    from workers.store.glossaries import SHARED

    return key_id or SHARED


@tm.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--replace", is_flag=True, help="Empty the memory first: the file becomes all of it.")
@KEY_OPTION
@store_settings_options
def tm_import(file: Path, replace: bool, key_id: str | None, **options: Any) -> None:
    """Add FILE's units to the memory; a sentence held before gets the file's English."""
    from workers.human_memory import sentence_pairs
    from workers.tmx import TmxError, read_memory

    try:
        read = read_memory(file.read_bytes())
    except TmxError as error:
        click.echo(f"{file}: {error}", err=True)
        sys.exit(2)
    languages = (read.source, read.target)
    pairs = [p for unit in read.pairs for p in sentence_pairs(unit, languages)]
    memory, owner = _memory(options), _owner(key_id)
    if replace:
        removed, imported = memory.replace(owner, pairs, "import", "warta tm import", languages)
        click.echo(f"removed {removed} {read.source}→{read.target} units")
    else:
        imported = memory.remember(owner, pairs, "import", "warta tm import", languages=languages)
    click.echo(f"{file}: {imported} {read.source}→{read.target} units imported, "
               f"{memory.count(owner, languages)} in the memory")  # fmt: skip


@tm.command("export")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path), required=False)
@KEY_OPTION
@store_settings_options
def tm_export(file: Path | None, key_id: str | None, **options: Any) -> None:
    """Write the memory as TMX to FILE (default: stdout)."""
    from workers.store.human_memory import Pair
    from workers.tmx import write_tmx

    units = _memory(options).units(_owner(key_id))
    data = write_tmx(Pair(u.sentence, u.english, u.changed_by, u.changed_at) for u in units)
    if file:
        file.write_bytes(data)
    else:
        sys.stdout.buffer.write(data)


@tm.command("forget")
@KEY_OPTION
@store_settings_options
def tm_forget(key_id: str | None, **options: Any) -> None:
    """Delete every unit of the memory."""
    click.echo(f"{_memory(options).forget(_owner(key_id))} units deleted")
