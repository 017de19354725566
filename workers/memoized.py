"""The worker's models as a job or a synchronous request uses them: behind the memories.

The machine translation memory answers what the model translated before, and a key's human memory
(with the shared one) answers before both. Jobs and synchronous requests wrap the same loaded models,
each with the usage counters of its own.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from workers import runtime
from workers.human_memory import HumanMemoryTranslator
from workers.store.glossaries import glossary_owner
from workers.store.human_memory import HumanMemoryStore
from workers.translation_memory import MemoSummarizer, MemoTranslator, Usage


def memoized_models(
    rt: runtime.Runtime, usage: Usage, owner: str | None = None, fuzzy: bool = True
) -> tuple[Callable[[], Any], Callable[[], Any]]:
    """The worker's models behind the machine memory, each wrapped on first use by this job; with
    ``owner``, that key's human memory (and the shared one) answers before both, and with ``fuzzy`` it
    offers its close matches too."""
    compute = rt.settings.compute_type
    made: dict[str, Any] = {}

    def translator() -> MemoTranslator | HumanMemoryTranslator:
        if "t" not in made:
            made["t"] = MemoTranslator(rt.models.translator(), rt.memory, compute, usage)
            if owner is not None:
                threshold = rt.settings.fuzzy_threshold if fuzzy else math.inf
                lookup = HumanMemoryStore(rt.store.engine)
                made["t"] = HumanMemoryTranslator(made["t"], lookup, glossary_owner(owner), threshold)
        return made["t"]

    def summarizer() -> MemoSummarizer:
        if "s" not in made:
            made["s"] = MemoSummarizer(rt.models.summarizer(), rt.memory, compute, usage)
        return made["s"]

    return translator, summarizer
