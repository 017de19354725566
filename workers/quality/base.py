"""What every reference-based metric offers, so reports treat them alike (after sacrebleu's metrics/)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any


class Metric(ABC):
    name: str

    @abstractmethod
    def corpus(self, hypotheses: list[str], references: list[str]) -> dict[str, Any]:
        """``{"score", "signature", ...}`` with the score printed as the metric's own CLI prints it."""

    @abstractmethod
    def sentence(self, hypothesis: str, reference: str) -> float: ...
