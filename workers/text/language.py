"""Is this the expected language? Language identification with py3langid before a job is accepted.

Warta's models translate Indonesian; English, Malay or Javanese text sent by mistake would come back as
confident nonsense. py3langid (langid.py's model of 97 languages, shipped in the wheel, nothing fetched
at run time) was measured against lingua and langdetect on FLORES-200 and on Malay, Javanese,
Sundanese and Tagalog text written for the project (``benchmarks/langid``): it alone refused every
non-Indonesian paragraph while accepting every Indonesian one; lingua has no Javanese or Sundanese
and calls a fifth of Indonesian sentences Malay; langdetect has no Malay at all.

A language's close neighbours are its profile's (``workers/lang``): Malay is Indonesian's, and refusing
real Indonesian is the worse error, so text whose top guess is Malay is still accepted when Indonesian is
at least half as likely. A language the identifier does not know cannot be checked and is accepted.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from functools import cache
from typing import Any

from py3langid.langid import MODEL_FILE, LanguageIdentifier

from workers.lang import Language, profile

SAMPLE_CHARS = 5000
# Below this many words no detector can tell a language from its neighbours; such text is let through.
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


def detect_language(text: str, expected: Language = "id") -> LanguageGuess:
    """The most likely language of ``text`` (its first few thousand characters suffice), accepted when
    it is ``expected`` (a profile or a code) or one of its neighbours with ``expected`` close behind."""
    sample = text[:SAMPLE_CHARS]
    if len(sample.split()) < MIN_WORDS:
        return LanguageGuess("und", 0.0, accepted=True)
    ranked = _identifier().rank(sample)
    code, probability = ranked[0]
    probabilities = dict(ranked)
    wanted = profile(expected)
    # The identifier's codes are ISO 639-1; a profile for a tag (pt-BR) is checked by its language.
    language = wanted.code.split("-")[0]
    margin = wanted.neighbours.get(code)
    accepted = (
        code == language
        or language not in probabilities
        or (margin is not None and probabilities.get(language, 0.0) >= margin * probability)
    )
    return LanguageGuess(code, round(float(probability), 4), accepted)


def language_ranks(text: str, groups: Mapping[str, tuple[str, ...]]) -> list[tuple[str, float]]:
    """Each of ``groups`` (a name and the identifier's codes it covers) with its probability for
    ``text``, most likely first: LibreTranslate's ``/detect`` ranks only the languages a server has."""
    ranked = dict(_identifier().rank(text[:SAMPLE_CHARS]))
    found = [(name, sum(float(ranked.get(code, 0.0)) for code in codes)) for name, codes in groups.items()]
    return sorted(found, key=lambda pair: -pair[1])
