"""Names the glossary does not know, gathered from a job's sentences with the rendering each got.

Its own module because both the pipeline (when a job finishes) and the edits (when an editor changes a
sentence) rebuild the list, and the edits must not import the pipeline and its models.
"""

from __future__ import annotations

from typing import Any

from glossary.enforce import MISSED, REPAIRED
from workers.contract.result import TermUse, UnknownEntity


def unknown_entities(uses: list[TermUse]) -> list[UnknownEntity]:
    """Names outside the glossary, each with the one rendering the job gave it: glossary suggestions."""
    by_name: dict[str, dict[str, Any]] = {}
    for use in uses:
        entry = by_name.setdefault(use.source, {
            "source": use.source, "target": use.canonical, "type": use.type,
            "occurrences": 0, "repaired": 0, "missed": 0,
        })  # fmt: skip
        entry["occurrences"] += 1
        entry["repaired"] += use.status == REPAIRED
        entry["missed"] += use.status == MISSED
    ranked = sorted(by_name.values(), key=lambda e: (-e["occurrences"], e["source"]))
    return [UnknownEntity(**entry) for entry in ranked]
