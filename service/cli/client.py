"""``warta submit``, ``warta jobs`` (a running server) and ``warta translate`` (no server at all)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, BinaryIO

import click

from glossary.formats import GlossaryFormatError, dump_glossary, parse_glossary
from service.cli.options import offline_settings_options, settings_from
from service.client import ApiError, Client, article_from_file
from service.renderers import RENDERERS
from workers.contract.enums import DEFAULT_GLOSSARY, MAX_PAGE, TASKS, JobStatus

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
@click.option("--summary-length", default="medium", show_default=True, help="short, medium, long or tokens.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="md", show_default=True,
              help="Format of the result file.")  # fmt: skip
@click.option("--output-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              show_default=True, help="Where the result file goes.")  # fmt: skip
@click.option("--no-wait", is_flag=True, help="Print the job id and return at once.")
@click.option("--force", is_flag=True, help="Process text that does not look like its source language.")
@with_pair
def submit(
    files: tuple[Path, ...], server: str, api_key: str, tasks: str, glossary: str, summary_length: str,
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
        "summary_length": int(summary_length) if summary_length.isdigit() else summary_length,
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
            progress = job["progress"]
            percent = (
                100
                if job["status"] == JobStatus.SUCCEEDED
                else 100 * progress["done"] // max(1, progress["total"])
            )
            mark = (progress["stage"], percent // 10)
            if mark not in shown:
                shown.add(mark)
                click.echo(f"{job['status']}: {progress['stage']} {percent}%", err=True)

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
@click.option("--limit", type=click.IntRange(1, MAX_PAGE), default=20, show_default=True)
def jobs(server: str, api_key: str, status: str | None, limit: int) -> None:
    """List your jobs on the server, newest first: id, status, progress, created, error."""
    try:
        listed = Client(server, api_key).jobs(status, limit)
    except ApiError as error:
        raise click.ClickException(str(error)) from None
    for job in listed:
        progress = job["progress"]
        error = (job.get("error") or {}).get("code") or ""
        done = f"{progress['done']}/{progress['total']}"
        click.echo(f"{job['id']}\t{job['status']}\t{done}\t{job['created_at']}\t{error}".rstrip())


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
@click.option("--summary-length", default="medium", show_default=True, help="short, medium, long or tokens.")
@click.option("--format", "fmt", type=click.Choice(FORMATS[:-1]), default="txt", show_default=True)
@click.option("--output", type=click.File("wb"), default="-", show_default=True,
              help="Where the result goes ('-': standard output).")  # fmt: skip
@click.option("--force", is_flag=True, help="Process text that does not look like its source language.")
@with_pair
@offline_settings_options
def translate(
    files: tuple[Path, ...], tasks: str, glossary: str, summary_length: str, fmt: str, output: BinaryIO,
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
    length = int(summary_length) if summary_length.isdigit() else summary_length
    body = {"articles": articles, "tasks": _tasks(tasks), "force": force, "source_lang": source_lang,
            "target_lang": target_lang, "summary_length": length, **_glossary_choice(glossary)}  # fmt: skip
    try:
        rendered = translate_locally(body, settings_from(options), fmt)
    except Problem as problem:
        raise click.ClickException(f"{problem.field or 'input'}: {problem.detail}") from None
    output.write(rendered)
