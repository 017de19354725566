"""From stored articles to the bilingual result document.

The pipeline keeps sentence alignment end to end: every source sentence becomes one translation unit
(or, when too long for the model, several pieces that are joined again), units are translated in
batches, and the result pairs each source sentence with its own translation. No I/O happens here:
models and the progress sink are passed in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from glossary.enforce import report as term_report
from glossary.matcher import Matcher
from workers.batch_translate import DEFAULT_BATCH_TOKENS, Translation, Translator, translate_all
from workers.contract.article import ArticleInput
from workers.contract.enums import SummaryLength, SummaryMethod, SummaryPath, Task
from workers.contract.job import Stage
from workers.contract.result import (
    Article,
    GlossaryRef,
    GlossaryReport,
    MemoryMatch,
    Quality,
    ReferenceBased,
    ReferenceFree,
    Sentence,
    SentencePair,
    Summary,
)
from workers.entities import unknown_entities
from workers.extractive import extract
from workers.languages import AUTO
from workers.model_table import FLAGSHIP, LanguagePair
from workers.quality.checks import (
    DEFAULT_THRESHOLDS,
    Thresholds,
    article_rates,
    sentence_flags,
    summary_checks,
)
from workers.quality.reference import reference_scores
from workers.quality.rouge import rouge
from workers.summarize import Summary as Abstract
from workers.summary_paths import XLSUM_LANGUAGES, summary_path
from workers.text.prepare import PreparedText, prepare_text
from workers.text.segment import split_sentences

ProgressSink = Callable[[str, int, int], None]
# A job's glossary: one matcher, for the flagship pair alone, or the matcher of each pair (None: none).
Matchers = Matcher | Callable[[LanguagePair], Matcher | None] | None


class Translators(Protocol):
    """The models' ``translator``: the flagship pair's model when called bare (what the benchmark loads
    and counts tokens with), a given pair's when the pipeline asks for one."""

    def __call__(self, pair: LanguagePair = ..., /) -> Translator: ...


class Summarizer(Protocol):
    model_id: str

    def summarize_many(self, texts: list[str], max_new_tokens: int | None = None) -> list[Abstract]: ...


ABSTRACTIVE, EXTRACTIVE = SummaryMethod.ABSTRACTIVE, SummaryMethod.EXTRACTIVE
EXTRACTIVE_MODEL = "textrank-tfidf"
# Named lengths: (sentences for an extractive summary, most generated tokens for an abstractive one).
SUMMARY_LENGTHS = {SummaryLength.SHORT: (1, 48), SummaryLength.MEDIUM: (2, 84), SummaryLength.LONG: (4, 160)}
TOKENS_PER_SENTENCE = 40
# Articles summarized in one call: the summarizer batches across them, and progress is heard after each.
SUMMARY_GROUP = 8


def default_summary_method(settings: Any) -> SummaryMethod:
    """Abstractive where a summarization model is configured, extractive (no model) where none is."""
    return ABSTRACTIVE if settings.sum_model else EXTRACTIVE


@dataclass(frozen=True)
class SummaryOptions:
    method: str = ABSTRACTIVE
    length: str | int = SummaryLength.MEDIUM
    # The languages the summarization model writes (``workers/summary_paths.py``).
    languages: frozenset[str] = XLSUM_LANGUAGES

    @property
    def summary_length(self) -> SummaryLength | int:
        """The length as the result records it: a named length, or a number of tokens."""
        return self.length if isinstance(self.length, int) else SummaryLength(self.length)

    def budget(self) -> tuple[int, int]:
        """(sentences, tokens) for this length; a number is a token budget."""
        if isinstance(self.length, int):
            return max(1, self.length // TOKENS_PER_SENTENCE), self.length
        return SUMMARY_LENGTHS[SummaryLength(self.length)]


@dataclass(frozen=True)
class ArticlePlan:
    article: ArticleInput
    text: PreparedText
    pair: LanguagePair = FLAGSHIP

    @property
    def paragraphs(self) -> list[list[str]]:
        return self.text.paragraphs

    @property
    def sentences(self) -> list[str]:
        return self.text.sentences


def plan_article(article: ArticleInput, *, clean: bool = True, pair: LanguagePair = FLAGSHIP) -> ArticlePlan:
    """The article's own language (identified under ``auto``) wins over the job's."""
    source = article.source_lang or (pair.source if pair.source != AUTO else FLAGSHIP.source)
    prepared = prepare_text(article.text, clean=clean, language=source)
    return ArticlePlan(article, prepared, LanguagePair(source, pair.target))


def run_pipeline(
    articles: list[ArticleInput],
    tasks: Sequence[str],
    *,
    translator: Translators,
    summarizer: Callable[[], Summarizer],
    batch_size: int,
    progress: ProgressSink,
    clean: bool = True,
    pair: LanguagePair = FLAGSHIP,
    matcher: Matchers = None,
    summary: SummaryOptions = SummaryOptions(),
    limits: Thresholds = DEFAULT_THRESHOLDS,
    batch_tokens: int = DEFAULT_BATCH_TOKENS,
    finish_steps: int = 0,
) -> list[Article]:
    """Translate and summarize ``articles`` from ``pair``'s source (an article's identified language
    wins) into its target; models are fetched only for the tasks asked, ``translator`` with the pair.

    ``progress`` hears every batch (translated sentences, aligned pairs, summarized articles) and every
    article documented, as ``finish`` done of articles + ``finish_steps`` (the caller's steps after the
    pipeline, which it reports on the same count). ``matcher`` gives each pair's glossary (one matcher
    alone is the Indonesian→English glossary, for that pair only).
    """
    plans = [plan_article(a, clean=clean, pair=pair) for a in articles]
    units = [_translation_units(p) if Task.TRANSLATE in tasks else [] for p in plans]
    n_units = sum(map(len, units))
    total = n_units + (len(plans) if Task.SUMMARIZE in tasks else 0)
    progress(Stage.TRANSLATE if n_units else Stage.SUMMARIZE, 0, total)

    translations: list[list[Translation]] = [[] for _ in plans]
    done = 0
    for group_pair, members in _by_pair(plans).items():
        flat = [u for i in members for u in units[i]]
        if not flat:
            continue
        on_done = lambda n, before=done: progress(Stage.TRANSLATE, before + n, total)  # noqa: E731
        on_aligned = lambda d, pairs: progress(Stage.ALIGN, d, pairs)  # noqa: E731
        terms = matcher_of(matcher, group_pair)
        translated = iter(translate_all(flat, translator(group_pair), batch_size, on_done, terms, True,
                                        batch_tokens, on_aligned))  # fmt: skip
        for i in members:
            translations[i] = [next(translated) for _ in units[i]]
        done += len(flat)
    summaries: list[Summary | None] = [None] * len(plans)
    read: list[str | None] = [None] * len(plans)  # what each abstractive summary was made from
    if Task.SUMMARIZE in tasks:
        if n_units:
            progress(Stage.SUMMARIZE, n_units, total)
        batch = (batch_size, batch_tokens)
        for start in range(0, len(plans), SUMMARY_GROUP):
            group = plans[start : start + SUMMARY_GROUP]
            paths = [summary_path(summary.method, plan.pair, summary.languages) for plan in group]
            inputs = [
                _summary_input(
                    plan, path, translations[start + i], translator, batch, matcher_of(matcher, plan.pair)
                )
                for i, (plan, path) in enumerate(zip(group, paths, strict=True))
            ]
            abstracts = _abstracts(inputs, summarizer, summary)
            read[start : start + len(group)] = inputs
            for i, (plan, path, abstract) in enumerate(zip(group, paths, abstracts, strict=True)):
                summaries[start + i] = _summarize(
                    plan,
                    path,
                    abstract,
                    translator(plan.pair),
                    batch,
                    matcher_of(matcher, plan.pair),
                    summary,
                )
                progress(Stage.SUMMARIZE, n_units + start + i + 1, total)
    steps = len(plans) + finish_steps
    progress(Stage.FINISH, 0, steps)
    documents = []
    for parts in zip(plans, translations, summaries, read, strict=True):
        terms = matcher_of(matcher, parts[0].pair)
        glossary = GlossaryRef(name=terms.glossary.name, terms=len(terms.glossary)) if terms else None
        documents.append(_document(*parts, glossary, limits))
        progress(Stage.FINISH, len(documents), steps)
    return documents


def matcher_of(matchers: Matchers, pair: LanguagePair) -> Matcher | None:
    """The glossary matcher for ``pair``."""
    if matchers is None or isinstance(matchers, Matcher):
        return matchers if pair == FLAGSHIP else None
    return matchers(pair)


def _by_pair(plans: list[ArticlePlan]) -> dict[LanguagePair, list[int]]:
    """The articles of each pair, pairs in the order their first article comes."""
    groups: dict[LanguagePair, list[int]] = {}
    for i, plan in enumerate(plans):
        groups.setdefault(plan.pair, []).append(i)
    return groups


def _translation_units(plan: ArticlePlan) -> list[str]:
    """The title (if any) and then every sentence, in reading order."""
    return [plan.article.title, *plan.sentences] if plan.article.title else plan.sentences


def _summary_input(
    plan: ArticlePlan,
    path: SummaryPath,
    translated: list[Translation],
    translator: Callable[[LanguagePair], Translator],
    batch: tuple[int, int],
    matcher: Matcher | None,
) -> str | None:
    """What the summarization model reads: the article (path ``source``), its translation (``target``:
    the job's own where it translated, else made now), or nothing (``extractive``)."""
    if path == SummaryPath.SOURCE:
        return plan.text.clean_text
    if path == SummaryPath.EXTRACTIVE:
        return None
    sentences = translated[1:] if translated and plan.article.title else translated
    if not sentences:
        sentences = translate_all(plan.sentences, translator(plan.pair), batch[0], lambda _n: None, matcher,
                                  batch_tokens=batch[1])  # fmt: skip
    return " ".join(t.text for t in sentences)


def _abstracts(
    inputs: list[str | None], summarizer: Callable[[], Summarizer], options: SummaryOptions
) -> list[tuple[Abstract, str, str] | None]:
    """Every abstractive summary of a group in one batched pass, each with its model and what it read
    (None where there is nothing to read: extractive summaries)."""
    wanted = [text for text in inputs if text is not None]
    if options.method == EXTRACTIVE or not wanted:
        return [None] * len(inputs)
    model = summarizer()
    made = iter(model.summarize_many(wanted, options.budget()[1]))
    return [(next(made), model.model_id, text) if text is not None else None for text in inputs]


def _summarize(
    plan: ArticlePlan,
    path: SummaryPath,
    abstract: tuple[Abstract, str, str] | None,
    translator: Translator,
    batch: tuple[int, int],
    matcher: Matcher | None,
    options: SummaryOptions,
) -> Summary:
    if abstract is None:
        sentences = extract(plan.sentences, options.budget()[0])
        details: dict[str, Any] = {"method": EXTRACTIVE, "model": EXTRACTIVE_MODEL}
    else:
        made, model_id, _read = abstract
        details = {
            "method": ABSTRACTIVE, "model": model_id, "input_tokens": made.input_tokens,
            "chunks": made.chunks, "rounds": made.rounds, "input_truncated": made.input_truncated,
        }  # fmt: skip
        if path == SummaryPath.TARGET:
            return Summary(source_lang_text=None, target_text=made.text, sentences=[], path=path, **details,
                           length=options.summary_length, translation_model=translator.model_id)  # fmt: skip
        sentences = split_sentences(made.text, plan.pair.source)
    english = translate_all(sentences, translator, batch[0], lambda _n: None, matcher, batch_tokens=batch[1])
    return Summary(
        source_lang_text=" ".join(sentences),
        target_text=" ".join(t.text for t in english),
        sentences=[_pair(s, t) for s, t in zip(sentences, english, strict=True)],
        **details,
        path=SummaryPath.EXTRACTIVE if abstract is None else SummaryPath.SOURCE,
        length=options.summary_length,
        translation_model=translator.model_id,
    )


def _quality(
    plan: ArticlePlan,
    paragraphs: list[list[Sentence]],
    summary: Summary | None,
    summarized: str | None,
    glossary_report: GlossaryReport | None,
) -> Quality:
    """Reference-free checks always; reference-based scores where the user sent references."""
    translated = [s for p in paragraphs for s in p if s.target is not None]
    flag_rates = article_rates([s.flags for s in translated]) if translated else None
    free: dict[str, Any] = {"summary": _summary_checks(plan, summary, summarized)} if summary else {}
    based: dict[str, Any] = {}
    if plan.article.reference and translated:
        based["translation"] = reference_scores([s.target or "" for s in translated], plan.article.reference)
    if summary and plan.article.reference_summary:
        based["summary"] = rouge(summary.target_text, plan.article.reference_summary)
    return Quality(
        reference_free=ReferenceFree(
            flag_rates=flag_rates,
            term_success_rate=glossary_report.term_success_rate if glossary_report else None,
            **free,
        ),
        reference_based=ReferenceBased(**based) if based else None,
    )


def _summary_checks(plan: ArticlePlan, summary: Summary, summarized: str | None) -> dict[str, Any]:
    """Checked against what it was made from: the article, or (path ``target``) its translation."""
    if summary.source_lang_text is None:
        return summary_checks(summary.target_text, summarized or "", plan.pair.target)
    return summary_checks(summary.source_lang_text, plan.text.clean_text, plan.pair.source)


def _pair(source: str, translation: Translation | None) -> SentencePair:
    return SentencePair(**_paired(source, translation))


def _paired(source: str, translation: Translation | None) -> dict[str, Any]:
    """A source sentence with its translation (none where the job did not translate)."""
    if translation is None:
        return {"source": source, "target": None, "terms": [], "entities": []}
    return {
        "source": source,
        "target": translation.text,
        "terms": translation.terms,
        "entities": translation.entities,
    }


def _document(
    plan: ArticlePlan,
    translated: list[Translation],
    summary: Summary | None,
    summarized: str | None,
    glossary: GlossaryRef | None,
    limits: Thresholds,
) -> Article:
    """One article of the result; ``translated`` follows ``_translation_units`` or is empty;
    ``summarized`` is what an abstractive summary was made from."""
    title = plan.article.title
    title_en = translated[0] if translated and title else None
    targets: Iterator[Translation | None] = iter(translated[1:] if title_en is not None else translated)
    index = iter(range(len(plan.sentences)))
    paragraphs = [[_sentence(next(index), source, next(targets, None), limits, plan.pair.source)
                   for source in paragraph]
                  for paragraph in plan.paragraphs]  # fmt: skip
    title_terms = title_en.terms if title_en else []
    statuses: list[str] = [t.status for t in title_terms]
    statuses += [t.status for p in paragraphs for s in p for t in s.terms]
    entities = [e for p in paragraphs for s in p for e in s.entities]
    glossary_report = (
        GlossaryReport(
            glossary=glossary, **term_report(statuses), unknown_entities=unknown_entities(entities)
        )
        if translated
        else None
    )
    return Article(
        id=plan.article.id,
        title=title,
        title_target=title_en.text if title_en else None,
        source_format="html" if plan.article.html is not None else "text",
        source_text=plan.article.text,
        clean_text=plan.text.clean_text,
        removed=plan.text.removed,
        language=plan.article.language,
        source_lang=plan.pair.source,
        target_lang=plan.pair.target,
        paragraphs=paragraphs,
        summary=summary,
        glossary_report=glossary_report,
        quality=_quality(plan, paragraphs, summary, summarized, glossary_report),
    )


def _sentence(
    index: int, source: str, translation: Translation | None, limits: Thresholds, language: str
) -> Sentence:
    pair = _paired(source, translation)
    flags = sentence_flags(source, pair["target"], limits, language)
    return Sentence.model_validate({"index": index, **pair, "flags": flags, **_provenance(translation)})


def _provenance(translation: Translation | None) -> dict[str, Any]:
    """Where the English came from: a person's unit of the human memory, the machine memory or the
    model, and the human memory's close matches."""
    if translation is None:
        return {}
    found: dict[str, Any] = {"origin": translation.origin}
    if translation.human is not None:
        found.update(changed_by=translation.human.changed_by, changed_at=translation.human.changed_at)
    if translation.matches:
        found["matches"] = [
            MemoryMatch(source=m.unit.sentence, target=m.unit.english, score=m.score, shared=m.unit.shared)
            for m in translation.matches
        ]
    return found
