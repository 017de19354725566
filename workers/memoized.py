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
from workers.model_table import FLAGSHIP, LanguagePair
from workers.store.glossaries import glossary_owner
from workers.store.human_memory import HumanMemoryStore
from workers.translation_memory import MemoSummarizer, MemoTranslator, Usage


def memoized_models(
    rt: runtime.Runtime, usage: Usage, owner: str | None = None, fuzzy: bool = True
) -> tuple[Callable[..., Any], Callable[[], Any]]:
    """The worker's models behind the machine memory, each wrapped on first use by this job; with
    ``owner``, that key's human memory (and the shared one) answers before both, and with ``fuzzy`` it
    offers its close matches too."""
    compute = rt.settings.compute_type
    made: dict[Any, Any] = {}

    def translator(pair: LanguagePair = FLAGSHIP) -> MemoTranslator | HumanMemoryTranslator:
        """The pair's model behind the memories, each keyed by the pair."""
        if pair not in made:
            made[pair] = MemoTranslator(rt.models.translator(pair), rt.memory, compute, usage)
            if owner is not None:
                threshold = rt.settings.fuzzy_threshold if fuzzy else math.inf
                lookup, languages = HumanMemoryStore(rt.store.engine), (pair.source, pair.target)
                made[pair] = HumanMemoryTranslator(
                    made[pair], lookup, glossary_owner(owner), threshold, languages
                )
        return made[pair]

    def summarizer() -> MemoSummarizer:
        if "s" not in made:
            made["s"] = MemoSummarizer(rt.models.summarizer(), rt.memory, compute, usage)
        return made["s"]

    return translator, summarizer
