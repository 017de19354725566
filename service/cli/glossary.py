"""``warta glossary``: check, import and export glossary files."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from service.cli.options import settings_from, store_settings_options


@click.group()
def glossary() -> None:
    """Check, import and export glossaries (TSV, CSV, Google CSV term sets, JSON)."""


def _format_of(path: Path, given: str | None) -> str:
    from glossary.formats import FORMATS

    fmt = given or path.suffix.lstrip(".").lower()
    if fmt not in FORMATS:
        raise click.UsageError(f"cannot tell the format of {path.name}; pass --format ({', '.join(FORMATS)})")
    return fmt


@glossary.command("check")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--format", "fmt", default=None, help="tsv, csv, csv-sets or json (default: from the file name)."
)
def glossary_check(file: Path, fmt: str | None) -> None:
    """Read FILE as a glossary and report its terms, or the line of the first problem."""
    from glossary.formats import GlossaryFormatError, parse_glossary

    try:
        parsed = parse_glossary(file.read_text(encoding="utf-8"), _format_of(file, fmt), file.stem)
    except GlossaryFormatError as error:
        click.echo(f"{file}: {error}", err=True)
        sys.exit(2)
    sources = sum(len(t.sources) for t in parsed.terms)
    click.echo(f"{file}: {len(parsed)} terms, {sources} source forms")


@glossary.command("import")
@click.argument("name")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--format", "fmt", default=None, help="tsv, csv, csv-sets or json (default: from the file name)."
)
@click.option("--source-lang", default="id", show_default=True, help="The language of the terms' sources.")
@click.option("--target-lang", default="en", show_default=True, help="The language of their targets.")
@store_settings_options
def glossary_import(
    name: str, file: Path, fmt: str | None, source_lang: str, target_lang: str, **options: Any
) -> None:
    """Store FILE as a new version of glossary NAME in the job store, for jobs of its pair to name."""
    from dataclasses import replace

    from glossary.formats import GlossaryFormatError, parse_glossary
    from workers.languages import UnknownLanguage, normalize
    from workers.store.glossaries import NAME, GlossaryStore
    from workers.store.jobs import JobStore

    if not NAME.match(name) or name == "default":
        raise click.UsageError("NAME: 1-64 lower-case letters, digits, '.', '_' or '-', and not 'default'")
    try:
        pair = normalize(source_lang), normalize(target_lang)
    except UnknownLanguage as error:
        raise click.UsageError(f"--source-lang/--target-lang: {error}") from None
    try:
        parsed = parse_glossary(file.read_text(encoding="utf-8"), _format_of(file, fmt), name)
    except GlossaryFormatError as error:
        click.echo(f"{file}: {error}", err=True)
        sys.exit(2)
    store = JobStore(settings_from(options).effective_database_url)
    version = GlossaryStore(store.engine).put(replace(parsed, source=pair[0], target=pair[1]), name)
    click.echo(f"{name}: version {version}, {len(parsed)} terms, {pair[0]}→{pair[1]}")


@glossary.command("export")
@click.argument("name", default="default")
@click.option("--format", "fmt", default="json", show_default=True, help="tsv, csv, csv-sets or json.")
@click.option("--version", "version", type=int, default=None, help="A stored version (default: the latest).")
@click.option(
    "--output", type=click.Path(dir_okay=False, path_type=Path), help="File to write (default: stdout)."
)
@store_settings_options
def glossary_export(name: str, fmt: str, version: int | None, output: Path | None, **options: Any) -> None:
    """Write glossary NAME (default: the built-in one) in FORMAT."""
    from glossary.formats import FORMATS, dump_glossary
    from workers.store.glossaries import GlossaryStore
    from workers.store.jobs import JobStore

    if fmt not in FORMATS:
        raise click.UsageError(f"--format must be one of {', '.join(FORMATS)}")
    store = JobStore(settings_from(options).effective_database_url)
    found = GlossaryStore(store.engine).get(name, version)
    if found is None:
        raise click.UsageError(f"no glossary {name!r}" + (f" version {version}" if version else ""))
    text = dump_glossary(found, fmt)
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)
