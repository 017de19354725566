"""``POST /v1/translate``: short texts translated while the client waits.

The API process never loads a model: the request goes on the sync queue, which every worker serves
before article jobs and benchmarks, and the API waits for the answer on a Redis list of the request's
own (``BLPOP``: no polling). Past ``WARTA_SYNC_TIMEOUT`` it answers 504 and the queued request expires
unrun. Nothing is stored: a client that got no answer sends the request again.
"""

from __future__ import annotations

import logging
import time
import uuid

from flask import Blueprint, Response
from flask import request as flask_request
from redis import Redis
from redis.exceptions import RedisError

from service import extensions
from service.answers import answer
from service.auth import current_owner
from service.blueprints.jobs import pinned_options
from service.languages import request_context
from service.problems import Problem
from service.validation import json_body, parse
from workers.contract.request import TranslateRequest
from workers.contract.sync import SyncAnswer, SyncRequest, TagOptions, TranslateResult
from workers.queue import enqueue_sync, sync_answer_key, sync_gone_key
from workers.settings import Settings

bp = Blueprint("translate", __name__, url_prefix="/v1")
log = logging.getLogger(__name__)
# What a worker's failure means for the client: a missing model, pair, glossary or store is no fault of
# the request, and is said so (503, 409) rather than as a bug of Warta's (500).
STATUS_OF_FAILURE = {"model_unavailable": 503, "out_of_memory": 503, "pair_not_served": 503,
                     "redis_unavailable": 503, "store_unavailable": 503, "glossary_unavailable": 409,
                     "invalid_document": 422, "archive_too_large": 413, "job_timeout": 504}  # fmt: skip


@bp.post("/translate")
def translate() -> Response:
    payload = json_body("the texts", 'send {"text": "Presiden tiba di Jakarta."}')
    translate_request = parse(TranslateRequest, payload, request_context())
    result, timing = answered(sync_request(translate_request, current_owner()))
    return answer(result, headers=timing)


def sync_request(
    asked: TranslateRequest, owner: str, alternatives: int = 0, tags: TagOptions | None = None
) -> SyncRequest:
    """What the workers are sent for ``asked``, whichever API it came through (counted by API in
    /metrics): its glossary's version pinned now, and DeepL's tag lists where it came with them."""
    return SyncRequest(texts=asked.texts, tag_handling=asked.tag_handling, owner=owner,
                       options=pinned_options(asked, owner), alternatives=alternatives,
                       api=flask_request.blueprint or "translate", tags=tags or TagOptions())  # fmt: skip


def translated(request: SyncRequest) -> TranslateResult:
    """The worker's result for ``request``; see ``answered``."""
    return answered(request)[0]


def answered(request: SyncRequest) -> tuple[TranslateResult, dict[str, str]]:
    """The worker's result for ``request`` and where its time went as a ``Server-Timing`` header (model,
    worker, waiting and the batch it shared), or the problem that says why there is none. The DeepL and
    LibreTranslate paths answer through this too."""
    settings, redis = extensions.settings(), extensions.redis()
    request_id = uuid.uuid4().hex
    started = time.perf_counter()
    try:
        enqueue_sync(redis, settings, request_id, request)
        wait = max(1, int(settings.sync_timeout))
        popped = redis.blpop([sync_answer_key(settings, request_id)], timeout=wait)
    except RedisError as error:
        log.error("sync request %s: Redis: %s", request_id, error)
        raise Problem(503, "queue_unavailable", "The queue is unreachable; nothing was translated. Retry "
                      "shortly.") from error  # fmt: skip
    if popped is None:
        _give_up(redis, settings, request_id)
        raise Problem(504, "sync_timeout", f"No worker answered within {settings.sync_timeout:g} s "
                      "(WARTA_SYNC_TIMEOUT): all are busy or none runs. Retry, or submit a job to "
                      "/v1/jobs for long texts.", limit=settings.sync_timeout)  # fmt: skip
    reply = SyncAnswer.model_validate_json(popped[1])
    if reply.error is not None:
        status = STATUS_OF_FAILURE.get(reply.error.code, 500)
        raise Problem(status, reply.error.code, reply.error.message)
    assert reply.result is not None and reply.timing is not None
    spent = reply.timing
    total = time.perf_counter() - started
    timing = (f"model;dur={spent.model * 1000:.1f}, worker;dur={spent.worker * 1000:.1f}, "
              f"total;dur={total * 1000:.1f}, batch;desc=\"{spent.shared} requests\"")  # fmt: skip
    return reply.result, {"Server-Timing": timing}


def _give_up(redis: Redis, settings: Settings, request_id: str) -> None:
    """Tell the workers nobody waits for ``request_id`` any more, so none translates it, or goes on
    translating it, for nobody. Best effort: past its deadline a worker drops it anyway."""
    try:
        redis.set(sync_gone_key(settings, request_id), 1, ex=max(60, int(settings.sync_timeout) * 2))
    except RedisError as error:
        log.warning("sync request %s: could not mark it abandoned: %s", request_id, error)
