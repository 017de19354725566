"""Synchronous translation: short texts translated while a client waits (``POST /v1/translate``).

The texts go through what a job's articles go through (sentence segmentation, the glossary and the
translation memory in ``translate_all``, the sentence checks), all sentences of a request in one batched
call. What a job would clean away or reflow is kept: every line break, the space around each line and,
with ``tag_handling: html``, the markup exactly as sent.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from typing import Any, cast

from pydantic import ValidationError
from rq.timeouts import JobTimeoutException

from glossary.matcher import Matcher
from workers import runtime
from workers.alternatives import alternatives
from workers.batch_translate import DEFAULT_BATCH_TOKENS, Translator, translate_all
from workers.contract.job import Failure
from workers.contract.result import SentencePair, TermUse
from workers.contract.sync import (
    GlossaryVersion,
    SyncAnswer,
    SyncTiming,
    TextTranslation,
    TranslateResult,
    WaitingRequest,
)
from workers.failures import classify
from workers.inline import html as inline_html
from workers.inline.carry import Translated, carried
from workers.inline.html import TagRules
from workers.memoized import memoized_models
from workers.model_table import LanguagePair
from workers.quality.checks import DEFAULT_THRESHOLDS, Thresholds, sentence_flags
from workers.queue import sync_answer_key, sync_gone_key, sync_requests_key
from workers.stages import job_matcher
from workers.text.lines import Line, Part, lines_of, plan_text
from workers.text.prepare import prepare_text
from workers.translation_memory import Usage

log = logging.getLogger(__name__)
# How long an answer nobody took waits in Redis (the API gave up on it: past WARTA_SYNC_TIMEOUT).
ANSWER_TTL_SECONDS = 60


def translate_texts(
    texts: list[str],
    translator: Translator,
    matcher: Matcher | None,
    *,
    tags: TagRules | None = None,
    batch_size: int = 16,
    batch_tokens: int = DEFAULT_BATCH_TOKENS,
    limits: Thresholds = DEFAULT_THRESHOLDS,
    on_batch: Callable[[int], None] = lambda _done: None,
) -> list[TextTranslation]:
    """Each text's translation, its terms and its sentences' flags; one batched pass for all of them.
    With ``tags`` (``tag_handling``) each text is markup: its segments are translated whole and their
    inline markup carried onto the translation (``_marked``). ``on_batch`` hears every batch boundary and
    may raise to stop there."""
    if tags is not None:
        return _marked(texts, translator, matcher, tags, batch_size, batch_tokens, limits, on_batch)
    plans = [plan_text(text) for text in texts]
    lines = [line for plan in plans for line in lines_of(plan)]
    sentences = [s for line in lines for s in line.sentences]
    done = iter(
        translate_all(sentences, translator, batch_size, on_batch, matcher, True, batch_tokens)
        if sentences
        else []
    )
    for line in lines:
        line.translations = [next(done) for _ in line.sentences]
    return [_assembled(plan, limits) for plan in plans]


def _marked(
    texts: list[str], translator: Translator, matcher: Matcher | None, tags: TagRules, batch_size: int,
    batch_tokens: int, limits: Thresholds, on_batch: Callable[[int], None],
) -> list[TextTranslation]:  # fmt: skip
    """Marked-up texts: each block a segment, whose sentences are translated with their whole context
    (an inline tag never splits one) and whose inline markup is projected onto their translation
    (``workers/inline``). A term's spans are in the markup as written: the source's as Warta reads it
    (the space inside a block collapsed), the translation's as it is answered."""
    layouts = [inline_html.read(text, tags) for text in texts]
    segments = [inline_html.segments(layout) for layout in layouts]
    split = [[prepare_text(s.marked.text, clean=False).sentences for s in found] for found in segments]
    sentences = [sentence for per_text in split for per_segment in per_text for sentence in per_segment]
    done = iter(
        translate_all(sentences, translator, batch_size, on_batch, matcher, True, batch_tokens)
        if sentences
        else []
    )
    results = []
    for layout, found, per_text in zip(layouts, segments, split, strict=True):
        translated = []
        for per_segment in per_text:
            made = [next(done) for _ in per_segment]
            pairs = [SentencePair(source=source, target=t.text, terms=t.terms, entities=t.entities)
                     for source, t in zip(per_segment, made, strict=True)]  # fmt: skip
            translated.append(Translated(pairs, translator.align))
        carried_ = [carried(s.marked, t) for s, t in zip(found, translated, strict=True)]
        text, places = inline_html.written_with_places(layout, carried_)
        _, source_places = inline_html.written_with_places(layout, [s.marked for s in found])
        terms: list[TermUse] = []
        flags: list[Any] = []
        for segment, paragraph, at, source_at in zip(found, translated, places, source_places, strict=True):
            terms += _placed_terms(segment.marked.text, paragraph, at, source_at)
            for pair in paragraph.sentences:
                flags += [f for f in sentence_flags(pair.source, pair.target or "", limits) if f not in flags]
        results.append(TextTranslation(text=text, terms=terms, flags=flags))
    return results


def _placed_terms(
    text: str, paragraph: Translated, target_at: list[int], source_at: list[int]
) -> list[TermUse]:
    """The paragraph's terms with their spans in the text as written (``places``: where each character
    of the segment's text, and of its translation, went)."""
    placed = []
    source_cursor = target_cursor = 0
    for pair, target in zip(paragraph.sentences, paragraph.targets(), strict=True):
        found = text.find(pair.source, source_cursor)
        start = found if found >= 0 else source_cursor
        for use in (*pair.terms, *pair.entities):
            source = [source_at[min(start + i, len(source_at) - 1)] for i in use.source_span]
            span = None
            if use.target_span is not None:
                span = [target_at[min(target_cursor + i, len(target_at) - 1)] for i in use.target_span]
            placed.append(use.model_copy(update={"source_span": source, "target_span": span}))
        source_cursor = start + len(pair.source)
        target_cursor += len(target) + 1
    return placed


def _assembled(plan: list[Part], limits: Thresholds) -> TextTranslation:
    out: list[str] = []
    terms: list[TermUse] = []
    flags: list[Any] = []
    length = 0
    for part in plan:
        if isinstance(part, str):
            out.append(part)
            length += len(part)
            continue
        english, line_terms = _line(part)
        shown = english
        at = length + len(part.before)
        terms += [_moved(term, part, english, at) for term in line_terms]
        for source, translation in zip(part.sentences, part.translations, strict=True):
            flags += [f for f in sentence_flags(source, translation.text, limits) if f not in flags]
        out.append(part.before + shown + part.after)
        length += len(out[-1])
    return TextTranslation(text="".join(out), terms=terms, flags=flags)


def _line(line: Line) -> tuple[str, list[tuple[TermUse, int, int]]]:
    """The line's sentences joined by spaces, each term with its sentence's place in source and English."""
    english: list[str] = []
    uses: list[tuple[TermUse, int, int]] = []
    source_at = target_at = 0
    for source, translation in zip(line.sentences, line.translations, strict=True):
        uses += [(use, source_at, target_at) for use in (*translation.terms, *translation.entities)]
        english.append(translation.text)
        source_at += len(source) + 1
        target_at += len(translation.text) + 1
    return " ".join(english), uses


def _moved(found: tuple[TermUse, int, int], line: Line, english: str, at: int) -> TermUse:
    """A sentence's term with its spans in the whole text."""
    use, source_at, target_at = found
    target = None
    if use.target_span is not None:
        start, end = (target_at + i for i in use.target_span)
        target = [at + start, at + end]
    source = [line.source_at + source_at + i for i in use.source_span]
    return use.model_copy(update={"source_span": source, "target_span": target})


class Abandoned(Exception):
    """Raised at a batch boundary when no client waits for any request of the group any more."""


def run_sync(request_id: str) -> str:
    """The RQ entry point: take the waiting requests (this one among them, unless another worker was
    faster, or a busy one took it between the batches of its job) and answer them."""
    answered = serve_waiting(runtime.current())
    log.info("sync: %d request(s) answered (woken by %s)", answered, request_id)
    return f"{answered} answered" if answered else "nothing waiting"


def serve_waiting(rt: runtime.Runtime) -> int:
    """Answer up to ``WARTA_SYNC_BATCH`` waiting requests; how many were answered.

    A job calls this between its batches (``workers/jobs.py``), so a client waiting for a sentence waits
    at most one of the job's batches, never the whole job. A request whose client has gone (past its
    deadline, or given up by the API) is dropped before any work, and a group whose clients have all gone
    stops at its next batch.
    """
    # redis-py's types allow an awaitable (its asyncio client); this client is synchronous.
    raw = cast(
        list[bytes], rt.redis.lpop(sync_requests_key(rt.settings), max(1, rt.settings.sync_batch)) or []
    )
    taken = _waited(rt, _readable(raw))
    if gone := [request["id"] for request, wanted in taken if not wanted]:
        log.info("sync requests %s dropped unrun: their clients have gone", gone)
    waiting = [request for request, wanted in taken if wanted]
    if not waiting:
        return 0
    started = time.perf_counter()
    answered = [(r, a) for r, a in zip(waiting, _answers(rt, waiting), strict=True) if a is not None]
    if not answered:
        return 0
    texts = sum(len(request.texts) for request, _answer in answered)
    rt.telemetry.sync_answered([request.api for request, _answer in answered], texts,
                               time.perf_counter() - started)  # fmt: skip
    pipe = rt.redis.pipeline()
    for request, answer in answered:
        key = sync_answer_key(rt.settings, request.id)
        pipe.rpush(key, answer.model_dump_json())
        pipe.expire(key, ANSWER_TTL_SECONDS)
    pipe.execute()
    return len(answered)


def _readable(raw: list[bytes]) -> list[WaitingRequest]:
    """The waiting requests taken; one that cannot be read (not written by a Warta API) is dropped and
    logged, never allowed to lose the others taken with it."""
    found = []
    for entry in raw:
        try:
            found.append(WaitingRequest.model_validate_json(entry))
        except ValidationError:
            log.error("an unreadable waiting request was dropped: %.80r", entry)
    return found


def _waited(rt: runtime.Runtime, requests: list[WaitingRequest]) -> list[tuple[WaitingRequest, bool]]:
    """Each request with whether its client still waits: before its deadline and not given up by the API
    (which marks a request it stopped waiting for, so a clock apart from the API's cannot keep it)."""
    if not requests:
        return []
    now = time.time()
    gone = cast(list[bytes | None], rt.redis.mget([sync_gone_key(rt.settings, r.id) for r in requests]))
    return [(r, r.deadline > now and mark is None) for r, mark in zip(requests, gone, strict=True)]


def _answers(rt: runtime.Runtime, waiting: list[WaitingRequest]) -> list[SyncAnswer | None]:
    """Requests with the same glossary, terms, owner and tag handling share one batched pass; None for
    a request nobody waits for any more."""
    groups: dict[str, list[int]] = {}
    for index, request in enumerate(waiting):
        same = json.dumps([request.options.model_dump(mode="json"), request.owner, request.tag_handling,
                           request.tags.model_dump()], sort_keys=True)  # fmt: skip
        groups.setdefault(same, []).append(index)
    answers: list[SyncAnswer | None] = [None] * len(waiting)
    for members in groups.values():
        requests = [waiting[i] for i in members]
        started = time.perf_counter()
        try:
            results, usage = _results(rt, requests)
            timing = SyncTiming(model=usage.model_seconds, worker=time.perf_counter() - started,
                                shared=len(requests))  # fmt: skip
            made: list[SyncAnswer | None] = [SyncAnswer(result=result, timing=timing) for result in results]
        except Abandoned:
            log.info("sync requests %s stopped between batches: their clients have gone",
                     [r.id for r in requests])  # fmt: skip
            made = [None for _ in requests]
        except JobTimeoutException:
            raise  # the job this was answered between the batches of ran out of time: its, not ours
        except Exception as error:
            failure = classify(error)
            if failure.code == "internal_error":
                log.exception("sync requests %s failed", [r.id for r in requests])
            message = str(error) or type(error).__name__
            made = [SyncAnswer(error=Failure(code=failure.code, message=message)) for _ in requests]
        for i, answer in zip(members, made, strict=True):
            answers[i] = answer
    return answers


def _still_wanted(rt: runtime.Runtime, requests: list[WaitingRequest]) -> Callable[[int], None]:
    """The batch-boundary check of a group: stop when none of its clients waits any more."""

    def check(_done: int) -> None:
        if not any(wanted for _request, wanted in _waited(rt, requests)):
            raise Abandoned()

    return check


def _results(rt: runtime.Runtime, requests: list[WaitingRequest]) -> tuple[list[TranslateResult], Usage]:
    first = requests[0]
    options = first.options
    usage = Usage()
    translator, _summarizer = memoized_models(rt, usage, first.owner, fuzzy=False)
    pair = LanguagePair(options.source_lang, options.target_lang)
    matcher = job_matcher(options, first.owner, rt.glossaries)(pair)
    texts = [text for request in requests for text in request.texts]
    translations = iter(translate_texts(
        texts, translator(pair), matcher, tags=_tag_rules(first),
        batch_size=rt.settings.mt_batch_size, on_batch=_still_wanted(rt, requests),
    ))  # fmt: skip
    name, version = options.glossary, options.glossary_version
    glossary = GlossaryVersion(name=name, version=version) if name and version else None
    results = [
        TranslateResult(translations=[next(translations) for _ in request.texts], glossary=glossary)
        for request in requests
    ]
    for request, result in zip(requests, results, strict=True):
        if request.alternatives and first.tag_handling is None:
            _add_alternatives(rt, request.texts, result, request.alternatives, pair)
    return results, usage


def _tag_rules(request: WaitingRequest) -> TagRules | None:
    """How a request's markup is read: HTML's elements, or every element inline in XML, with DeepL's
    tag lists on top."""
    if request.tag_handling is None:
        return None
    tags = request.tags
    return TagRules(
        xml=request.tag_handling == "xml",
        splitting=frozenset(tags.splitting_tags),
        non_splitting=frozenset(tags.non_splitting_tags),
        ignored=frozenset(tags.ignore_tags),
        outline=tags.outline_detection,
    )


def _add_alternatives(
    rt: runtime.Runtime, texts: list[str], result: TranslateResult, count: int, pair: LanguagePair
) -> None:
    """Each translation's ``alternatives``: the beam's next hypotheses (``workers/alternatives.py``)."""
    english = [t.text for t in result.translations]
    found = alternatives(texts, english, count, rt.models.translator(pair), rt.settings.mt_batch_size)
    for translation, others in zip(result.translations, found, strict=True):
        translation.alternatives = others
