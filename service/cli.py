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

from service import cli_client
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


@models.command("convert")
@click.argument("model")
@click.argument("output", type=click.Path(file_okay=False, path_type=Path), required=False)
@click.option(
    "--quantization", default=None,
    help="Store weights as int8, int8_float16… (default: what WARTA_COMPUTE_TYPE runs, so workers find "
    "it in WARTA_MODEL_CACHE; float32 serves every compute type but loads with a higher memory peak).",
)  # fmt: skip
@settings_options
def convert_model(model: str, output: Path | None, quantization: str | None, **options: Any) -> None:
    """Make the CTranslate2 copy of MODEL (a hub id in the local cache, or a directory).

    Without OUTPUT it goes where workers look for it (WARTA_MODEL_CACHE), so they start without
    converting; with OUTPUT, point WARTA_MT_MODEL or WARTA_SUM_MODEL at OUTPUT.
    """
    from workers.ct2_convert import cache_dir, convert
    from workers.ct2_engine import resolve_source, stored_quantization

    settings = _settings(options)
    quantization = quantization or stored_quantization(settings.device, settings.compute_type)
    quantization = None if quantization == "float32" else quantization
    try:
        source = resolve_source(model)
    except (OSError, ValueError) as error:
        reason = str(error).rstrip(".")
        raise click.UsageError(f"{model}: {reason}. Fix: give a directory with a saved model, or download "
                               f"it once with `hf download {model}`.") from None  # fmt: skip
    target = output or cache_dir(settings.effective_model_cache, source, quantization)
    click.echo(f"{model} -> {convert(source, target, quantization=quantization)}")


@main.group(invoke_without_command=True)
@click.option(
    "--source",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Indonesian lines (FLORES-style parallel files, with --reference).",
)
@click.option(
    "--reference", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="English lines."
)
@click.option(
    "--dataset",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A TSV (header: source, reference) or JSONL ({source, reference}) instead of two files.",
)
@click.option("--limit", type=int, default=None, help="Only the first N lines.")
@click.option(
    "--summary-method",
    type=click.Choice(["abstractive", "extractive"]),
    default=None,
    help="For XL-Sum-style datasets (default: abstractive when WARTA_SUM_MODEL is set).",
)
@click.option(
    "--glossary", "glossary_name", default="default", show_default=True, help="'default' or 'none'."
)
@click.option(
    "--output-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("warta-bench"),
    show_default=True,
    help="Where report.json and report.html go.",
)
@settings_options
@click.pass_context
def bench(
    ctx: click.Context, source: Path | None, reference: Path | None, dataset: Path | None, limit: int | None,
    glossary_name: str, output_dir: Path, summary_method: str | None, **options: Any,
) -> None:  # fmt: skip
    """Run a quality benchmark through the job pipeline: scores with signatures, speed, memory, report.

    Example: warta bench --source ../shared/data/flores200-devtest/ind_Latn.devtest
    --reference ../shared/data/flores200-devtest/eng_Latn.devtest --limit 50
    """
    if ctx.invoked_subcommand:
        return
    import json

    from glossary.default import default_glossary
    from glossary.matcher import Matcher
    from workers.bench import describe_settings, load_dataset, run_benchmark
    from workers.bench_report import render_run
    from workers.models import ModelRegistry
    from workers.quality.comet import CometScorer

    settings = _settings(options)
    try:
        data = load_dataset(dataset, source, reference, limit)
    except (ValueError, KeyError) as error:
        raise click.UsageError(f"dataset: {error}") from None
    registry = ModelRegistry(settings)
    matcher = Matcher(default_glossary()) if glossary_name == "default" else None
    described = describe_settings(settings, glossary_name, summary_method)
    report = run_benchmark(data, registry.translator, registry.summarizer, batch_size=settings.mt_batch_size,
                           matcher=matcher, settings=described,
                           comet=CometScorer.from_settings(settings))  # fmt: skip
    output_dir.mkdir(parents=True, exist_ok=True)
    (output_dir / "report.json").write_text(
        json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    (output_dir / "report.html").write_text(render_run(report), encoding="utf-8")
    scores = "  ".join(f"{k.upper()} {v['score']}" for k, v in report["scores"].items())
    speed = ", ".join(
        f"{v} {k.replace('_per_s', '/s')}" for k, v in report["speed"].items() if k.endswith("_per_s")
    )
    click.echo(f"{data.name}: {len(data.sources)} lines  {scores}  {speed}")
    click.echo(f"report: {output_dir / 'report.json'}, {output_dir / 'report.html'}")


SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@bench.command("speed")
@click.option(
    "--tokenizer-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=SHARED / "models" / "opus-mt-id-en-tokenizer",
    show_default=True,
    help="opus-mt-id-en's tokenizer and config; a random full-size Marian is built from it.",
)
@click.option(
    "--samples",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=SHARED / "samples",
    show_default=True,
    help="Directory of articles (*.txt), one job each.",
)
@click.option(
    "--work-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("bench/speed"),
    show_default=True,
    help="Where the random models and their CTranslate2 copies are kept.",
)
@click.option("--tiny", is_flag=True, help="Tiny models instead of full-size ones (a quick check, as in CI).")
@click.option("--beams", type=int, default=4, show_default=True)
@click.option("--output-tokens", type=int, default=40, show_default=True, help="Fixed translation length.")
@click.option("--summary-tokens", type=int, default=64, show_default=True, help="Fixed summary length.")
@click.option("--threads", type=int, default=2, show_default=True)
@click.option("--no-glossary", is_flag=True, help="Warta's rows without the default glossary.")
@click.option(
    "--output", type=click.Path(dir_okay=False, path_type=Path), help="Also write the report as JSON."
)
def bench_speed(
    tokenizer_dir: Path,
    samples: Path,
    work_dir: Path,
    tiny: bool,
    beams: int,
    output_tokens: int,
    summary_tokens: int,
    threads: int,
    no_glossary: bool,
    output: Path | None,
) -> None:
    """Raw transformers and CTranslate2 against Warta's pipeline on each backend, and the ratios."""
    import json

    from workers.bench_speed import SpeedSetup, format_table, run_speed
    from workers.random_models import make_marian, make_mt5_small
    from workers.tiny_models import make_tiny_models

    articles = [p.read_text(encoding="utf-8") for p in sorted(samples.glob("*.txt"))]
    if not articles:
        raise click.UsageError(f"--samples: no *.txt article in {samples}")
    tiny_models = (
        make_tiny_models(work_dir / "tiny")
        if not (work_dir / "tiny" / "mt5").is_dir()
        else {"translation": work_dir / "tiny" / "marian", "summarization": work_dir / "tiny" / "mt5"}
    )
    if tiny:
        mt, summ = Path(tiny_models["translation"]), Path(tiny_models["summarization"])
    else:
        if not tokenizer_dir.is_dir():
            raise click.UsageError(f"--tokenizer-dir: {tokenizer_dir} is not a directory")
        click.echo("building full-size random models (once)", err=True)
        mt = make_marian(tokenizer_dir, work_dir / "opus-mt-id-en-random")
        summ = make_mt5_small(Path(tiny_models["summarization"]), work_dir / "mt5-small-random")
    setup = SpeedSetup(
        mt,
        summ,
        articles,
        work_dir,
        beams=beams,
        out_tokens=output_tokens,
        sum_tokens=summary_tokens,
        threads=threads,
        glossary=not no_glossary,
    )
    report = run_speed(setup, log=lambda line: click.echo(line, err=True))
    if output:
        output.write_text(json.dumps(report, indent=1), encoding="utf-8")
    click.echo(format_table(report))


@bench.command("compare")
@click.argument("baseline", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("candidate", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--samples", type=int, default=1000, show_default=True, help="Bootstrap resamples.")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), help="Write an HTML report here.")
def bench_compare(baseline: Path, candidate: Path, samples: int, output: Path | None) -> None:
    """Did a change help? Paired bootstrap of BLEU and chrF++ between two report.json files."""
    import json

    from workers.bench import compare
    from workers.bench_report import render_comparison

    base, cand = (json.loads(p.read_text(encoding="utf-8")) for p in (baseline, candidate))
    try:
        result = compare(base, cand, samples)
    except ValueError as error:
        raise click.UsageError(str(error)) from None
    for key in ("bleu", "chrf"):
        row = result[key]
        click.echo(
            f"{key}: {row['baseline']} -> {row['candidate']} ({row['difference']:+.2f}), p = {row['p_value']}"
        )
    if output:
        output.write_text(render_comparison(base, cand, result), encoding="utf-8")
        click.echo(f"report: {output}")


@main.group()
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
@settings_options
def glossary_import(name: str, file: Path, fmt: str | None, **options: Any) -> None:
    """Store FILE as a new version of glossary NAME in the job store, for jobs to name."""
    from glossary.formats import GlossaryFormatError, parse_glossary
    from service.glossary_store import NAME, GlossaryStore
    from service.store import JobStore

    if not NAME.match(name) or name == "default":
        raise click.UsageError("NAME: 1-64 lower-case letters, digits, '.', '_' or '-', and not 'default'")
    try:
        parsed = parse_glossary(file.read_text(encoding="utf-8"), _format_of(file, fmt), name)
    except GlossaryFormatError as error:
        click.echo(f"{file}: {error}", err=True)
        sys.exit(2)
    store = JobStore(_settings(options).effective_database_url)
    version = GlossaryStore(store.engine).put(parsed, name)
    click.echo(f"{name}: version {version}, {len(parsed)} terms")


@glossary.command("export")
@click.argument("name", default="default")
@click.option("--format", "fmt", default="json", show_default=True, help="tsv, csv, csv-sets or json.")
@click.option("--version", "version", type=int, default=None, help="A stored version (default: the latest).")
@click.option(
    "--output", type=click.Path(dir_okay=False, path_type=Path), help="File to write (default: stdout)."
)
@settings_options
def glossary_export(name: str, fmt: str, version: int | None, output: Path | None, **options: Any) -> None:
    """Write glossary NAME (default: the built-in one) in FORMAT."""
    from glossary.formats import FORMATS, dump_glossary
    from service.glossary_store import GlossaryStore
    from service.store import JobStore

    if fmt not in FORMATS:
        raise click.UsageError(f"--format must be one of {', '.join(FORMATS)}")
    store = JobStore(_settings(options).effective_database_url)
    found = GlossaryStore(store.engine).get(name, version)
    if found is None:
        raise click.UsageError(f"no glossary {name!r}" + (f" version {version}" if version else ""))
    text = dump_glossary(found, fmt)
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)


@main.group()
def keys() -> None:
    """Make, list and revoke API keys (sent as `Authorization: Bearer …`; see --require-api-key).

    Each key sees only the jobs, glossaries and benchmarks it made, and has its own rate limit.
    """


def _key_store(options: dict[str, Any]) -> Any:
    from service.api_keys import KeyStore
    from service.store import JobStore

    return KeyStore(JobStore(_settings(options).effective_database_url).engine)


@keys.command("create")
@click.argument("name")
@click.option("--admin", is_flag=True, help="Also opens the operators' pages (the RQ dashboard at /rq).")
@settings_options
def keys_create(name: str, admin: bool, **options: Any) -> None:
    """Make a key for NAME (a person, team or program) and print its token once: keep it safe."""
    if not name.strip() or len(name) > 200:
        raise click.UsageError("NAME: 1-200 characters describing who holds the key")
    key, token = _key_store(options).create(name.strip(), admin=admin)
    click.echo(f"id: {key.id}\nname: {key.name}\ntoken: {token}")
    click.echo("The token is shown only now; Warta keeps only its hash.", err=True)


@keys.command("list")
@settings_options
def keys_list(**options: Any) -> None:
    """List keys: id, state, created, name (tokens cannot be shown again)."""
    for key in _key_store(options).list():
        state = f"revoked {key.revoked_at:%Y-%m-%d}" if key.revoked_at else "active"
        state += " admin" if key.admin else ""
        click.echo(f"{key.id}\t{state}\t{key.created_at:%Y-%m-%d %H:%M}\t{key.name}")


@keys.command("revoke")
@click.argument("key_id")
@settings_options
def keys_revoke(key_id: str, **options: Any) -> None:
    """Revoke key KEY_ID at once; its jobs stay in the store."""
    if not _key_store(options).revoke(key_id):
        raise click.UsageError(f"no active key {key_id!r} (see `warta keys list`)")
    click.echo(f"{key_id}: revoked")


main.add_command(cli_client.submit)
main.add_command(cli_client.jobs)
main.add_command(cli_client.translate_command(settings_options, _settings))

if __name__ == "__main__":
    main()
