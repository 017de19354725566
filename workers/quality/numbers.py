"""Numbers, amounts, dates and times: read the source language's way on one side and the English way on
the other.

Indonesian writes 4,8 juta and 11.000 where English writes 4.8 million and 11,000, so a number that was
copied character for character into the English ("11.000", "4,8 million") has in fact changed. Both
sides are reduced to values (amounts with their magnitude applied, dates as day and month, times as
hour and minute) and every value of the source must be found in the translation. How the source writes
them is its profile's ``NumberForms`` (``workers/lang``; Indonesian by default): separators, magnitude
and number words, month names, and dates as CLDR patterns, read here into regular expressions.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache

from workers.lang import Language, NumberForms, profile
from workers.lang.en import MAGNITUDES as EN_MAGNITUDES
from workers.lang.en import MONTHS as MONTHS_EN
from workers.lang.en import NUMBER_WORDS as EN_WORDS

Value = tuple[str, float | tuple[int, ...]]

_EN_MONTH = "|".join(MONTHS_EN)
_EN_DATE = re.compile(
    rf"\b(?:({_EN_MONTH})\.? (\d{{1,2}})(?:st|nd|rd|th)?(?:,? (\d{{4}}))?"
    rf"|(\d{{1,2}})(?:st|nd|rd|th)? (?:of )?({_EN_MONTH})(?:,? (\d{{4}}))?)\b",
    re.IGNORECASE,
)
_EN_TIME = re.compile(r"\b(\d{1,2}):(\d{2})(?:\s*([ap])\.?m\b\.?)?", re.IGNORECASE)
_CURRENCY = re.compile(r"(Rp\.?|US\$|S\$|RM|\$|€|£)(?=\d)")
_EN_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+|\d+)(?:st|nd|rd|th)?"
                        r"(?![\w]|[.,]\d)\s*("
                        + "|".join(EN_MAGNITUDES) + r")?\b", re.IGNORECASE)  # fmt: skip
# The spaces that group digits where CLDR's group symbol is one (French, Russian, Swedish…).
_SPACES = " \u00a0\u202f"
# One token of a CLDR date pattern: a quoted literal, a run of one field letter, or other literal text.
_CLDR_TOKEN = re.compile(r"'(?:[^']|'')*'|([A-Za-z])\1*|[^A-Za-z']+")


@dataclass(frozen=True)
class _SourcePatterns:
    """A language's ``NumberForms`` as the expressions that read them, in the order they are applied."""

    time: re.Pattern[str]
    date_words: re.Pattern[str] | None
    date: re.Pattern[str] | None
    number: re.Pattern[str]
    words: tuple[tuple[re.Pattern[str], float], ...]


@cache
def _patterns(forms: NumberForms) -> _SourcePatterns:
    """Compiled once per language: ``NumberForms`` are compared by identity and profiles built once."""
    if forms.time_words:
        time = re.compile(r"\b(?:" + "|".join(forms.time_words) + r") (\d{1,2})[.:](\d{2})\b", re.IGNORECASE)
    else:
        time = re.compile(r"\b(\d{1,2}):(\d{2})\b")
    group, decimal = re.escape(forms.group), re.escape(forms.decimal)
    if forms.group.isspace():
        group = f"[{_SPACES}]"  # CLDR's narrow no-break space, written as any of them (1 000 000)
    # A separator next to a number means it goes on (a list of numbers, a version): never one value.
    separators = dict.fromkeys(c for c in f".,{forms.group}{forms.decimal}" if not c.isspace())
    marks = "".join("\\" + c if c in "\\[]^-" else c for c in separators)
    magnitudes = "|".join(map(re.escape, forms.magnitudes)) or "(?!)"
    number = re.compile(rf"(?<![\w{marks}])(\d{{1,3}}(?:{group}\d{{3}})+(?:{decimal}\d+)?|\d+{decimal}\d+"
                        rf"|\d+)(?![\w]|[{marks}]\d)\s*({magnitudes})?\b", re.IGNORECASE)  # fmt: skip
    words = tuple(
        (re.compile(rf"\b{re.escape(word)}\b", re.IGNORECASE), float(number))
        for word, number in forms.number_words.items()
    )
    return _SourcePatterns(
        time=time,
        date_words=_date_expression(forms.date_pattern, forms.months),
        date=_date_expression(forms.numeric_date_pattern, forms.months),
        number=number,
        words=words,
    )


def _date_expression(pattern: str, months: Mapping[str, int]) -> re.Pattern[str] | None:
    """A CLDR date pattern ("d MMMM y", "d 'de' MMMM 'de' y") as an expression with named groups, or None
    where it needs month names the language has none of. A year that comes last is optional together
    with the text before it (18 Juni is a date too)."""
    parts: list[tuple[bool, str]] = []  # (a field, its expression)
    for token in _CLDR_TOKEN.finditer(pattern):
        text, letter = token.group(), token.group(1)
        if letter == "d":
            parts.append((True, r"(?P<day>\d{1,2})"))
        elif letter in ("M", "L") and len(text) >= 3:
            if not months:
                return None
            names = "|".join(map(re.escape, sorted(months, key=len, reverse=True)))
            parts.append((True, rf"(?P<month>{names})"))
        elif letter in ("M", "L"):
            parts.append((True, r"(?P<month>\d{1,2})"))
        elif letter == "y":
            parts.append((True, r"(?P<year>\d{4})"))
        elif letter:
            parts.append((True, r"[^\W\d_]+"))  # a weekday or an era
        elif text.startswith("'"):
            parts.append((False, re.escape(text[1:-1].replace("''", "'") or "'")))
        else:
            parts.append((False, "".join(r"\s" if c.isspace() and c != " " else re.escape(c) for c in text)))
    expressions = [expression for _, expression in parts]
    if parts and parts[-1][1] == r"(?P<year>\d{4})":
        first = len(parts) - 1
        while first > 0 and not parts[first - 1][0]:
            first -= 1
        expressions[first:] = ["(?:" + "".join(expressions[first:]) + ")?"]
    expression = re.compile(r"\b" + "".join(expressions) + r"\b", re.IGNORECASE)
    # A pattern without a day or a month (a month and year only) says nothing this check compares.
    return expression if {"day", "month"} <= expression.groupindex.keys() else None


def source_values(text: str, language: Language = "id") -> Counter[Value]:
    """Values in text in ``language`` (Indonesian by default); dates and times first, so their digits are
    not read again as amounts."""
    forms = profile(language).numbers
    patterns = _patterns(forms)
    values: Counter[Value] = Counter()
    text = _CURRENCY.sub(r"\1 ", text)
    text = _take(patterns.time, text, values, lambda m: ("time", (int(m[1]), int(m[2]))))
    for date in (patterns.date_words, patterns.date):
        if date is not None:
            text = _take(date, text, values, lambda m: _date(m["day"], _month(m["month"], forms), m["year"]))
    text = _take(patterns.number, text, values, lambda m: _amount(m, forms))
    for word, number in patterns.words:
        values[("amount", number)] += len(word.findall(text))
    return +values


def target_values(text: str) -> Counter[Value]:
    """Values in English text."""
    values: Counter[Value] = Counter()
    text = _CURRENCY.sub(r"\1 ", text)
    text = _take(_EN_TIME, text, values, _en_time)
    text = _take(_EN_DATE, text, values, _en_date)
    text = _take(_EN_NUMBER, text, values, _en_amount)
    for word, number in EN_WORDS.items():
        values[("amount", float(number))] += len(re.findall(rf"\b{word}\b", text, re.IGNORECASE))
    return +values


def missing_values(source: str, target: str, language: Language = "id") -> list[Value]:
    """Values of ``source`` (in ``language``) the English translation lacks (a date without its year in
    the English still counts)."""
    wanted, found = source_values(source, language), target_values(target)
    missing = []
    for value, count in wanted.items():
        have = found[value] + (
            sum(c for v, c in found.items() if _same_date(value, v)) if value[0] == "date" else 0
        )
        if have < count:
            missing.append(value)
    return missing


ValueOf = Callable[[re.Match[str]], Value]


def _take(pattern: re.Pattern[str], text: str, values: Counter[Value], value_of: ValueOf) -> str:
    for match in pattern.finditer(text):
        values[value_of(match)] += 1
    return pattern.sub(" ", text)


def _en_time(match: re.Match[str]) -> Value:
    """2:45 p.m. is 14:45, 12:10 a.m. is 00:10: times compare on the 24-hour clock Indonesian uses."""
    hour, minute, half = int(match[1]), int(match[2]), (match[3] or "").lower()
    if half == "p" and hour < 12:
        hour += 12
    elif half == "a" and hour == 12:
        hour = 0
    return "time", (hour, minute)


def _en_amount(match: re.Match[str]) -> Value:
    return "amount", float(match[1].replace(",", "")) * EN_MAGNITUDES.get((match[2] or "").lower(), 1)


def _amount(match: re.Match[str], forms: NumberForms) -> Value:
    digits = match[1].replace(forms.group, "")
    if forms.group.isspace():
        digits = re.sub(f"[{_SPACES}]", "", digits)
    number = float(digits.replace(forms.decimal, "."))
    return "amount", number * forms.magnitudes.get((match[2] or "").lower(), 1)


def _month(written: str, forms: NumberForms) -> str:
    """A month as its number, written in digits or as a name."""
    return written if written.isdigit() else str(forms.months[written.lower()])


def _date(day: str, month: str, year: str | None) -> Value:
    return ("date", (int(day), int(month), int(year)) if year else (int(day), int(month)))


def _en_date(match: re.Match[str]) -> Value:
    if match[1]:
        return _date(match[2], str(MONTHS_EN[match[1].lower()]), match[3])
    return _date(match[4], str(MONTHS_EN[match[5].lower()]), match[6])


def _same_date(wanted: Value, found: Value) -> bool:
    """18/6 in the source is matched by June 18, 2024 in the English (the year was implied)."""
    day_month, date = wanted[1], found[1]
    if found[0] != "date" or not isinstance(day_month, tuple) or not isinstance(date, tuple):
        return False
    return len(day_month) == 2 and date[:2] == day_month
