"""Alternative translations from the model's beam (LibreTranslate's ``alternatives``).

LibreTranslate answers ``alternatives: N`` with the beam's next N hypotheses of the text, deduplicated,
without empty ones and without the translation itself, so there may be fewer than N. Warta does the
same with its own model: each sentence's n-best is asked for, and the k-th alternative of a text is its
sentences' k-th hypotheses, line by line, with its line breaks kept. These are the raw model's
hypotheses: neither the glossary nor the translation memory nor a suggestion touches them, which is why
they are offered as alternatives and never as the answer.
"""

from __future__ import annotations

import re
from typing import Protocol

from workers.text.prepare import prepare_text

_LINES = re.compile(r"(\r\n|\r|\n)")
# The widest beam Warta asks for (LibreTranslate's --alternatives-limit; its default is no limit).
MAX_ALTERNATIVES = 10


class NBest(Protocol):
    def hypotheses(self, texts: list[str], count: int) -> list[list[str]]: ...


def alternatives(
    texts: list[str], translations: list[str], count: int, model: NBest, batch_size: int = 16
) -> list[list[str]]:
    """Up to ``count`` alternatives to each of ``translations`` (the English of ``texts``)."""
    lines = [[_split(chunk) for chunk in _LINES.split(text)] for text in texts]
    sentences = [s for text in lines for _lead, found, _trail in text for s in found]
    best: list[list[str]] = []
    for start in range(0, len(sentences), max(1, batch_size)):
        best += model.hypotheses(sentences[start : start + batch_size], count + 1)
    made = iter(best)
    answers = []
    for text, translation in zip(lines, translations, strict=True):
        per_line = [(lead, [next(made) for _ in found], trail) for lead, found, trail in text]
        candidates = [_nth(per_line, k) for k in range(1, count + 1)]
        answers.append(_unique(candidates, translation))
    return answers


def _split(chunk: str) -> tuple[str, list[str], str]:
    """A line as its leading space, its sentences and its trailing space (a line break: no sentences)."""
    if not chunk.strip() or _LINES.fullmatch(chunk):
        return chunk, [], ""
    stripped = chunk.strip()
    lead = chunk[: len(chunk) - len(chunk.lstrip())]
    return lead, prepare_text(chunk, clean=False).sentences, chunk[len(lead) + len(stripped) :]


def _nth(per_line: list[tuple[str, list[list[str]], str]], k: int) -> str:
    """The text made of every sentence's k-th hypothesis (its last where the beam gave fewer)."""
    parts = []
    for lead, hypotheses, trail in per_line:
        parts.append(lead + " ".join(h[min(k, len(h) - 1)] for h in hypotheses if h) + trail)
    return "".join(parts)


def _unique(candidates: list[str], translation: str) -> list[str]:
    seen = {translation.strip()}
    kept = []
    for candidate in candidates:
        if candidate.strip() and candidate.strip() not in seen:
            seen.add(candidate.strip())
            kept.append(candidate)
    return kept
