"""Synchronous translation: short texts translated while a client waits (``POST /v1/translate``).

The texts go through what a job's articles go through (sentence segmentation, the glossary and the
translation memory in ``translate_all``, the sentence checks), all sentences of a request in one batched
call. What a job would clean away or reflow is kept: every line break, the space around each line and,
with ``tag_handling: html``, the markup exactly as sent.
"""

from __future__ import annotations

import json
import logging
import re
import time
from dataclasses import dataclass, field
from typing import Any

from glossary.matcher import Matcher
from workers import runtime
from workers.alternatives import alternatives
from workers.batch_translate import DEFAULT_BATCH_TOKENS, Translation, Translator, translate_all
from workers.contract.job import Failure, JobOptions
from workers.contract.result import TermUse
from workers.contract.sync import GlossaryVersion, SyncAnswer, SyncTiming, TextTranslation, TranslateResult
from workers.failures import classify
from workers.jobs import memoized_models
from workers.quality.checks import DEFAULT_THRESHOLDS, Thresholds, sentence_flags
from workers.queue import sync_answer_key, sync_requests_key
from workers.stages import job_matcher
from workers.text.markup import pieces, written
from workers.text.prepare import prepare_text
from workers.translation_memory import Usage

log = logging.getLogger(__name__)
_LINES = re.compile(r"(\r\n|\r|\n)")
# How long an answer nobody took waits in Redis (the API gave up on it: past WARTA_SYNC_TIMEOUT).
ANSWER_TTL_SECONDS = 60


@dataclass
class _Line:
    """A line of a text to translate: its sentences, where it starts in the source and what surrounds it."""

    sentences: list[str]
    source_at: int
    before: str
    after: str
    html: bool
    translations: list[Translation] = field(default_factory=list)


Part = str | _Line


def plan_text(text: str, html: bool = False) -> list[Part]:
    """``text`` as what stays as written (markup, line breaks, blank lines) and lines to translate."""
    parts: list[Part] = []
    at = 0
    for piece in pieces(text) if html else [None]:
        body = text if piece is None else piece.text
        if piece is not None and not piece.translate:
            parts.append(body)
            at += len(body)
            continue
        for chunk in _LINES.split(body):
            sentences = prepare_text(chunk, clean=False).sentences if chunk.strip() else []
            if not sentences:
                parts.append(written(chunk) if html else chunk)
            else:
                stripped = chunk.strip()
                lead = chunk[: len(chunk) - len(chunk.lstrip())]
                parts.append(_Line(sentences, at + len(lead), lead, chunk[len(lead) + len(stripped) :], html))
            at += len(chunk)
    return parts


def translate_texts(
    texts: list[str],
    translator: Translator,
    matcher: Matcher | None,
    *,
    html: bool = False,
    batch_size: int = 16,
    batch_tokens: int = DEFAULT_BATCH_TOKENS,
    limits: Thresholds = DEFAULT_THRESHOLDS,
) -> list[TextTranslation]:
    """Each text's English, its terms and its sentences' flags; one batched pass for all of them."""
    plans = [plan_text(text, html) for text in texts]
    lines = [part for plan in plans for part in plan if isinstance(part, _Line)]
    sentences = [s for line in lines for s in line.sentences]
    done = iter(
        translate_all(sentences, translator, batch_size, lambda _n: None, matcher, True, batch_tokens)
        if sentences
        else []
    )
    for line in lines:
        line.translations = [next(done) for _ in line.sentences]
    return [_assembled(plan, limits) for plan in plans]


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
        shown = written(english) if part.html else english
        at = length + len(part.before)
        terms += [_moved(term, part, english, at) for term in line_terms]
        for source, translation in zip(part.sentences, part.translations, strict=True):
            flags += [f for f in sentence_flags(source, translation.text, limits) if f not in flags]
        out.append(part.before + shown + part.after)
        length += len(out[-1])
    return TextTranslation(text="".join(out), terms=terms, flags=flags)


def _line(line: _Line) -> tuple[str, list[tuple[TermUse, int, int]]]:
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


def _moved(found: tuple[TermUse, int, int], line: _Line, english: str, at: int) -> TermUse:
    """A sentence's term with its spans in the whole text (for html, in the markup as written)."""
    use, source_at, target_at = found
    place = (lambda i: len(written(english[:i]))) if line.html else (lambda i: i)
    target = None
    if use.target_span is not None:
        start, end = (target_at + i for i in use.target_span)
        target = [at + place(start), at + place(end)]
    source = [line.source_at + source_at + i for i in use.source_span]
    return use.model_copy(update={"source_span": source, "target_span": target})


def run_sync(request_id: str) -> str:
    """The RQ entry point: take the waiting requests (this one among them, unless another worker was
    faster) and push each its answer where the API waits for it."""
    rt = runtime.current()
    raw = rt.redis.lpop(sync_requests_key(rt.settings), max(1, rt.settings.sync_batch)) or []
    now = time.time()
    waiting = [request for request in map(json.loads, raw) if request["deadline"] > now]
    if not waiting:
        return "nothing waiting"
    started = time.perf_counter()
    answers = _answers(rt, waiting)
    texts = sum(len(request["texts"]) for request in waiting)
    rt.telemetry.sync_answered([request.get("api", "translate") for request in waiting], texts,
                               time.perf_counter() - started)  # fmt: skip
    pipe = rt.redis.pipeline()
    for request, answer in zip(waiting, answers, strict=True):
        key = sync_answer_key(rt.settings, request["id"])
        pipe.rpush(key, answer.model_dump_json())
        pipe.expire(key, ANSWER_TTL_SECONDS)
    pipe.execute()
    log.info("sync: %d request(s) answered (woken by %s)", len(waiting), request_id)
    return f"{len(waiting)} answered"


def _answers(rt: runtime.Runtime, waiting: list[dict[str, Any]]) -> list[SyncAnswer]:
    """Requests with the same glossary, terms, owner and tag handling share one batched pass."""
    groups: dict[str, list[int]] = {}
    for index, request in enumerate(waiting):
        same = json.dumps([request["options"], request["owner"], request.get("tag_handling")], sort_keys=True)
        groups.setdefault(same, []).append(index)
    answers: list[SyncAnswer | None] = [None] * len(waiting)
    for members in groups.values():
        requests = [waiting[i] for i in members]
        started = time.perf_counter()
        try:
            results, usage = _results(rt, requests)
            timing = SyncTiming(model=usage.model_seconds, worker=time.perf_counter() - started,
                                shared=len(requests))  # fmt: skip
            made = [SyncAnswer(result=result, timing=timing) for result in results]
        except Exception as error:
            failure = classify(error)
            if failure.code == "internal_error":
                log.exception("sync requests %s failed", [r["id"] for r in requests])
            message = str(error) or type(error).__name__
            made = [SyncAnswer(error=Failure(code=failure.code, message=message)) for _ in requests]
        for i, answer in zip(members, made, strict=True):
            answers[i] = answer
    return [answer for answer in answers if answer is not None]


def _results(rt: runtime.Runtime, requests: list[dict[str, Any]]) -> tuple[list[TranslateResult], Usage]:
    first = requests[0]
    options = JobOptions.model_validate(first["options"])
    usage = Usage()
    translator, _summarizer = memoized_models(rt, usage, first["owner"], fuzzy=False)
    matcher = job_matcher(options, first["owner"], rt.glossaries)
    texts = [text for request in requests for text in request["texts"]]
    translations = iter(translate_texts(
        texts, translator(), matcher, html=first.get("tag_handling") == "html",
        batch_size=rt.settings.mt_batch_size,
    ))  # fmt: skip
    named = options.glossary and options.glossary_version
    glossary = GlossaryVersion(name=options.glossary, version=options.glossary_version) if named else None
    results = [
        TranslateResult(translations=[next(translations) for _ in request["texts"]], glossary=glossary)
        for request in requests
    ]
    for request, result in zip(requests, results, strict=True):
        if request.get("alternatives") and first.get("tag_handling") != "html":
            _add_alternatives(rt, request["texts"], result, int(request["alternatives"]))
    return results, usage


def _add_alternatives(rt: runtime.Runtime, texts: list[str], result: TranslateResult, count: int) -> None:
    """Each translation's ``alternatives``: the beam's next hypotheses (``workers/alternatives.py``)."""
    english = [t.text for t in result.translations]
    found = alternatives(texts, english, count, rt.models.translator(), rt.settings.mt_batch_size)
    for translation, others in zip(result.translations, found, strict=True):
        translation.alternatives = others
