"""An editor's English for one sentence of a result document, and everything in the document it changes.

Pure: the result goes in as its saved JSON and comes out changed, so the store (``store/revisions.py``)
can apply an edit inside the compare-and-swap that saves it. The sentence keeps the machine's English
(``machine``) the first time it changes, its glossary terms and names are found again in the new English
(or marked missed), its checks are run again, and the article's and the job's edit reports (HTER) are
counted again. Reference-based scores stay those of the machine's English, which is what they measure.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from glossary.consistency import ENTITY_PREFIX
from glossary.enforce import report as term_report
from workers.contract.enums import SentenceState
from workers.contract.result import (
    Article,
    EditReport,
    GlossaryProposal,
    Score,
    Sentence,
    TermUse,
)
from workers.entities import unknown_entities
from workers.model_table import LanguagePair
from workers.quality.checks import Thresholds, article_rates, sentence_flags
from workers.quality.hter import edit_counts, hter

WORD = re.compile(r"\S+")


class EditRefused(Exception):
    """The edit cannot apply: ``code`` and ``status`` say why, for the API's problem."""

    def __init__(self, status: int, code: str, detail: str) -> None:
        super().__init__(detail)
        self.status, self.code, self.detail = status, code, detail


@dataclass(frozen=True)
class Edited:
    document: dict[str, Any]
    before: Sentence
    after: Sentence
    proposals: list[GlossaryProposal]
    # TER's edits and reference words this save adds to the sums ``/metrics`` keeps: the article's every
    # translated sentence the first time it is edited, then the change of the edited sentence.
    counted: tuple[float, float] = (0.0, 0.0)


def find_sentence(document: dict[str, Any], article_id: str, index: int) -> tuple[int, Sentence]:
    """The position of ``article_id`` in the document and its sentence ``index``."""
    for position, article in enumerate(document.get("articles", [])):
        if article["id"] == article_id:
            for paragraph in article["paragraphs"]:
                for sentence in paragraph:
                    if sentence["index"] == index:
                        return position, Sentence.model_validate(sentence)
            raise EditRefused(404, "sentence_not_found", f"Article {article_id!r} has no sentence {index}.")
    raise EditRefused(404, "article_not_found", f"The job has no article {article_id!r}.")


# A term's accepted renderings (canonical first, then its forms) by id, for the article's pair.
Renderings = Callable[[LanguagePair], Mapping[str, tuple[str, ...]]]


def apply_edit(
    document: dict[str, Any],
    article_id: str,
    index: int,
    target: str,
    changed_by: str,
    at: datetime,
    limits: Thresholds,
    renderings: Renderings = lambda _pair: {},
) -> Edited:
    position, before = find_sentence(document, article_id, index)
    if before.target is None:
        detail = "The job did not translate this sentence; only English can be edited."
        raise EditRefused(409, "sentence_not_translated", detail)
    raw = document["articles"][position]
    accepted = renderings(LanguagePair(raw.get("source_lang", "id"), raw.get("target_lang", "en")))
    terms, proposals = _respan(before.terms, before.target, target, accepted)
    entities, named = _respan(before.entities, before.target, target, accepted)
    # Validated rather than ``model_copy``: the flags and spans come in as plain dicts.
    after = Sentence.model_validate({**before.model_dump(), **{
        "target": target, "terms": terms, "entities": entities, "origin": "human",
        "revision": before.revision + 1, "machine": before.machine or before.target,
        "changed_by": changed_by, "changed_at": at, "flags": sentence_flags(before.source, target, limits),
        "reviewed": None,
    }})  # fmt: skip
    article = Article.model_validate(document["articles"][position])
    seen = any(s.revision for s in article.sentences())
    counted = _counts([] if seen else article.translated(), [after], [before])
    article = _with_sentence(article, after, before)
    articles = list(document["articles"])
    articles[position] = article.model_dump(mode="json")
    job_report = edit_report([Article.model_validate(a) for a in articles])
    changed = {**document, "articles": articles, "edits": job_report.model_dump(mode="json")}
    return Edited(changed, before, after, proposals + named, counted)


def _counts(base: list[Sentence], added: list[Sentence], removed: list[Sentence]) -> tuple[float, float]:
    """TER's sums over ``base`` and ``added``, less those over ``removed``."""
    edits = words = 0.0
    for sign, sentences in ((1, base), (1, added), (-1, removed)):
        for s in sentences:
            e, w = edit_counts(s.machine or s.target or "", s.target or "")
            edits, words = edits + sign * e, words + sign * w
    return edits, words


def approve(document: dict[str, Any], article_id: str | None, approved: bool) -> dict[str, Any]:
    """The document with ``article_id`` (every article where None) marked final (or not) by an editor."""
    articles = list(document.get("articles", []))
    chosen = [p for p, raw in enumerate(articles) if article_id is None or raw["id"] == article_id]
    if article_id is not None and not chosen:
        raise EditRefused(404, "article_not_found", f"The job has no article {article_id!r}.")
    for position in chosen:
        article = Article.model_validate(articles[position])
        report = article_report(article.sentences(), approved)
        articles[position] = article.model_copy(update={"edits": report}).model_dump(mode="json")
    job_report = edit_report([Article.model_validate(a) for a in articles])
    return {**document, "articles": articles, "edits": job_report.model_dump(mode="json")}


def review(document: dict[str, Any], article_id: str, index: int, reviewed: bool) -> dict[str, Any]:
    """The document with sentence ``index`` confirmed (or not) by an editor as it stands. The text is
    unchanged, so the revision (the ETag an edit compares) stays."""
    position, sentence = find_sentence(document, article_id, index)
    if sentence.target is None:
        detail = "The job did not translate this sentence; only a translated sentence can be reviewed."
        raise EditRefused(409, "sentence_not_translated", detail)
    marked = sentence.model_copy(update={"reviewed": reviewed or None})
    article = Article.model_validate(document["articles"][position])
    paragraphs = [[marked if s.index == index else s for s in p] for p in article.paragraphs]
    articles = list(document["articles"])
    articles[position] = article.model_copy(update={"paragraphs": paragraphs}).model_dump(mode="json")
    return {**document, "articles": articles}


def sentence_state(sentence: Sentence, approved: bool) -> SentenceState:
    """The furthest state the sentence reached (``SentenceState``), for the editor's page and filters."""
    if approved:
        return SentenceState.APPROVED
    if sentence.reviewed:
        return SentenceState.REVIEWED
    if sentence.origin == "human":
        return SentenceState.EDITED
    return SentenceState.MEMORY if sentence.origin in ("memory", "human-memory") else SentenceState.MACHINE


def article_report(sentences: list[Sentence], approved: bool = False) -> EditReport:
    translated = [s for s in sentences if s.target is not None]
    edited = [s for s in translated if s.machine is not None and s.machine != s.target]
    score = hter([s.machine or s.target or "" for s in translated], [s.target or "" for s in translated])
    return EditReport(
        edited=len(edited),
        sentences=len(translated),
        rate=round(len(edited) / len(translated), 4) if translated else None,
        hter=Score(**score) if score else None,
        approved=approved,
    )


def edit_report(articles: list[Article]) -> EditReport:
    """The job's edits: every article's sentences together; approved once every article is."""
    approved = bool(articles) and all(a.edits is not None and a.edits.approved for a in articles)
    return article_report([s for a in articles for s in a.sentences()], approved)


def _with_sentence(article: Article, after: Sentence, before: Sentence) -> Article:
    """``article`` holding ``after`` in place of ``before``, its glossary report and checks counted again."""
    paragraphs = [[after if s.index == after.index else s for s in p] for p in article.paragraphs]
    sentences = [s for p in paragraphs for s in p]
    update: dict[str, Any] = {"paragraphs": paragraphs}
    report = article.glossary_report
    if report is not None:
        statuses = _statuses(report.terms_found, report.terms_applied, report.terms_repaired)
        for use in before.terms:
            statuses.remove(use.status)
        statuses += [use.status for use in after.terms]
        report = report.model_copy(update={
            **term_report(statuses),
            "unknown_entities": unknown_entities([e for s in sentences for e in s.entities]),
        })  # fmt: skip
        update["glossary_report"] = report
    translated = [s for s in sentences if s.target is not None]
    free = article.quality.reference_free.model_copy(update={
        "flag_rates": article_rates([s.flags for s in translated]) if translated else None,
        "term_success_rate": report.term_success_rate if report else None,
    })  # fmt: skip
    update["quality"] = article.quality.model_copy(update={"reference_free": free})
    approved = article.edits.approved if article.edits else False
    update["edits"] = article_report(sentences, approved)
    return article.model_copy(update=update)


def _statuses(found: int, applied: int, repaired: int) -> list[str]:
    """The statuses a glossary report counted (applied counts the repaired too)."""
    return ["applied"] * (applied - repaired) + ["repaired"] * repaired + ["missed"] * (found - applied)


def _respan(
    uses: list[TermUse], old: str, new: str, accepted: Mapping[str, tuple[str, ...]]
) -> tuple[list[TermUse], list[GlossaryProposal]]:
    """Each use found again in the new English (or missed there), and a proposal for each whose English
    the editor replaced with other words."""
    kept, proposals = [], []
    for use in uses:
        forms = (use.target, *accepted.get(use.term_id, ()))
        span = next((found for form in forms if (found := _find(new, form)) is not None), None)
        if span is not None:
            status = "applied" if use.status == "missed" else use.status
            kept.append(use.model_copy(update={"target": new[span[0] : span[1]], "target_span": list(span),
                                               "status": status}))  # fmt: skip
            continue
        kept.append(use.model_copy(update={"target_span": None, "status": "missed", "target": use.canonical}))
        written = _replacement(old, new, use.target_span)
        if written and written.lower() != use.target.lower():
            term_id = None if use.term_id.startswith(ENTITY_PREFIX) else use.term_id
            proposals.append(GlossaryProposal(
                source=use.source, target=written, previous=use.target, type=use.type, term_id=term_id
            ))  # fmt: skip
    return kept, proposals


def _find(text: str, phrase: str) -> tuple[int, int] | None:
    if not phrase.strip():
        return None
    match = re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text, re.IGNORECASE)
    return match.span() if match else None


def _replacement(old: str, new: str, span: list[int] | None) -> str | None:
    """What the editor wrote where ``span`` of the old English stood: the new words of the change that
    replaced exactly its words. A change over more than the term (a sentence rewritten) says nothing of
    which new words render it, so it proposes nothing."""
    if not span:
        return None
    old_words, new_words = list(WORD.finditer(old)), list(WORD.finditer(new))
    inside = [i for i, w in enumerate(old_words) if w.start() < span[1] and span[0] < w.end()]
    if not inside:
        return None
    matcher = difflib.SequenceMatcher(None, [w.group() for w in old_words], [w.group() for w in new_words])
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "replace" and (i1, i2) == (inside[0], inside[-1] + 1) and j2 > j1:
            return new[new_words[j1].start() : new_words[j2 - 1].end()].strip(" ,.;:")
    return None
