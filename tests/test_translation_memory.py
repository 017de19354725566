"""Translation memory: LRU in real Redis, and a resubmitted article that costs (almost) no model time."""

from __future__ import annotations

import uuid

import pytest
from redis import Redis

from glossary.default import default_glossary
from glossary.matcher import Matcher
from workers.contract.article import ArticleInput
from workers.models import ModelRegistry
from workers.pipeline import run_pipeline
from workers.settings import Settings
from workers.translation_memory import LocalMemory, MemoSummarizer, MemoTranslator, RedisMemory, Usage

ARTICLES = [
    ArticleInput("a", "Putin di Pyongyang", "Presiden Rusia Vladimir Putin tiba di Pyongyang. "
                 "Ia disambut Kim Jong-un.\\n\\nKedua negara sepakat bekerja sama."),
    ArticleInput("b", None, "Harga beras naik 4,8 persen di Jakarta. Korut dan Rusia menandatangani pakta."),
]  # fmt: skip


@pytest.fixture
def redis_memory(redis_url):
    redis = Redis.from_url(redis_url)
    prefix = f"test-{uuid.uuid4().hex[:8]}:tm"
    yield lambda size: RedisMemory(redis, size, prefix)
    redis.delete(f"{prefix}:values", f"{prefix}:used", f"{prefix}:stats")


@pytest.mark.parametrize("make", ["redis", "local"])
def test_the_least_recently_used_entry_is_evicted_first(redis_memory, make):
    memory = redis_memory(3) if make == "redis" else LocalMemory(3)
    memory.put_many({"a": "A", "b": "B", "c": "C"})
    assert memory.get_many(["a"]) == ["A"]  # "a" is now the most recent
    memory.put_many({"d": "D"})
    assert memory.get_many(["a", "b", "c", "d"]) == ["A", None, "C", "D"]


def test_redis_memory_counts_hits_misses_and_evictions(redis_memory):
    memory = redis_memory(1)
    memory.put_many({"x": "X", "y": "Y"})
    memory.get_many(["x", "y"])
    stats = {k.decode(): int(v) for k, v in memory.redis.hgetall(memory.stats).items()}
    assert stats == {"hits": 1, "misses": 1, "evictions": 1}


@pytest.fixture(scope="module")
def registry(tiny_models, backend):
    return ModelRegistry(Settings(mt_beams=2, sum_beams=1, sum_max_tokens=12, mt_backend=backend,
                                  sum_backend=backend, **tiny_models))  # fmt: skip


def run(registry, memory, usage):
    translator = MemoTranslator(registry.translator(), memory, "auto", usage)
    summarizer = MemoSummarizer(registry.summarizer(), memory, "auto", usage)
    return run_pipeline(ARTICLES, ["translate", "summarize"], translator=lambda _pair: translator,
                        summarizer=lambda: summarizer, batch_size=4, progress=lambda *_: None,
                        matcher=Matcher(default_glossary()))  # fmt: skip


def test_a_resubmitted_job_is_served_from_memory_with_the_same_result(registry, redis_memory):
    memory, first, second = redis_memory(10_000), Usage(), Usage()
    before = run(registry, memory, first)
    after = run(registry, memory, second)
    origins = {s.origin for a in after for s in a.sentences()}
    assert {s.origin for a in before for s in a.sentences()} == {"machine"} and origins == {"memory"}
    remade = [a.model_dump(exclude={"paragraphs": {"__all__": {"__all__": {"origin"}}}}) for a in after]
    assert remade == [
        a.model_dump(exclude={"paragraphs": {"__all__": {"__all__": {"origin"}}}}) for a in before
    ]
    assert first.counts["misses"] > 0 and first.counts["summary_misses"] == 2
    assert second.counts["misses"] == second.counts["summary_misses"] == 0
    assert second.counts["alignment_misses"] == 0 and second.counts["hits"] == first.counts["misses"]
    assert second.model_seconds == 0 < first.model_seconds


def test_entries_are_keyed_by_model_and_settings(registry, tiny_models):
    memory, usage = LocalMemory(100), Usage()
    MemoTranslator(registry.translator(), memory, "int8", usage).translate_batch(["Harga beras naik."])
    MemoTranslator(registry.translator(), memory, "float32", usage).translate_batch(["Harga beras naik."])
    assert usage.counts["misses"] == 2 and len(memory.entries) == 2
