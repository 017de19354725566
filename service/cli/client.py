"""``warta submit``, ``warta jobs`` (a running server) and ``warta translate`` (no server at all)."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

import click
from pydantic import ValidationError

from glossary.formats import GlossaryFormatError, dump_glossary, parse_glossary
from service.cli.options import offline_settings_options, settings_from
from service.client import ApiError, Client, article_from_file, percent
from service.renderers import RENDERERS
from workers.contract.enums import DEFAULT_GLOSSARY, MAX_PAGE, TASKS, JobStatus
from workers.contract.job import MAX_SEARCH_CHARS, JobListQuery

FORMATS = (*RENDERERS, "zip")
server_option = click.option(
    "--server", envvar="WARTA_SERVER_URL", default="http://127.0.0.1:8000", show_default=True,
    help="The Warta API to talk to [env: WARTA_SERVER_URL].",
)  # fmt: skip
key_option = click.option(
    "--api-key", envvar="WARTA_API_KEY", default="", help="API key (wk_…) where the server requires one "
    "[env: WARTA_API_KEY].",
)  # fmt: skip
BOTH = "both"
tasks_option = click.option(
    "--tasks", type=click.Choice([*map(str, TASKS), BOTH]), default=BOTH, show_default=True,
    help="What to do with the articles.",
)  # fmt: skip
# A summary's length as the API takes it: a word, or a number of tokens sent as a number.
summary_length_option = click.option(
    "--summary-length", default="medium", show_default=True, help="short, medium, long or tokens.",
    callback=lambda _ctx, _param, given: int(given) if given.isdigit() else given,
)  # fmt: skip


# The pair of a job (its options, not settings: `--mt-models` is the setting that serves pairs).
pair_options = [
    click.option("--source-lang", default="id", show_default=True,
                 help="The articles' language, or 'auto' to identify each."),
    click.option("--target-lang", default="en", show_default=True, help="The language to translate into."),
]  # fmt: skip


def with_pair(command: Any) -> Any:
    for option in reversed(pair_options):
        command = option(command)
    return command


def _tasks(tasks: str) -> list[str]:
    return list(TASKS) if tasks == BOTH else [tasks]


@click.command()
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@server_option
@key_option
@tasks_option
@click.option(
    "--glossary", default=DEFAULT_GLOSSARY, show_default=True, help="A stored glossary's name, or 'none'."
)
@summary_length_option
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="md", show_default=True,
              help="Format of the result file.")  # fmt: skip
@click.option("--output-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              show_default=True, help="Where the result file goes.")  # fmt: skip
@click.option("--no-wait", is_flag=True, help="Print the job id and return at once.")
@click.option("--force", is_flag=True, help="Process text that does not look like its source language.")
@with_pair
def submit(
    files: tuple[Path, ...], server: str, api_key: str, tasks: str, glossary: str, summary_length: str | int,
    fmt: str, output_dir: Path, no_wait: bool, force: bool, source_lang: str, target_lang: str,
) -> None:  # fmt: skip
    """Send FILES (.txt or .html articles, Indonesian unless --source-lang says) as one job and save its
    result.

    Each file is one article, named after the file. The command waits with a progress bar until the job
    has finished, then writes the result in --format into --output-dir and prints its path.

    Example: warta submit berita1.txt berita2.html --format html
    """
    body: dict[str, Any] = {
        "articles": [article_from_file(f) for f in files],
        "tasks": _tasks(tasks),
        "glossary": None if glossary == "none" else glossary,
        "summary_length": summary_length,
        "source_lang": source_lang,
        "target_lang": target_lang,
        "force": force,
    }
    client = Client(server, api_key)
    try:
        job = client.submit(body)
        click.echo(f"job {job['id']} queued", err=True)
        if no_wait:
            click.echo(job["id"])
            return
        job = _wait_with_bar(client, job["id"])
        if job["status"] != JobStatus.SUCCEEDED:
            error = job.get("error") or {}
            raise click.ClickException(
                f"job {job['id']} {job['status']}: {error.get('code')}: {error.get('message')}"
            )
        click.echo(client.download(job["id"], fmt, output_dir))
    except ApiError as error:
        raise click.ClickException(str(error)) from None


def _wait_with_bar(client: Client, job_id: str) -> dict[str, Any]:
    """A progress bar on a terminal; elsewhere (a pipe, a CI log) a line at each stage and each tenth."""
    if not sys.stderr.isatty():
        shown: set[tuple[str, int]] = set()

        def report(job: dict[str, Any]) -> None:
            stage, done = job["progress"]["stage"], percent(job)
            if (stage, done // 10) not in shown:
                shown.add((stage, done // 10))
                click.echo(f"{job['status']}: {stage} {done}%", err=True)

        return client.wait(job_id, report)
    with click.progressbar(length=1, label="queued", file=sys.stderr, show_percent=True) as bar:

        def show(job: dict[str, Any]) -> None:
            progress = job["progress"]
            bar.length = max(1, progress["total"])
            bar.label = f"{job['status']}: {progress['stage']}"
            bar.update(progress["done"] - bar.pos)

        job = client.wait(job_id, show)
        if job["status"] == JobStatus.SUCCEEDED:
            bar.update(bar.length - bar.pos)
    return job


@click.command()
@server_option
@key_option
@click.option("--status", type=click.Choice([str(s) for s in JobStatus]), help="Only jobs in this state.")
@click.option("--search", metavar="TEXT", help="Only jobs whose title or articles' text holds TEXT, "
              f"letters' case aside (at most {MAX_SEARCH_CHARS} characters).")  # fmt: skip
@click.option("--since", metavar="DATE", help="Only jobs created on or after DATE: an ISO 8601 date "
              "(UTC) or date and time, such as 2026-12-05 or 2026-12-05T14:30:00Z.")  # fmt: skip
@click.option("--limit", type=click.IntRange(1, MAX_PAGE), default=20, show_default=True)
def jobs(server: str, api_key: str, status: str | None, search: str | None, since: str | None,
         limit: int) -> None:  # fmt: skip
    """List your jobs on the server, newest first, one a line: id, status (and error), progress, when it
    was created, pair and title.

    Example: warta jobs --search banjir --since 2026-12-01
    """
    _checked_filters(search, since)
    try:
        listed = Client(server, api_key).jobs(status, limit, search=search, since=since)
    except ApiError as error:
        raise click.ClickException(str(error)) from None
    now = datetime.now(UTC)
    rows = [
        [
            job["id"],
            job["status"] + (f" ({job['error']['code']})" if job.get("error") else ""),
            f"{percent(job)}%",
            ago(datetime.fromisoformat(job["created_at"]), now),
            f"{job['options']['source_lang']}→{job['options']['target_lang']}",
            job.get("title") or "",
        ]
        for job in listed
    ]
    for line in _aligned(rows):
        click.echo(line)


def _aligned(rows: list[list[str]]) -> list[str]:
    """Each column as wide as its widest cell, percentages to the right; the last (the title) as it is."""
    widths = [max(len(cell) for cell in column) for column in zip(*rows, strict=True)][:-1]
    lines = []
    for row in rows:
        cells = [cell.rjust(width) if cell.endswith("%") else cell.ljust(width)
                 for cell, width in zip(row, widths, strict=False)]  # fmt: skip
        lines.append("  ".join([*cells, row[-1]]).rstrip())
    return lines


def _checked_filters(search: str | None, since: str | None) -> None:
    """``--search`` and ``--since`` checked here by the API's own rules, so a refusal names the option."""
    try:
        JobListQuery.model_validate({"q": search, "created_after": since})
    except ValidationError as error:
        member = str(error.errors()[0]["loc"][0])
        option = {"q": "--search", "created_after": "--since"}[member]
        raise click.BadParameter(f"must be {JobListQuery.hints[member]}", param_hint=option) from None


def ago(when: datetime, now: datetime) -> str:
    """When something happened as a person says it, in this machine's time zone: "just now", "3 min ago",
    "5 h ago", "yesterday", "3 days ago", then the date (the web page's script says the same)."""
    seconds = max(0.0, (now - when).total_seconds())
    if seconds < 45:
        return "just now"
    if seconds < 3600:
        return f"{max(1, round(seconds / 60))} min ago"
    local_when, local_now = when.astimezone(), now.astimezone()
    if local_when.date() == local_now.date() or seconds < 6 * 3600:
        return f"{round(seconds / 3600)} h ago"
    days = (local_now.date() - local_when.date()).days
    if days <= 1:
        return "yesterday"
    if days < 7:
        return f"{days} days ago"
    year = "" if local_when.year == local_now.year else f" {local_when.year}"
    return f"{local_when.day} {local_when:%b}{year}"


def _glossary_choice(given: str) -> dict[str, Any]:
    """``--glossary`` of an offline run: the default glossary, none, or a file's terms in its place
    (no server, so no stored glossary but the default)."""
    if given in (DEFAULT_GLOSSARY, "none"):
        return {"glossary": None if given == "none" else given}
    path = Path(given)
    fmt = {".tsv": "tsv", ".csv": "csv", ".json": "json"}.get(path.suffix.lower())
    if fmt is None or not path.is_file():
        wanted = "send 'default', 'none', or the path of a .tsv, .csv or .json glossary file."
        raise click.BadParameter(wanted, param_hint="--glossary")
    try:
        terms = json.loads(dump_glossary(parse_glossary(path.read_text(encoding="utf-8"), fmt), "json"))[
            "terms"
        ]
    except (GlossaryFormatError, UnicodeDecodeError) as error:
        raise click.BadParameter(f"{path}: {error}", param_hint="--glossary") from None
    return {"glossary": None, "terms": terms}


@click.command("translate")
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@tasks_option
@click.option("--glossary", default=DEFAULT_GLOSSARY, show_default=True,
              help="'default', 'none', or a .tsv, .csv or .json glossary file, whose terms apply "
              "instead.")  # fmt: skip
@summary_length_option
@click.option("--format", "fmt", type=click.Choice(FORMATS[:-1]), default="txt", show_default=True)
@click.option("--output", type=click.File("wb"), default="-", show_default=True,
              help="Where the result goes ('-': standard output).")  # fmt: skip
@click.option("--force", is_flag=True, help="Process text that does not look like its source language.")
@with_pair
@offline_settings_options
def translate(
    files: tuple[Path, ...], tasks: str, glossary: str, summary_length: str | int, fmt: str, output: BinaryIO,
    force: bool, source_lang: str, target_lang: str, **options: Any,
) -> None:  # fmt: skip
    """Translate FILES (or standard input) on this machine, without a server, and print the result.

    Loads the models named by --mt-model and --sum-model, runs the same stages as a job (the pipeline,
    model-based QE where configured, digests) and prints the English (--format txt) or any other result
    format. Good for a quick look or a shell pipe. Only the settings that change the result are flags
    here; the other WARTA_* variables are read from the environment.

    Example: echo "Harga beras naik di Jakarta." | warta translate --tasks translate
    """
    from service.local import translate_locally
    from service.problems import Problem

    articles = [article_from_file(f) for f in files] or [{"id": "stdin", "text": sys.stdin.read()}]
    body = {"articles": articles, "tasks": _tasks(tasks), "force": force, "source_lang": source_lang,
            "target_lang": target_lang, "summary_length": summary_length,
            **_glossary_choice(glossary)}  # fmt: skip
    try:
        rendered = translate_locally(body, settings_from(options), fmt)
    except Problem as problem:
        raise click.ClickException(f"{problem.field or 'input'}: {problem.detail}") from None
    output.write(rendered)
