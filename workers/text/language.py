"""Is this Indonesian? Language identification with py3langid before a job is accepted.

Warta's models translate Indonesian; English, Malay or Javanese text sent by mistake would come back as
confident nonsense. py3langid (langid.py's model of 97 languages, shipped in the wheel, nothing fetched
at run time) was measured against lingua and langdetect on FLORES-200 and on Malay, Javanese,
Sundanese and Tagalog text written for the project (``benchmarks/langid``): it alone refused every
non-Indonesian paragraph while accepting every Indonesian one; lingua has no Javanese or Sundanese
and calls a fifth of Indonesian sentences Malay; langdetect has no Malay at all.

Malay is Indonesian's closest neighbour, and refusing real Indonesian is the worse error, so text whose
top guess is Malay is still accepted when Indonesian is at least half as likely.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from functools import cache
from typing import Any

from py3langid.langid import MODEL_FILE, LanguageIdentifier

INDONESIAN, MALAY = "id", "ms"
MALAY_MARGIN = 0.5
SAMPLE_CHARS = 5000
# Below this many words no detector can tell Indonesian from its neighbours; such text is let through.
MIN_WORDS = 4


@dataclass(frozen=True)
class LanguageGuess:
    code: str
    probability: float
    accepted: bool

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@cache
def _identifier() -> LanguageIdentifier:
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> LanguageGuess:
    """The most likely language of ``text`` (its first few thousand characters suffice)."""
    sample = text[:SAMPLE_CHARS]
    if len(sample.split()) < MIN_WORDS:
        return LanguageGuess("und", 0.0, accepted=True)
    ranked = _identifier().rank(sample)
    code, probability = ranked[0]
    probabilities = dict(ranked)
    accepted = code == INDONESIAN or (
        code == MALAY and probabilities.get(INDONESIAN, 0.0) >= MALAY_MARGIN * probability
    )
    return LanguageGuess(code, round(float(probability), 4), accepted)


def language_ranks(text: str, groups: Mapping[str, tuple[str, ...]]) -> list[tuple[str, float]]:
    """Each of ``groups`` (a name and the identifier's codes it covers) with its probability for
    ``text``, most likely first: LibreTranslate's ``/detect`` ranks only the languages a server has."""
    ranked = dict(_identifier().rank(text[:SAMPLE_CHARS]))
    found = [(name, sum(float(ranked.get(code, 0.0)) for code in codes)) for name, codes in groups.items()]
    return sorted(found, key=lambda pair: -pair[1])
