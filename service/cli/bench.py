"""``warta bench``: quality benchmarks through the job pipeline, their comparison, and the speed run."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from service.cli.options import OFFLINE_SETTINGS, setting_flags, settings_from
from workers.contract.enums import SummaryMethod


@click.group(invoke_without_command=True)
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
    type=click.Choice([str(m) for m in SummaryMethod]),
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
@setting_flags((*OFFLINE_SETTINGS, "mt_batch_size"))
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
    from service.renderers.benchmark import render_run
    from workers.benchmark import describe_settings, load_dataset, run_benchmark
    from workers.models import ModelRegistry
    from workers.quality.comet import CometScorer

    settings = settings_from(options)
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
    document = report.model_dump(mode="json")
    output_dir.mkdir(parents=True, exist_ok=True)
    (output_dir / "report.json").write_text(
        json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    (output_dir / "report.html").write_text(render_run(document), encoding="utf-8")
    scores = "  ".join(f"{k.upper()} {v.score}" for k, v in report.scores.items())
    speed = ", ".join(
        f"{v} {k.replace('_per_s', '/s')}" for k, v in report.speed.items() if k.endswith("_per_s")
    )
    click.echo(f"{data.name}: {len(data.sources)} lines  {scores}  {speed}")
    click.echo(f"report: {output_dir / 'report.json'}, {output_dir / 'report.html'}")


SHARED = Path(__file__).resolve().parents[3] / "shared"


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
    "--nllb-jobs",
    type=int,
    default=1,
    show_default=True,
    help="Articles (the first N) for the NLLB-200 rows and the three-model worker; 0: no NLLB.",
)
@click.option("--nllb-beams", type=int, default=2, show_default=True, help="Beam width of the NLLB rows.")
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
    nllb_jobs: int,
    nllb_beams: int,
    output: Path | None,
) -> None:
    """Raw transformers and CTranslate2 against Warta's pipeline on each backend, and the ratios."""
    import json

    from benchmarks.random_models import make_marian, make_mt5_small, make_nllb_600m
    from benchmarks.speed import SpeedSetup, format_table, run_speed
    from benchmarks.tiny_models import NLLB_DIR, make_multilingual_models, make_tiny_models

    articles = [p.read_text(encoding="utf-8") for p in sorted(samples.glob("*.txt"))]
    if not articles:
        raise click.UsageError(f"--samples: no *.txt article in {samples}")
    tiny_models = (
        make_tiny_models(work_dir / "tiny")
        if not (work_dir / "tiny" / "mt5").is_dir()
        else {"translation": work_dir / "tiny" / "marian", "summarization": work_dir / "tiny" / "mt5"}
    )
    tiny_nllb = work_dir / "tiny-multilingual" / NLLB_DIR
    if nllb_jobs > 0 and not (tiny_nllb / "model.safetensors").is_file():
        make_multilingual_models(tiny_nllb.parent)
    nllb: Path | None = tiny_nllb if nllb_jobs > 0 else None
    if tiny:
        mt, summ = Path(tiny_models["translation"]), Path(tiny_models["summarization"])
    else:
        if not tokenizer_dir.is_dir():
            raise click.UsageError(f"--tokenizer-dir: {tokenizer_dir} is not a directory")
        click.echo("building full-size random models (once)", err=True)
        mt = make_marian(tokenizer_dir, work_dir / "opus-mt-id-en-random")
        summ = make_mt5_small(Path(tiny_models["summarization"]), work_dir / "mt5-small-random")
        if nllb:
            nllb = make_nllb_600m(nllb, work_dir / "nllb-200-distilled-600M-random")
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
        nllb_model=nllb,
        nllb_jobs=nllb_jobs,
        nllb_beams=nllb_beams,
    )
    report = run_speed(setup, log=lambda line: click.echo(line, err=True))
    if output:
        output.write_text(json.dumps(report, indent=1), encoding="utf-8")
    click.echo(format_table(report))


@bench.command("post-edits")
@click.argument("dataset", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--limit", type=int, default=None, help="Only the first N lines.")
@click.option(
    "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write the report (JSON) here."
)
def bench_post_edits(dataset: Path, limit: int | None, output: Path | None) -> None:
    """How much editing the machine English needed: HTER of a post-edited set (TSV or JSONL of source,
    machine, human), as sacrebleu's TER of the machine English against the human one."""
    import json

    from workers.benchmark import load_post_edits
    from workers.quality.hter import post_edit_report

    try:
        report = post_edit_report(*load_post_edits(dataset, limit))
    except (ValueError, KeyError) as error:
        raise click.UsageError(f"dataset: {error}") from None
    if output:
        output.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    score = report["hter"]["score"] if report["hter"] else "n/a"
    click.echo(f"{dataset.name}: {report['lines']} lines, {report['edited']} edited "
               f"({100 * report['edit_rate']:.1f}%)  HTER {score}")  # fmt: skip
    if report["hter"]:
        click.echo(report["hter"]["signature"])


@bench.command("compare")
@click.argument("baseline", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("candidate", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--samples", type=int, default=1000, show_default=True, help="Bootstrap resamples.")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), help="Write an HTML report here.")
def bench_compare(baseline: Path, candidate: Path, samples: int, output: Path | None) -> None:
    """Did a change help? Paired bootstrap of BLEU and chrF++ between two report.json files."""
    import json

    from service.renderers.benchmark import render_comparison
    from workers.quality.significance import compare

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
