"""Making the translation use the glossary's English, and saying how each term fared.

1. ``protect``: each matched Indonesian name is replaced, before translation, by its English target
   (or kept as written for ``keep`` terms). MT models copy a capitalized Latin-script name they are
   given far more reliably than they translate it, so most terms come through untouched.
2. ``restore``: after translation every term is looked for in the output (its target or an accepted
   form: "German" for *Jerman*). A term the model lost or changed is repaired by replacing the target
   span aligned to it (an ``Aligner``: the model's cross-attention, or a backend's alignment output)
   with the canonical target. Nothing is ever appended or prepended, and text outside term spans is
   never touched. A term with no usable alignment is reported as missed, not guessed.

The counts give the WMT terminology task's term success rate: target terms present / source terms found.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from glossary.matcher import Matcher
from glossary.model import Term

APPLIED, REPAIRED, MISSED = "applied", "repaired", "missed"
# An aligned span much longer than the term is attention gone astray: replacing it would eat real text.
MAX_REPAIR_WORDS_OVER_TARGET = 2

# (model input, model output, span of a term in the input) -> span in the output, or None.
Aligner = Callable[[str, str, tuple[int, int]], tuple[int, int] | None]


@dataclass(frozen=True)
class TermUse:
    term: Term
    source_text: str  # as written in the original sentence
    source_span: tuple[int, int]  # in the original sentence
    input_span: tuple[int, int]  # in the text given to the model

    @property
    def injected(self) -> str:
        return self.source_text if self.term.keep else self.term.target


@dataclass(frozen=True)
class ProtectedText:
    original: str
    text: str
    uses: tuple[TermUse, ...]


@dataclass(frozen=True)
class TermResult:
    use: TermUse
    status: str
    target_span: tuple[int, int] | None  # in the final translation

    def to_dict(self, target: str) -> dict[str, Any]:
        span = self.target_span
        return {
            "term_id": self.use.term.id,
            "source": self.use.source_text,
            "source_span": list(self.use.source_span),
            "target": target[span[0] : span[1]] if span else self.use.term.target,
            "target_span": list(span) if span else None,
            "canonical": self.use.term.target,
            "type": self.use.term.type,
            "status": self.status,
        }


def protect(sentence: str, matcher: Matcher) -> ProtectedText:
    parts: list[str] = []
    uses: list[TermUse] = []
    cursor, length = 0, 0
    for match in matcher.find(sentence):
        before = sentence[cursor : match.start]
        parts.append(before)
        length += len(before)
        injected = match.text if match.term.keep else match.term.target
        uses.append(
            TermUse(match.term, match.text, (match.start, match.end), (length, length + len(injected)))
        )
        parts.append(injected)
        length += len(injected)
        cursor = match.end
    parts.append(sentence[cursor:])
    return ProtectedText(sentence, "".join(parts), tuple(uses))


def restore(protected: ProtectedText, translation: str, align: Aligner) -> tuple[str, list[TermResult]]:
    """The translation with every term present where possible, and each term's outcome."""
    claimed: list[tuple[int, int]] = []
    found: dict[int, tuple[int, int]] = {}
    for i, use in enumerate(protected.uses):
        span = _find_rendering(translation, use, claimed)
        if span:
            found[i] = span
            claimed.append(span)
    repairs: dict[int, tuple[int, int]] = {}
    for i, use in enumerate(protected.uses):
        if i in found:
            continue
        span = align(protected.text, translation, use.input_span)
        if span is not None and _repairable(translation, span, use, [*claimed, *repairs.values()]):
            repairs[i] = span
    return _apply_repairs(protected, translation, found, repairs)


def _find_rendering(translation: str, use: TermUse, claimed: list[tuple[int, int]]) -> tuple[int, int] | None:
    renderings = (use.source_text,) if use.term.keep else use.term.renderings
    for rendering in sorted(renderings, key=len, reverse=True):
        for match in re.finditer(rf"(?<!\w){re.escape(rendering)}(?!\w)", translation, re.IGNORECASE):
            span = match.span()
            if any(_overlap(span, other) for other in claimed):
                continue
            if rendering != use.term.target and _NAME_GOES_ON.match(translation, span[1]):
                continue  # "Kim" inside a mangled "Kim Jony Un" is not the surname on its own
            return span
    return None


_NAME_GOES_ON = re.compile(r"[ -][A-Z]")


def _repairable(translation: str, span: tuple[int, int], use: TermUse, taken: list[tuple[int, int]]) -> bool:
    if any(_overlap(span, other) or span == other for other in taken):
        return False
    words = len(translation[span[0] : span[1]].split())
    return words <= len(use.injected.split()) + MAX_REPAIR_WORDS_OVER_TARGET


def _apply_repairs(
    protected: ProtectedText,
    translation: str,
    found: dict[int, tuple[int, int]],
    repairs: dict[int, tuple[int, int]],
) -> tuple[str, list[TermResult]]:
    pieces, cursor, shift = [], 0, 0
    repaired_spans: dict[int, tuple[int, int]] = {}
    deltas: list[tuple[int, int]] = []  # (end of the replaced span in the model output, length change)
    for i, (start, end) in sorted(repairs.items(), key=lambda kv: kv[1]):
        injected = protected.uses[i].injected
        before, after = _padding(translation, start, end)
        pieces += [translation[cursor:start], before, injected, after]
        new_start = start + shift + len(before)
        repaired_spans[i] = (new_start, new_start + len(injected))
        delta = len(before) + len(injected) + len(after) - (end - start)
        shift += delta
        deltas.append((end, delta))
        cursor = end
    pieces.append(translation[cursor:])
    results = []
    for i, use in enumerate(protected.uses):
        if i in found:
            move = sum(d for end, d in deltas if end <= found[i][0])
            results.append(TermResult(use, APPLIED, (found[i][0] + move, found[i][1] + move)))
        elif i in repairs:
            results.append(TermResult(use, REPAIRED, repaired_spans[i]))
        else:
            results.append(TermResult(use, MISSED, None))
    return "".join(pieces), results


def _padding(text: str, start: int, end: int) -> tuple[str, str]:
    """Spaces needed around a term put back where the model dropped it (an empty span)."""
    if start != end:
        return "", ""
    before = "" if start == 0 or text[start - 1].isspace() else " "
    after = "" if start == len(text) or text[start].isspace() or not text[start].isalnum() else " "
    return before, after


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def report(statuses: list[str]) -> dict[str, Any]:
    """Counts and the WMT term success rate (target terms present / source terms found)."""
    found = len(statuses)
    applied, repaired = statuses.count(APPLIED), statuses.count(REPAIRED)
    return {
        "terms_found": found,
        "terms_applied": applied + repaired,
        "terms_repaired": repaired,
        "terms_missed": found - applied - repaired,
        "term_success_rate": round((applied + repaired) / found, 4) if found else None,
    }
