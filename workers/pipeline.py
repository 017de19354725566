"""From stored articles to the bilingual result document.

The pipeline keeps sentence alignment end to end: every source sentence becomes one translation unit
(or, when too long for the model, several pieces that are joined again), units are translated in
batches, and the result pairs each source sentence with its own translation. No I/O happens here:
models and the progress sink are passed in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from service.store import ArticleInput
from workers.segment import split_paragraphs, split_sentences, split_to_fit
from workers.summarize import Summary

ProgressSink = Callable[[str, int, int], None]


class Translator(Protocol):
    model_id: str
    max_input_tokens: int

    def count_tokens(self, text: str) -> int: ...
    def translate_batch(self, texts: list[str]) -> list[str]: ...


class Summarizer(Protocol):
    model_id: str

    def summarize(self, text: str) -> Summary: ...


@dataclass(frozen=True)
class ArticlePlan:
    article: ArticleInput
    paragraphs: list[list[str]]

    @property
    def sentences(self) -> list[str]:
        return [s for paragraph in self.paragraphs for s in paragraph]


def plan_article(article: ArticleInput) -> ArticlePlan:
    return ArticlePlan(article, [split_sentences(p) for p in split_paragraphs(article.text)])


def translate_all(
    texts: list[str], translator: Translator, batch_size: int, on_done: Callable[[int], None]
) -> list[str]:
    """Translate texts in order, splitting over-long ones; ``on_done(n)`` after each batch."""
    pieces = [split_to_fit(t, translator.count_tokens, translator.max_input_tokens) for t in texts]
    flat = [p for group in pieces for p in group]
    owner = [i for i, group in enumerate(pieces) for _ in group]
    translated: list[str] = []
    for batch in _batches(flat, batch_size):
        translated.extend(translator.translate_batch(batch))
        on_done(_texts_done(owner, len(translated)))
    joined: list[list[str]] = [[] for _ in texts]
    for i, target in zip(owner, translated, strict=True):
        joined[i].append(target)
    return [" ".join(parts) for parts in joined]


def _texts_done(owner: list[int], finished: int) -> int:
    """How many texts have all their pieces back once the first ``finished`` pieces are."""
    last = owner[finished - 1]
    return last + 1 if finished == len(owner) or owner[finished] != last else last


def _batches(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), max(1, size)):
        yield items[start : start + size]


def run_pipeline(
    articles: list[ArticleInput],
    tasks: list[str],
    *,
    translator: Callable[[], Translator],
    summarizer: Callable[[], Summarizer],
    batch_size: int,
    progress: ProgressSink,
) -> list[dict[str, Any]]:
    """Translate and summarize ``articles``; models are fetched only for the tasks asked."""
    plans = [plan_article(a) for a in articles]
    titles = [p.article.title for p in plans if p.article.title]
    units = [*titles, *(s for p in plans for s in p.sentences)] if "translate" in tasks else []
    total = len(units) + (len(plans) if "summarize" in tasks else 0)
    progress("translate" if units else "summarize", 0, total)

    targets = (
        translate_all(units, translator(), batch_size, lambda n: progress("translate", n, total))
        if units
        else []
    )
    summaries: list[dict[str, Any] | None] = [None] * len(plans)
    if "summarize" in tasks:
        for i, plan in enumerate(plans):
            summaries[i] = _summarize(plan, summarizer(), translator(), batch_size)
            progress("summarize", len(units) + i + 1, total)
    return _assemble(plans, iter(targets), len(titles) if units else 0, summaries)


def _summarize(
    plan: ArticlePlan, summarizer: Summarizer, translator: Translator, batch_size: int
) -> dict[str, Any]:
    summary = summarizer.summarize("\n".join(" ".join(p) for p in plan.paragraphs))
    sentences = split_sentences(summary.text)
    english = translate_all(sentences, translator, batch_size, lambda _n: None)
    return {
        "source_lang_text": summary.text,
        "english_text": " ".join(english),
        "sentences": [{"source": s, "target": t} for s, t in zip(sentences, english, strict=True)],
        "method": "abstractive",
        "model": summarizer.model_id,
        "translation_model": translator.model_id,
        "input_tokens": summary.input_tokens,
        "input_truncated": summary.input_truncated,
    }


def _assemble(
    plans: list[ArticlePlan], targets: Iterator[str], n_titles: int, summaries: list[dict[str, Any] | None]
) -> list[dict[str, Any]]:
    title_targets = [next(targets) for _ in range(n_titles)]
    title_iter = iter(title_targets)
    documents = []
    for plan, summary in zip(plans, summaries, strict=True):
        index = 0
        paragraphs = []
        for paragraph in plan.paragraphs:
            sentences = []
            for source in paragraph:
                sentences.append({"index": index, "source": source, "target": next(targets, None)})
                index += 1
            paragraphs.append(sentences)
        title = plan.article.title
        documents.append(
            {
                "id": plan.article.id,
                "title": title,
                "title_en": next(title_iter, None) if title and n_titles else None,
                "source_text": plan.article.text,
                "paragraphs": paragraphs,
                "summary": summary,
            }
        )
    return documents
