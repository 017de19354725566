"""Translation memory: what a model already produced is looked up instead of computed again.

Entries are keyed by the model's fingerprint (backend, model, compute type, beams, fixed length) and
the exact text the model receives. That text already carries the glossary's injected English and is
normalized by the text pipeline, so a new glossary version invalidates exactly the sentences it
changes, and no entry can ever be stale. Three kinds are kept: sentence translations, the attention
links used to repair glossary terms, and summaries, so a resubmitted article costs almost no model
time. The store is Redis, bounded to ``WARTA_TM_ENTRIES`` entries with least-recently-used eviction
(a hash of values plus a sorted set of last use), or a process-local LRU where no Redis is at hand.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import time
from collections import Counter, OrderedDict
from collections.abc import Iterator
from typing import Any, Protocol

from workers.alignment import aligned_span
from workers.summarize import Summary

FORMAT = "1"  # bump when what an entry holds changes


class MemoryStore(Protocol):
    def get_many(self, keys: list[str]) -> list[str | None]: ...
    def put_many(self, items: dict[str, str]) -> None: ...


class RedisMemory:
    """Size-bounded LRU in Redis, shared by every worker; hits and misses counted for /metrics."""

    def __init__(self, redis: Any, max_entries: int, prefix: str) -> None:
        """``prefix``: ``workers.queue.memory_prefix``, one memory per queue."""
        self.redis, self.max_entries = redis, max_entries
        self.values, self.used, self.stats = f"{prefix}:values", f"{prefix}:used", f"{prefix}:stats"

    def get_many(self, keys: list[str]) -> list[str | None]:
        if not keys:
            return []
        found = [v.decode() if isinstance(v, bytes) else v for v in self.redis.hmget(self.values, keys)]
        hits = {k: time.time() for k, v in zip(keys, found, strict=True) if v is not None}
        with self.redis.pipeline(transaction=False) as pipe:
            if hits:
                pipe.zadd(self.used, hits, xx=True)
            pipe.hincrby(self.stats, "hits", len(hits))
            pipe.hincrby(self.stats, "misses", len(keys) - len(hits))
            pipe.execute()
        return found

    def put_many(self, items: dict[str, str]) -> None:
        if not items:
            return
        with self.redis.pipeline(transaction=False) as pipe:
            pipe.hset(self.values, mapping=items)
            pipe.zadd(self.used, dict.fromkeys(items, time.time()))
            pipe.zcard(self.used)
            size = pipe.execute()[-1]
        if size > self.max_entries:
            evicted = [k for k, _ in self.redis.zpopmin(self.used, size - self.max_entries)]
            if evicted:
                self.redis.hdel(self.values, *evicted)
                self.redis.hincrby(self.stats, "evictions", len(evicted))


class NoMemory:
    """``WARTA_TM_ENTRIES=0``: every look-up misses, nothing is kept (model time is still counted)."""

    def get_many(self, keys: list[str]) -> list[str | None]:
        return [None] * len(keys)

    def put_many(self, items: dict[str, str]) -> None:
        return None


class LocalMemory:
    """The same LRU inside one process, for the CLI and benchmarks without Redis."""

    def __init__(self, max_entries: int) -> None:
        self.max_entries = max_entries
        self.entries: OrderedDict[str, str] = OrderedDict()

    def get_many(self, keys: list[str]) -> list[str | None]:
        found = [self.entries.get(k) for k in keys]
        for key, value in zip(keys, found, strict=True):
            if value is not None:
                self.entries.move_to_end(key)
        return found

    def put_many(self, items: dict[str, str]) -> None:
        self.entries.update(items)
        for key in items:
            self.entries.move_to_end(key)
        while len(self.entries) > self.max_entries:
            self.entries.popitem(last=False)


@dataclasses.dataclass
class Usage:
    """What one job took from the memory and from the models."""

    counts: Counter[str] = dataclasses.field(default_factory=Counter)
    model_seconds: float = 0.0

    def report(self) -> dict[str, Any]:
        counts = {k: self.counts[k] for k in sorted(self.counts)}
        return {**counts, "model_seconds": round(self.model_seconds, 3)}


def fingerprint(model: Any, compute_type: str) -> str:
    """What decides a model's output. A many-to-many model answers each pair differently, so the pair's
    language tokens count (a one-pair model has none, and its entries keep the keys they had)."""
    fixed = getattr(model, "fixed_output_tokens", None)
    found = f"{FORMAT}|{model.backend}|{model.model_id}|{compute_type}|beams={model.num_beams}|fixed={fixed}"
    steering = getattr(model, "steering", None)
    if steering is not None and (steering.source_prefix or steering.target_prefix):
        found += f"|pair={' '.join(steering.source_prefix)}>{' '.join(steering.target_prefix)}"
    return found


def _key(kind: str, print_: str, *parts: str) -> str:
    return kind + ":" + hashlib.sha256("\x00".join((print_, *parts)).encode()).hexdigest()[:40]


class MemoTranslator:
    """A backend behind the memory: only texts never seen by this model reach it."""

    def __init__(self, inner: Any, store: MemoryStore, compute_type: str, usage: Usage) -> None:
        self.inner, self.store, self.usage = inner, store, usage
        self.print = fingerprint(inner, compute_type)
        self.model_id, self.backend = inner.model_id, inner.backend
        # Outputs decoded by this job: a backend that returns attention while decoding already knows
        # their links, which are saved to the memory the first time they are asked for.
        self._fresh: set[tuple[str, str]] = set()
        # Texts this job was answered for from the memory, not the model: their sentences' origin.
        self.remembered: set[str] = set()
        self.max_input_tokens = inner.max_input_tokens

    def count_tokens(self, text: str) -> int:
        return self.inner.count_tokens(text)

    def translate_batch(self, texts: list[str]) -> list[str]:
        return next(self.translate_batches([texts])) if texts else []

    def translate_batches(self, batches: list[list[str]]) -> Iterator[list[str]]:
        keys = [[_key("t", self.print, t) for t in batch] for batch in batches]
        flat = [k for ks in keys for k in ks]
        found = dict(zip(flat, self.store.get_many(flat), strict=True))
        self.remembered.update(t for batch, ks in zip(batches, keys, strict=True)
                               for t, k in zip(batch, ks, strict=True) if found[k] is not None)  # fmt: skip
        missing = [
            [(t, k) for t, k in zip(batch, ks, strict=True) if found[k] is None]
            for batch, ks in zip(batches, keys, strict=True)
        ]
        computed = self.inner.translate_batches([[t for t, _ in m] for m in missing if m])
        for batch_keys, batch_missing in zip(keys, missing, strict=True):
            if batch_missing:
                started = time.perf_counter()
                outputs = next(computed)
                self.usage.model_seconds += time.perf_counter() - started
                new = {k: o for (_, k), o in zip(batch_missing, outputs, strict=True)}
                self._fresh.update((t, o) for (t, _), o in zip(batch_missing, outputs, strict=True))
                self.store.put_many(new)
                found.update(new)
            self.usage.counts["hits"] += len(batch_keys) - len(batch_missing)
            self.usage.counts["misses"] += len(batch_missing)
            yield [found[k] or "" for k in batch_keys]

    def align(self, source: str, target: str, span: tuple[int, int]) -> tuple[int, int] | None:
        ids, source_offsets, target_offsets = self.links(source, target)
        return aligned_span(ids, source_offsets, target_offsets, span, target)

    def links(self, source: str, target: str) -> Any:
        self.prefetch_links([(source, target)])
        return self.inner.links(source, target)

    def prefetch_links(self, pairs: list[tuple[str, str]]) -> None:
        """Known pairs from the memory into the backend's cache; the rest scored in one batch and kept."""
        pairs = list(dict.fromkeys(pairs))
        known = [p for p in pairs if p in self._fresh and self.inner.knows_links(p)]
        self._fresh.difference_update(known)
        self.store.put_many({_key("a", self.print, *p): json.dumps(self.inner.links(*p)) for p in known})
        pairs = [pair for pair in pairs if not self.inner.knows_links(pair)]
        if not pairs:
            return
        keys = [_key("a", self.print, s, t) for s, t in pairs]
        missing = []
        for pair, key, stored in zip(pairs, keys, self.store.get_many(keys), strict=True):
            if stored is None:
                missing.append((pair, key))
                continue
            links, source_offsets, target_offsets = json.loads(stored)
            spans = [(a, b) for a, b in source_offsets], [(a, b) for a, b in target_offsets]
            self.inner.remember_links(pair, (links, *spans))
        self.usage.counts["alignment_hits"] += len(pairs) - len(missing)
        self.usage.counts["alignment_misses"] += len(missing)
        if missing:
            started = time.perf_counter()
            self.inner.prefetch_links([pair for pair, _ in missing])
            self.usage.model_seconds += time.perf_counter() - started
            self.store.put_many({key: json.dumps(self.inner.links(*pair)) for pair, key in missing})


class MemoSummarizer:
    """A summarizer behind the memory, keyed by the article text and the length asked for."""

    def __init__(self, inner: Any, store: MemoryStore, compute_type: str, usage: Usage) -> None:
        self.inner, self.store, self.usage = inner, store, usage
        self.print = fingerprint(inner, compute_type)
        self.model_id = inner.model_id

    def summarize_many(self, texts: list[str], max_new_tokens: int | None = None) -> list[Summary]:
        keys = [_key("s", self.print, str(max_new_tokens), " ".join(t.split())) for t in texts]
        found = self.store.get_many(keys)
        missing = [i for i, value in enumerate(found) if value is None]
        if missing:
            started = time.perf_counter()
            made = self.inner.summarize_many([texts[i] for i in missing], max_new_tokens)
            self.usage.model_seconds += time.perf_counter() - started
            new = {keys[i]: json.dumps(dataclasses.asdict(s)) for i, s in zip(missing, made, strict=True)}
            self.store.put_many(new)
            found = [v if v is not None else new[k] for k, v in zip(keys, found, strict=True)]
        self.usage.counts["summary_hits"] += len(texts) - len(missing)
        self.usage.counts["summary_misses"] += len(missing)
        return [Summary(**json.loads(v)) for v in found if v is not None]
