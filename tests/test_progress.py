"""Progress and cancel at every batch boundary (issue 16, defect 11), on the tiny real models.

A backend handed every batch of a job at once (CTranslate2 runs them side by side) returned the first
only near the end: progress sat at 0 and a cancel waited for the whole job. Nothing here is timed: the
tests check what the model had been handed when each progress report arrived.
"""

from __future__ import annotations

import pytest

from glossary.default import default_glossary
from glossary.matcher import Matcher
from workers.batch_translate import BATCHES_IN_FLIGHT
from workers.contract.article import ArticleInput
from workers.contract.job import JobOptions
from workers.jobs import JobCanceled, ProgressRecorder
from workers.models import ModelRegistry
from workers.pipeline import run_pipeline
from workers.settings import Settings
from workers.stages import run_stages
from workers.store.jobs import JobStore
from workers.telemetry import StageClock
from workers.translation_memory import LocalMemory, MemoTranslator, Usage

SENTENCES = [
    "Presiden Rusia Vladimir Putin tiba di Pyongyang dan disambut Kim Jong-un.",
    "Harga beras naik 4,8 persen di Jakarta menurut Badan Pusat Statistik.",
    "Menteri Keuangan Sri Mulyani mengatakan inflasi tetap terkendali.",
]
ARTICLES = [
    ArticleInput(
        str(a), f"Berita ke-{a}", " ".join(f"{SENTENCES[i % 3][:-1]} ke-{a}-{i}." for i in range(12))
    )
    for a in range(3)
]
BATCH = 3  # 39 units: 13 batches


@pytest.fixture(scope="module")
def settings(tiny_models, backend):
    return Settings(mt_beams=1, sum_beams=1, sum_max_tokens=8, mt_backend=backend, sum_backend=backend,
                    mt_batch_size=BATCH, **tiny_models)  # fmt: skip


@pytest.fixture(scope="module")
def registry(settings):
    return ModelRegistry(settings)


class CountingModel:
    """The real model under the translation memory, counting the batches it has been handed."""

    def __init__(self, inner):
        self.inner, self.handed = inner, 0

    def __getattr__(self, name):
        return getattr(self.inner, name)

    def translate_batches(self, batches):
        self.handed += len(batches)
        return self.inner.translate_batches(batches)


def memoized(registry):
    model = CountingModel(registry.translator())
    return model, MemoTranslator(model, LocalMemory(10_000), "auto", Usage())


def run(registry, translator, progress, tasks=("translate",), **options):
    return run_pipeline(ARTICLES, list(tasks), translator=lambda _pair: translator,
                        summarizer=registry.summarizer, batch_size=BATCH, progress=progress,
                        matcher=Matcher(default_glossary()),
                        **options)  # fmt: skip


def test_translation_progress_is_reported_at_every_batch_through_the_memory(registry):
    model, translator = memoized(registry)
    events = []
    run(registry, translator, lambda *e: events.append((*e, model.handed)))
    translate = [(done, total, handed) for stage, done, total, handed in events if stage == "translate"]
    units = sum(1 + len(a.text.split(". ")) for a in ARTICLES)
    assert translate[0][:2] == (0, units) and translate[-1][:2] == (units, units)
    dones = [done for done, _, _ in translate]
    assert dones == sorted(set(dones)), "every report a step forward"
    assert len(translate) - 1 >= units // BATCH, "one report per batch"
    for reported, (_done, _total, handed) in enumerate(translate[1:], start=1):
        # When batch k is reported the model has been handed at most the batches in flight beyond it.
        assert handed <= reported + BATCHES_IN_FLIGHT - 1, (reported, handed)
    align = [(done, total) for stage, done, total, _ in events if stage == "align"]
    assert [d for d, _ in align] == sorted(d for d, _ in align)
    assert not align or align[-1][0] == align[-1][1]


def test_each_article_documented_is_a_finish_step(registry):
    events = []
    run(
        registry,
        registry.translator(),
        lambda *e: events.append(e),
        ("translate", "summarize"),
        finish_steps=2,
    )
    finish = [e for e in events if e[0] == "finish"]
    assert finish == [("finish", n, len(ARTICLES) + 2) for n in range(len(ARTICLES) + 1)]
    summarize = [done for stage, done, _ in events if stage == "summarize"]
    assert summarize == sorted(summarize) and summarize[-1] == events[0][2], "the shared count ends exact"


def test_run_stages_finishes_with_comet_and_digests_counted(registry, settings):
    events = []
    run_stages(ARTICLES, ["translate"], JobOptions(glossary=None), settings=settings,
               translator=registry.translator, summarizer=registry.summarizer, matcher=None,
               progress=lambda *e: events.append(e))  # fmt: skip
    steps = len(ARTICLES) + 2  # the articles, COMET, the digests
    assert [e for e in events if e[0] == "finish"][-3:] == [
        ("finish", len(ARTICLES), steps), ("finish", len(ARTICLES) + 1, steps), ("finish", steps, steps)
    ]  # fmt: skip
    assert events[-1] == ("finish", steps, steps)


class Canceled(Exception):
    pass


def test_a_cancel_stops_translation_within_one_batch(registry):
    model, translator = memoized(registry)

    def progress(stage, done, total):
        if stage == "translate" and done > 0:
            raise Canceled

    with pytest.raises(Canceled):
        run(registry, translator, progress)
    assert model.handed <= BATCHES_IN_FLIGHT, f"{model.handed} batches of {len(ARTICLES) * 13 // BATCH}"


def test_the_job_sink_checks_cancel_every_call_and_ends_on_exact_counts(tmp_path):
    store = JobStore(f"sqlite:///{tmp_path / 'warta.db'}")
    job = store.create_job([ArticleInput("1", None, "Harga beras naik.")], ["translate"], {})
    attempt = store.start(job.id, "worker")
    sink = ProgressRecorder(store, job.id, attempt, StageClock())
    for done in range(101):  # far faster than PROGRESS_WRITE_SECONDS: writes are thinned
        sink("translate", done, 100)
    assert (store.get_job(job.id).stage, store.get_job(job.id).done) == ("translate", 100)
    sink("finish", 0, 3)
    sink("finish", 1, 3)
    assert (store.get_job(job.id).stage, store.get_job(job.id).done) == ("finish", 0), "thinned"
    sink("finish", 3, 3)
    assert (store.get_job(job.id).done, store.get_job(job.id).total) == (3, 3)
    assert store.cancel(job.id) == "running"
    with pytest.raises(JobCanceled):
        sink("finish", 3, 3)
    store.close()
