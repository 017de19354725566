"""``POST /v1/translate`` end to end: the API queues the texts on the sync queue, a real worker process
translates them with the tiny models, and the API answers while the client waits."""

from __future__ import annotations

import dataclasses
import time

import pytest
from lxml import html as lxml_html

from glossary.formats import parse_glossary
from service.app import create_app
from workers.queue import sync_queue

pytestmark = pytest.mark.integration
TEXT = "Presiden Joko Widodo tiba di Jakarta pada hari Senin. Harga beras naik 4,8 persen."


def test_one_text_and_a_list_keep_their_order_lines_and_glossary(served):
    client, app, worker = served
    app.extensions["warta.glossaries"].put(parse_glossary("Jakarta\tJakarta City\n", "tsv", "city"), "city")
    one = client.post("/v1/translate", json={"text": TEXT})
    assert one.status_code == 200, (one.json, worker.output()[-2000:])
    assert one.json["glossary"]["name"] == "default"
    [only] = one.json["translations"]
    assert only["text"].strip() and "\n" not in only["text"]

    texts = ["Harga beras naik di Jakarta.", "Baris satu.\n\n  Baris dua di Jakarta.  ", TEXT]
    many = client.post("/v1/translate", json={"text": texts, "glossary": "city"})
    assert many.status_code == 200, many.json
    translations = many.json["translations"]
    assert len(translations) == 3 and many.json["glossary"] == {"name": "city", "version": 1}
    lines = translations[1]["text"]
    assert lines.count("\n") == 2 and lines.startswith(lines.lstrip()) and lines.endswith("  ")
    assert lines.split("\n")[2].startswith("  "), "the space around each line is kept"
    for text, translation in zip(texts, translations, strict=True):
        for term in translation["terms"]:
            start, end = term["source_span"]
            assert " ".join(text.split())[start:end] == term["source"] or term["source"] in text
            if term["target_span"]:
                start, end = term["target_span"]
                assert translation["text"][start:end] == term["target"]
    jakarta = [t for t in translations[0]["terms"] if t["source"] == "Jakarta"]
    assert jakarta and jakarta[0]["canonical"] == "Jakarta City"
    metrics = client.get("/metrics").get_data(as_text=True)
    assert 'warta_sync_requests_total{api="translate"} 2' in metrics and "warta_sync_texts_total 4" in metrics
    assert 'warta_stage_seconds_count{stage="sync"} 2' in metrics


def test_html_keeps_every_tag_and_entity(served):
    client, _app, _worker = served
    page = '<p class="lead">Harga <b>beras</b> naik &amp; turun.</p><script>var x = "<b>";</script><br/>'
    answered = client.post("/v1/translate", json={"text": page, "tag_handling": "html"})
    assert answered.status_code == 200, answered.json
    english = answered.json["translations"][0]["text"]
    assert english.startswith('<p class="lead">') and "<b>" in english and "</b>" in english
    assert english.endswith('</p><script>var x = "<b>";</script><br/>')
    assert "Harga" not in english
    lxml_html.fromstring(english)  # still parses


@pytest.mark.parametrize(
    ("body", "field"),
    [({}, "text"), ({"text": ""}, "text"), ({"text": []}, "text"), ({"text": ["a"] * 51}, "text"),
     ({"text": "a", "tag_handling": "pdf"}, "tag_handling"), ({"text": "a", "glossary": "nope"}, "glossary"),
     ({"text": "a", "extra": 1}, "extra")],
)  # fmt: skip
def test_bad_requests_are_refused_before_anything_is_queued(client, app, body, field):
    refused = client.post("/v1/translate", json=body)
    assert 400 <= refused.status_code < 500 and refused.json["field"] == field, refused.json
    settings = app.extensions["warta.settings"]
    assert app.extensions["warta.redis"].llen(f"rq:queue:{sync_queue(settings)}") == 0


def test_without_a_worker_the_client_gets_a_504_in_time_and_the_request_expires(settings):
    app = create_app(dataclasses.replace(settings, sync_timeout=1.0))
    started = time.monotonic()
    answered = app.test_client().post("/v1/translate", json={"text": TEXT})
    assert answered.status_code == 504 and answered.json["code"] == "sync_timeout"
    assert time.monotonic() - started < 5
    app.extensions["warta.store"].close()


def test_workers_serve_the_sync_queue_before_article_jobs(served):
    """RQ takes queues in the order the worker lists them: the sync queue comes first."""
    _client, app, _worker = served
    settings, redis = app.extensions["warta.settings"], app.extensions["warta.redis"]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        names = [key.decode() for key in redis.smembers("rq:workers")]
        listed = [redis.hget(name, "queues") for name in names]
        mine = [q.decode().split(",") for q in listed if q and settings.queue in q.decode()]
        if mine:
            assert mine[0][0] == sync_queue(settings), mine
            return
        time.sleep(0.2)
    raise AssertionError("the worker never registered")


def test_requests_waiting_together_share_one_batch(settings, start_worker):
    """Requests that arrive while no worker is free are translated in one batch when one is."""
    from concurrent.futures import ThreadPoolExecutor

    settings = dataclasses.replace(settings, sync_timeout=120.0)
    app = create_app(settings)
    texts = [f"Harga beras naik {n} persen di Jakarta." for n in range(3)]

    def ask(text: str):
        return app.test_client().post("/v1/translate", json={"text": text})

    with ThreadPoolExecutor(3) as pool:
        asked = [pool.submit(ask, text) for text in texts]
        redis, waiting = app.extensions["warta.redis"], f"{settings.queue}:sync:requests"
        deadline = time.monotonic() + 30
        while redis.llen(waiting) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
        start_worker(settings)
        answers = [future.result() for future in asked]
    assert [a.status_code for a in answers] == [200, 200, 200], [a.json for a in answers]
    for answer in answers:
        timing = answer.headers["Server-Timing"]
        assert 'batch;desc="3 requests"' in timing and "model;dur=" in timing, timing
    app.extensions["warta.store"].close()


def _sentences(count: int, start: int = 0) -> list[str]:
    """Distinct sentences, so no memory answers one for another."""
    return [f"Harga beras naik {n} persen di kota nomor {n}." for n in range(start, start + count)]


def test_a_request_past_the_sync_caps_is_refused_before_any_work(settings):
    """A synchronous request carries at most WARTA_MAX_SYNC_CHARS characters and WARTA_MAX_SYNC_SENTENCES
    sentences, all texts together (50 texts of 100,000 characters were accepted), in every API."""
    app = create_app(dataclasses.replace(settings, max_sync_chars=2000, max_sync_sentences=5))
    client = app.test_client()
    long = ["x" * 1500, "y" * 600]
    too_long = client.post("/v1/translate", json={"text": long})
    assert too_long.status_code == 413, too_long.json
    assert too_long.json["code"] == "sync_too_large" and too_long.json["limit"] == 2000
    assert "/v1/jobs" in too_long.json["detail"] and "WARTA_MAX_SYNC_CHARS" in too_long.json["detail"]
    one_too_long = client.post("/v1/translate", json={"text": "x" * 2001})
    assert one_too_long.status_code == 413 and one_too_long.json["field"] == "text", one_too_long.json
    in_a_list = client.post("/v1/translate", json={"text": ["Harga beras naik.", "x" * 2001]})
    assert in_a_list.status_code == 413 and in_a_list.json["code"] == "sync_too_large", in_a_list.json
    many = client.post("/v1/translate", json={"text": " ".join(_sentences(6))})
    assert many.status_code == 413 and many.json["limit"] == 5, many.json
    assert "WARTA_MAX_SYNC_SENTENCES" in many.json["detail"]
    marked_up = "".join(f"<p>{s}</p>" for s in _sentences(6))
    html = client.post("/v1/translate", json={"text": marked_up, "tag_handling": "html"})
    assert html.status_code == 413, html.json
    deepl = client.post("/v2/translate", data={"text": long, "target_lang": "EN"})
    assert deepl.status_code == 413 and "2000" in deepl.json["message"], deepl.json
    libre = client.post("/translate", json={"q": long, "source": "id", "target": "en"})
    assert libre.status_code == 400 and "2000" in libre.json["error"], libre.json
    redis = app.extensions["warta.redis"]
    assert redis.llen(f"rq:queue:{sync_queue(settings)}") == 0
    app.extensions["warta.store"].close()


def test_a_worker_stops_translating_for_a_client_that_has_gone(served_with):
    """The API gives up after WARTA_SYNC_TIMEOUT (504) and says so; the worker, which took the request
    while its client still waited, stops at its next batch instead of translating it all for nobody."""
    client, app, worker = served_with(sync_timeout=2.0, mt_batch_size=1, tm_entries=0, max_sync_chars=200_000,
                                      max_sync_sentences=5000)  # fmt: skip
    _wait_for_worker(app)
    assert client.post("/v1/translate", json={"text": "Presiden tiba."}).status_code == 200  # warm
    answered = client.post("/v1/translate", json={"text": " ".join(_sentences(3000))})
    assert answered.status_code == 504, answered.json
    deadline = time.monotonic() + 120
    while "stopped between batches" not in worker.output() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert "stopped between batches: their clients have gone" in worker.output(), worker.output()[-3000:]
    metrics = client.get("/metrics").get_data(as_text=True)
    assert 'warta_sync_requests_total{api="translate"} 1' in metrics, "only the first was answered"


def test_a_short_request_is_answered_between_the_batches_of_a_long_job(served_with):
    """With one worker busy with a long job, a one-sentence request waits one of the job's batches, not
    the whole job; the job still finishes with every sentence."""
    client, app, _worker = served_with(tm_entries=0)
    _wait_for_worker(app)
    articles = [{"id": str(a), "text": "\n".join(_sentences(500, 500 * a))} for a in range(6)]
    submitted = client.post("/v1/jobs", json={"articles": articles, "tasks": ["translate"], "force": True,
                                              "glossary": None})  # fmt: skip
    assert submitted.status_code == 202, submitted.json
    job_url = f"/v1/jobs/{submitted.json['id']}"
    deadline = time.monotonic() + 120
    while client.get(job_url).json["progress"]["done"] < 64 and time.monotonic() < deadline:
        time.sleep(0.05)
    # A waiting entry the worker cannot read is the waiting requests' failure, never the job's.
    redis, settings = app.extensions["warta.redis"], app.extensions["warta.settings"]
    redis.rpush(f"{settings.queue}:sync:requests", "{not json")
    asked = time.monotonic()
    answered = client.post("/v1/translate", json={"text": "Presiden tiba di Jakarta."})
    waited = time.monotonic() - asked
    assert answered.status_code == 200, answered.json
    during = client.get(job_url).json
    assert during["status"] == "running", f"answered after the job ended ({waited:.1f} s): {during}"
    while client.get(job_url).json["status"] not in ("succeeded", "failed") and time.monotonic() < deadline:
        time.sleep(0.2)
    assert client.get(job_url).json["status"] == "succeeded"
    result = client.get(f"{job_url}/result").json
    sentences = [s for article in result["articles"] for p in article["paragraphs"] for s in p]
    assert len(sentences) == 3000 and all(s["target"] for s in sentences)


def _wait_for_worker(app) -> None:
    """Until the worker listens (it loads its models first)."""
    redis, queue = app.extensions["warta.redis"], app.extensions["warta.settings"].queue
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if any(
            queue in (redis.hget(name, "queues") or b"").decode() for name in redis.smembers("rq:workers")
        ):
            return
        time.sleep(0.2)
    raise AssertionError("the worker never registered")
