"""``warta models``: build tiny models for trials and tests, convert models for CTranslate2."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from service.cli.options import setting_flags, settings_from


@click.group()
def models() -> None:
    """Prepare models."""


@models.command("make-tiny")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def make_tiny(directory: Path) -> None:
    """Build tiny random-weight Marian and mT5 models in DIRECTORY, for tests and trials.

    Point WARTA_MT_MODEL at DIRECTORY/marian and WARTA_SUM_MODEL at DIRECTORY/mt5. The output is
    gibberish (the weights are random) but flows through the same code as real models. Beside them
    come the language-token families (DIRECTORY/marian-en-es, marian-en-mul, nllb, m2m100), for
    trying other language pairs; they take well under a second more.
    """
    from benchmarks.tiny_models import make_multilingual_models, make_tiny_models

    for role, path in {**make_tiny_models(directory), **make_multilingual_models(directory)}.items():
        click.echo(f"{role}: {path}")


@models.command("convert")
@click.argument("model")
@click.argument("output", type=click.Path(file_okay=False, path_type=Path), required=False)
@click.option(
    "--quantization", default=None,
    help="Store weights as int8, int8_float16… (default: what WARTA_COMPUTE_TYPE runs, so workers find "
    "it in WARTA_MODEL_CACHE; float32 serves every compute type but loads with a higher memory peak).",
)  # fmt: skip
@setting_flags(("device", "compute_type", "model_cache", "data_dir"))
def convert_model(model: str, output: Path | None, quantization: str | None, **options: Any) -> None:
    """Make the CTranslate2 copy of MODEL (a hub id in the local cache, or a directory).

    Without OUTPUT it goes where workers look for it (WARTA_MODEL_CACHE), so they start without
    converting; with OUTPUT, point WARTA_MT_MODEL or WARTA_SUM_MODEL at OUTPUT.
    """
    from workers.ct2_convert import cache_dir, convert
    from workers.ct2_engine import resolve_source, stored_quantization

    settings = settings_from(options)
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
