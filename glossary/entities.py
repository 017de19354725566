"""Named entities the glossary does not know, found in text without a model.

Indonesian capitalizes proper names and little else, so runs of capitalized words are the candidates;
what makes it work is what is taken away: sentence-initial function words (*Ia*, *Namun*), titles in
front of a name (*Presiden*, *Menteri*), single capitalized common words. The type is a guess from
keywords (*Kementerian …* is an organization, *Kabupaten …* a place) and context (*di …*). Those words
are the source language's ``WordRules`` (Indonesian's by default, ``glossary/indonesian.py``); the
method is the same for any language that capitalizes names. Measured against the IndoNLU NER test sets
by ``benchmarks/glossary/entity_detection.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from glossary.indonesian import INDONESIAN
from glossary.language import WordRules

_TOKEN = re.compile(r"[^\W\d_][\w'’.-]*[\w]|[^\W\d_]")
# Lower-case words that may sit inside a name: "Universitas Gadjah Mada", "Abdullah bin Ahmad".
_CONNECTORS = frozenset({"bin", "binti", "van", "der", "de", "da", "al", "el", "von", "la"})
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9]{1,6}$")
Run = list[tuple[int, int, str]]  # tokens as (start, end, text)


@dataclass(frozen=True)
class Entity:
    start: int
    end: int
    text: str
    type: str  # person, organization, place


def lowercase_vocabulary(texts: list[str]) -> frozenset[str]:
    """Words a job writes in lower case somewhere: capitalized at a sentence start, they are not names."""
    return frozenset(m.group() for text in texts for m in _TOKEN.finditer(text) if m.group()[0].islower())


def find_entities(
    sentence: str,
    taken: list[tuple[int, int]] | None = None,
    common: frozenset[str] = frozenset(),
    words: WordRules = INDONESIAN,
) -> list[Entity]:
    """Entities in ``sentence``, skipping spans in ``taken`` (the glossary's matches).

    ``common`` is the job's ``lowercase_vocabulary``: a sentence's first word found there is dropped.
    ``words`` are the source language's titles, starters and type keywords.
    """
    tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(sentence)]
    taken = taken or []
    entities = []
    for run in _capitalized_runs(tokens, sentence):
        if run[0] == tokens[0] and run[0][2].lower() in common:
            run = run[1:]
        run = _strip(run, tokens, words)
        if not run or all(t[2].lower() in common for t in run):
            continue  # a title-case headline of common words
        start, end = run[0][0], run[-1][1]
        if any(start < e and s < end for s, e in taken):
            continue
        text = sentence[start:end]
        if len(run) == 1 and _common_word(text, words):
            continue
        entities.append(Entity(start, end, text, _guess_type(run, sentence, words)))
    return entities


def _capitalized_runs(tokens: Run, sentence: str) -> list[Run]:
    runs: list[Run] = []
    current: Run = []
    for i, token in enumerate(tokens):
        word = token[2]
        gap = sentence[current[-1][1] : token[0]] if current else " "
        joined = gap.strip() in ("", "-")
        if (word[0].isupper() and joined) or (
            word in _CONNECTORS and current and i + 1 < len(tokens) and tokens[i + 1][2][0].isupper()
        ):
            current.append(token)
        else:
            if current:
                runs.append(current)
            current = [token] if word[0].isupper() else []
    if current:
        runs.append(current)
    return runs


def _strip(run: Run, tokens: Run, words: WordRules) -> Run:
    """Drop leading titles and sentence starters and trailing connectors."""
    titles = words.titles
    while run and (run[0][2].lower().rstrip(".") in titles or run[0][2].lower() in words.sentence_starters
                   or run[0][2] in _CONNECTORS):  # fmt: skip
        run = run[1:]
    while run and (run[-1][2] in _CONNECTORS or run[-1][2].lower().rstrip(".") in titles):
        run = run[:-1]
    if len(run) == 1 and run[0] == tokens[0] and not _ACRONYM.match(run[0][2]):
        return []  # a lone capitalized first word is the sentence's capital, not evidence of a name
    return run


def _common_word(word: str, words: WordRules) -> bool:
    return word.lower() in words.never_alone


def _guess_type(run: Run, sentence: str, words: WordRules) -> str:
    lowered = [t[2].lower() for t in run]
    if any(w in words.organization_words for w in lowered) or (len(run) == 1 and _ACRONYM.match(run[0][2])):
        return "organization"
    if any(w in words.place_words for w in lowered):
        return "place"
    before = sentence[: run[0][0]].split()
    if before and before[-1].lower() in words.place_context:
        return "place"
    return "person"
