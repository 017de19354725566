"""Glossary speed by size: upload, read back, download, page, matcher and a one-sentence job, on one core.

    taskset -c 0 .venv/bin/python benchmarks/glossary/speed.py [--sizes 1000,10000,50000] [--models DIR]

For each size a synthetic glossary (generated multi-word names, a short form for one in four; one
target in four in Cyrillic, so that their ids are ``term``, ``term-2``, …, the case that made uploads
quadratic) goes through the real app (``create_app``, Flask's test client, a SQLite store in a
temporary folder, the local Redis or ``WARTA_REDIS_URL``) as TSV: ``PUT /v1/glossaries/<name>``, then
``GET`` as TSV and JSON and the glossary's page. ``read`` is a fresh store parsing the stored version
(what the first download, page or job after a start pays); ``matcher`` builds the default-plus-named
matcher. Each is the median of three.

A job is ``workers.stages.job_matcher`` plus the pipeline on one sentence, as a worker runs it: with a
copying translator, the glossary's work alone (``gloss``, beside ``gloss_default`` on the default
glossary), and on the tiny translation model (``warta models make-tiny``, made here unless ``--models``
names them, decoding 40 tokens a sentence): ``job_cold`` on a fresh store and matcher cache (the first
job on a version), ``job`` the median of the next five, beside ``default_job`` on the default glossary.

Floors (issue 16): every step linear in the terms, a 50,000-term upload under 5 s, a job within 2x of
one on the default glossary. Linear is read as a per-term time at the largest size within 2.5x of the
next smaller one's: a quadratic step makes it 5x from 10,000 to 50,000 terms, while the cycle collector
walking a larger heap alone comes near 2x. Exits 1 when a floor is missed.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from benchmarks.tiny_models import MARIAN_DIR, MT5_DIR, make_tiny_models  # noqa: E402
from glossary.default import default_glossary, layered  # noqa: E402
from glossary.formats import parse_glossary  # noqa: E402
from glossary.matcher import Matcher  # noqa: E402
from service.app import create_app  # noqa: E402
from workers.batch_translate import Translator  # noqa: E402
from workers.contract.article import ArticleInput  # noqa: E402
from workers.contract.job import JobOptions  # noqa: E402
from workers.matchers import MatcherCache  # noqa: E402
from workers.models import ModelRegistry  # noqa: E402
from workers.pipeline import Summarizer, run_pipeline  # noqa: E402
from workers.settings import Settings  # noqa: E402
from workers.stages import job_matcher  # noqa: E402
from workers.store.glossaries import SHARED, GlossaryStore  # noqa: E402

SYLLABLES = [c + v for c in "bdklmnrstwy" for v in "aeiou"]
CYRILLIC = "абвгдежзиклмнопрстуфхцчшы"
SENTENCE = "Presiden Rusia Vladimir Putin tiba di Pyongyang pada Selasa dan bertemu {name} di bandara."
UPLOAD_FLOOR_S, JOB_RATIO_FLOOR, GROWTH_FLOOR = 5.0, 2.0, 2.5
OUTPUT_TOKENS = 40


def synthetic_tsv(size: int, rng: random.Random) -> tuple[str, str]:
    """``size`` terms as TSV, and one Indonesian name of them."""
    names: set[str] = set()
    while len(names) < size:
        words = ("".join(rng.choices(SYLLABLES, k=rng.randint(2, 4))) for _ in range(rng.randint(2, 3)))
        names.add(" ".join(w.capitalize() for w in words))
    rows, used = [], set(names)
    for i, name in enumerate(sorted(names)):
        if i % 4 == 1:
            target = " ".join("".join(rng.choices(CYRILLIC, k=6)).capitalize() for _ in range(2))
        else:
            target = name.upper()
        rows.append(f"{name}\t{target}\n")
        short = f"{name.split()[0]} {name.split()[-1]}"
        if i % 4 == 0 and short not in used:
            used.add(short)
            rows.append(f"{short}\t{target}\n")
    return "".join(rows), sorted(names)[size // 2]


class CopyTranslator:
    """A translator that returns its input: the pipeline's own work (segmenting, protecting and
    restoring terms, checks) timed without a model's."""

    model_id = "copy"
    max_input_tokens = 512

    def count_tokens(self, text: str) -> int:
        return len(text.split())

    def translate_batches(self, batches: list[list[str]]) -> Iterator[list[str]]:
        yield from batches

    def prefetch_links(self, pairs: list[tuple[str, str]]) -> None:
        return None

    def align(self, source: str, target: str, span: tuple[int, int]) -> tuple[int, int] | None:
        return None


def timed(run: Callable[[], Any]) -> float:
    """Seconds ``run`` takes, the garbage of earlier runs collected first, not during it."""
    gc.collect()
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def median_of(times: int, run: Callable[[], Any]) -> float:
    return statistics.median(timed(run) for _ in range(times))


@dataclass(frozen=True)
class Job:
    """One sentence through ``job_matcher`` and the pipeline, as a worker runs it (no queue, no store)."""

    text: str
    translator: Translator
    store: GlossaryStore
    matchers: MatcherCache

    def run(self, options: JobOptions, store: GlossaryStore | None = None) -> None:
        matcher = job_matcher(options, "bench-key", store or self.store, self.matchers)
        article = ArticleInput(id="a", title=None, text=self.text)
        run_pipeline([article], ["translate"], translator=lambda _pair: self.translator,
                     summarizer=_no_summarizer, batch_size=8, progress=lambda *_: None,
                     matcher=matcher)  # fmt: skip


def _no_summarizer() -> Summarizer:
    raise AssertionError("a translation job asked for the summarizer")


def measure(
    size: int, client: Any, store: GlossaryStore, translator: Translator, rng: random.Random
) -> dict[str, float]:
    body, name_in_it = synthetic_tsv(size, rng)
    name = f"bench-{size}"
    row: dict[str, float] = {"terms": size, "kb": len(body.encode()) / 1000}
    tsv = {"Content-Type": "text/tab-separated-values"}

    def upload() -> None:
        answer = client.put(f"/v1/glossaries/{name}", data=body, headers=tsv)
        assert answer.status_code in (200, 201), answer.get_data(as_text=True)[:500]

    row["upload"] = median_of(3, upload)
    urls = {"tsv": f"/v1/glossaries/{name}?format=tsv", "json": f"/v1/glossaries/{name}?format=json",
            "page": f"/glossaries/{name}"}  # fmt: skip
    for label, url in urls.items():
        assert client.get(url).status_code == 200
        row[label] = median_of(3, lambda u=url: client.get(u))
    # The job and the read use a shared copy: found the same way whichever owner a key-less upload has.
    glossary = parse_glossary(body, "tsv", name)
    version = store.put(glossary, f"{name}-shared", SHARED)
    row["read"] = median_of(3, lambda: GlossaryStore(store.engine).get(f"{name}-shared", version, SHARED))
    row["matcher"] = median_of(3, lambda: Matcher(layered(default_glossary(), glossary)))
    text = SENTENCE.format(name=name_in_it)
    named = JobOptions(glossary=f"{name}-shared", glossary_version=version, glossary_shared=True)
    default = JobOptions()
    # The glossary's work alone (a copying translator), then whole jobs on the tiny model.
    copying = Job(text, CopyTranslator(), store, MatcherCache())
    copying.run(named)
    copying.run(default)
    row["gloss"] = median_of(5, lambda: copying.run(named))
    row["gloss_default"] = median_of(5, lambda: copying.run(default))
    job = Job(text, translator, store, MatcherCache())
    row["job_cold"] = timed(lambda: job.run(named, GlossaryStore(store.engine)))
    job.run(default)
    row["job"] = median_of(5, lambda: job.run(named))
    row["default_job"] = median_of(5, lambda: job.run(default))
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,50000", help="glossary sizes, comma-separated")
    parser.add_argument("--models", type=Path, help="tiny models made by `warta models make-tiny DIR` "
                        "(default: made in a temporary folder)")  # fmt: skip
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory(prefix="warta-glossary-speed-") as folder:
        models = args.models or make_tiny_models(Path(folder) / "models")["translation"].parent
        rows = run_sizes(sizes, Path(folder), models)
    report(rows)
    missed = floors_missed(rows)
    print("floors: " + ("all met" if not missed else "MISSED: " + "; ".join(missed)))
    return 1 if missed else 0


def run_sizes(sizes: list[int], folder: Path, models: Path) -> list[dict[str, float]]:
    settings = Settings(
        redis_url=os.environ.get("WARTA_REDIS_URL", "redis://127.0.0.1:6379/0"),
        database_url=f"sqlite:///{folder / 'warta.db'}", data_dir=str(folder),
        queue=f"glossary-speed-{uuid.uuid4().hex[:6]}", rate_limit="", submit_rate_limit="",
        auth_failure_limit="", max_glossary_terms=max(sizes), max_request_bytes=100_000_000,
        mt_model=str(models / MARIAN_DIR), sum_model=str(models / MT5_DIR), mt_backend="transformers",
        sum_backend="transformers", threads=1, mt_beams=2, model_cache=str(folder / "ct2"), tm_entries=0,
    )  # fmt: skip
    app = create_app(settings)
    store = app.extensions["warta.glossaries"]
    translator = ModelRegistry(settings).translator()
    # Random weights decode for as long as they like; a fixed length keeps the model's share of both jobs
    # equal, whatever English the two glossaries put into the sentence.
    translator.fixed_output_tokens = OUTPUT_TOKENS
    rng = random.Random(7)
    try:
        measure(100, app.test_client(), store, translator, rng)  # the first request's set-up, untimed
        return [measure(size, app.test_client(), store, translator, rng) for size in sizes]
    finally:
        app.extensions["warta.store"].close()


COLUMNS = ("upload", "read", "tsv", "json", "page", "matcher", "gloss", "gloss_default", "job_cold", "job",
           "default_job")  # fmt: skip
LINEAR = ("upload", "read", "tsv", "json", "matcher")


def report(rows: list[dict[str, float]]) -> None:
    print(f"cpus: {len(os.sched_getaffinity(0))}  seconds; requests the median of 3, jobs of 5")
    print(f"{'terms':>7} {'kB':>6} " + " ".join(f"{c:>11}" for c in COLUMNS) + f" {'job/default':>11}")
    for row in rows:
        cells = " ".join(f"{row[c]:11.4f}" for c in COLUMNS)
        print(f"{row['terms']:7.0f} {row['kb']:6.0f} {cells} {row['job'] / row['default_job']:11.2f}")
    print("microseconds per term:")
    for row in rows:
        cells = " ".join(f"{c} {1e6 * row[c] / row['terms']:7.1f}" for c in LINEAR)
        print(f"{row['terms']:7.0f}  {cells}")


def floors_missed(rows: list[dict[str, float]]) -> list[str]:
    missed = []
    largest = rows[-1]
    if largest["terms"] >= 50_000 and largest["upload"] >= UPLOAD_FLOOR_S:
        missed.append(f"upload of {largest['terms']:.0f} terms took {largest['upload']:.2f} s")
    if len(rows) > 1:
        before = rows[-2]
        for c in LINEAR:
            growth = (largest[c] / largest["terms"]) / (before[c] / before["terms"])
            if growth > GROWTH_FLOOR:
                missed.append(f"{c}: per-term time grew {growth:.1f}x from {before['terms']:.0f} terms")
    for row in rows:
        ratio = row["job"] / row["default_job"]
        if ratio > JOB_RATIO_FLOOR:
            missed.append(f"a job on {row['terms']:.0f} terms took {ratio:.1f}x the default glossary's")
    return missed


if __name__ == "__main__":
    sys.exit(main())
