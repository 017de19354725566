"""The stages of a job, in the one order every path runs them: pipeline, model-based QE, digests.

The RQ job (``workers/jobs.py``) and ``warta translate`` (no server) both call ``run_stages``, so a job
run at a terminal gets exactly what a queued one gets, COMET included. What differs between them (where
progress goes, the translation memory around the models, the runtime report) is passed in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import astuple, dataclass
from typing import Any, Protocol

from glossary.default import DEFAULT_NAME, default_for, layered
from glossary.formats import parse_terms
from glossary.matcher import Matcher
from glossary.model import Glossary
from workers.contract.article import ArticleInput
from workers.contract.enums import Task
from workers.contract.job import JobOptions, Stage
from workers.contract.result import JobOutcome
from workers.digest import build_digests
from workers.lang import profile
from workers.matchers import MATCHERS, MatcherCache
from workers.model_table import LanguagePair
from workers.pipeline import (
    Matchers,
    ProgressSink,
    Summarizer,
    SummaryOptions,
    Translators,
    default_summary_method,
    run_pipeline,
)
from workers.quality.checks import Thresholds
from workers.quality.comet import CometScorer, add_model_scores
from workers.settings import Settings
from workers.store.glossaries import BUILTIN_VERSION, SHARED, glossary_owner
from workers.summary_paths import summary_languages


class GlossaryMissing(RuntimeError):
    code = "glossary_unavailable"


class GlossaryLookup(Protocol):
    def get(self, name: str, version: int | None = None, owner: str = "") -> Glossary | None: ...


def pipeline_options(settings: Settings, options: JobOptions) -> dict[str, Any]:
    """What a job's options and the worker's settings ask of the pipeline."""
    return {
        "batch_size": settings.mt_batch_size,
        "batch_tokens": settings.mt_batch_tokens,
        "clean": options.clean,
        "pair": LanguagePair(options.source_lang, options.target_lang),
        "summary": SummaryOptions(
            method=options.summary_method or default_summary_method(settings),
            length=options.summary_length,
            languages=summary_languages(settings.sum_languages),
        ),
        "limits": thresholds(settings),
    }


def thresholds(settings: Settings) -> Thresholds:
    """The sentence checks' limits, as set: the worker checks the model's English with them and the API
    an editor's."""
    return Thresholds(
        settings.qe_min_length_ratio,
        settings.qe_max_length_ratio,
        settings.qe_untranslated_words,
        settings.qe_repeats,
    )


def job_matcher(
    options: JobOptions, owner: str, glossaries: GlossaryLookup | None, matchers: MatcherCache = MATCHERS
) -> JobMatchers:
    """The job's glossary for each pair it translates: default < the job's named glossary (at the version
    recorded when the job was accepted) < inline.

    The named glossary is looked up here, so one deleted since the job was accepted fails the job before
    anything is translated; the matchers are built when a pair asks (``JobMatchers``).
    """
    name = options.glossary
    named, key = None, (SHARED, DEFAULT_NAME, BUILTIN_VERSION)
    if name and name != DEFAULT_NAME:
        # None: a job accepted before anonymous clients had glossaries of their own read the shared one.
        shared = options.glossary_shared is not False if not owner else options.glossary_shared
        holder = SHARED if shared else glossary_owner(owner)
        named = glossaries.get(name, options.glossary_version, holder) if glossaries else None
        if named is None:
            raise GlossaryMissing(f"Glossary {name!r} version {options.glossary_version} no longer exists.")
        key = (holder, name, named.version)
    inline = Glossary("inline", parse_terms([t.model_dump() for t in options.terms]))
    label = f"{name or 'none'}" + (f"@{named.version}" if named else "")
    return JobMatchers(bool(name), named, key, inline, label, matchers)


@dataclass(frozen=True)
class JobMatchers:
    """A job's glossary layers, looked up once, and the matcher of each pair made from them (what the
    pipeline's ``matcher`` takes): the pair's default glossary (when the job has a glossary), the named
    glossary where it is for that pair, then the inline terms, which the job's client wrote for whatever
    it sends. Terms are found by the rules of the pair's source language (its profile's words)."""

    glossary: bool
    named: Glossary | None
    key: tuple[str, str, int]
    inline: Glossary
    label: str
    matchers: MatcherCache

    def __call__(self, pair: LanguagePair) -> Matcher | None:
        words = profile(pair.source).words
        if not self.glossary:
            return Matcher(layered(self.inline, name=self.label), words) if self.inline.terms else None
        default = default_for(pair.source, pair.target)
        named = self._named_for(pair)
        stored, key = (named, self.key) if named else (default, (SHARED, DEFAULT_NAME, BUILTIN_VERSION))
        label = self.label if named else DEFAULT_NAME
        base = self.matchers.get((*key, str(pair)), stored,
                                 lambda: Matcher(layered(default, named, name=label), words))  # fmt: skip
        return base.on_top(self.inline)

    def renderings(self, pair: LanguagePair) -> dict[str, tuple[str, ...]]:
        """Every term's accepted English for ``pair`` (canonical first, then its forms), by id: what an
        editor may write and still keep the term. A later layer's term wins, as in matching."""
        layers: list[Glossary | None] = [self.inline]
        if self.glossary:
            layers = [default_for(pair.source, pair.target), self._named_for(pair), self.inline]
        return {term.id: term.renderings for layer in layers if layer for term in layer.terms}

    def _named_for(self, pair: LanguagePair) -> Glossary | None:
        """The named glossary where it is made for ``pair``."""
        named = self.named
        return named if named and (named.source, named.target) == astuple(pair) else None


def run_stages(
    articles: list[ArticleInput],
    tasks: list[Task],
    options: JobOptions,
    *,
    settings: Settings,
    translator: Translators,
    summarizer: Callable[[], Summarizer],
    matcher: Matchers,
    progress: ProgressSink,
) -> JobOutcome:
    """The articles translated and summarized, scored by COMET where configured, and digested; the
    ``finish`` stage counts the articles documented, then COMET (where there are translations) and the
    digests, one step each."""
    score = Task.TRANSLATE in tasks
    steps = len(articles) + score + 1
    documents = run_pipeline(
        articles,
        tasks,
        translator=translator,
        summarizer=summarizer,
        matcher=matcher,
        progress=progress,
        finish_steps=steps - len(articles),
        **pipeline_options(settings, options),
    )
    if score:
        add_model_scores(documents, [a.reference for a in articles], CometScorer.from_settings(settings))
        progress(Stage.FINISH, len(articles) + 1, steps)
    digests = build_digests(documents)
    progress(Stage.FINISH, steps, steps)
    return JobOutcome(articles=documents, digests=digests)
