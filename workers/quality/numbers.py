"""Numbers, amounts, dates and times: read the Indonesian way on one side and the English way on the other.

Indonesian writes 4,8 juta and 11.000 where English writes 4.8 million and 11,000, so a number that was
copied character for character into the English ("11.000", "4,8 million") has in fact changed. Both
sides are reduced to values (amounts with their magnitude applied, dates as day and month, times as
hour and minute) and every value of the source must be found in the translation.
"""

from __future__ import annotations

import re
from collections import Counter

Value = tuple[str, float | tuple[int, ...]]

ID_MAGNITUDES = {
    "ribu": 1e3,
    "rb": 1e3,
    "juta": 1e6,
    "jt": 1e6,
    "miliar": 1e9,
    "milyar": 1e9,
    "triliun": 1e12,
}
EN_MAGNITUDES = {"thousand": 1e3, "million": 1e6, "mln": 1e6, "billion": 1e9, "bln": 1e9, "trillion": 1e12}
_EN_WORDS = "one two three four five six seven eight nine ten eleven twelve"
EN_WORDS = {w: i for i, w in enumerate(_EN_WORDS.split(), 1)}
_ID_WORDS = "satu dua tiga empat lima enam tujuh delapan sembilan sepuluh sebelas"
ID_WORDS = {w: i for i, w in enumerate(_ID_WORDS.split(), 1)}
_MONTHS_EN = "january february march april may june july august september october november december"
_MONTHS_ID = "januari februari maret april mei juni juli agustus september oktober november desember"
MONTHS_EN = {m: i for i, m in enumerate(_MONTHS_EN.split(), 1)}
MONTHS_ID = {m: i for i, m in enumerate(_MONTHS_ID.split(), 1)}

_ID_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})(?:/(\d{4}))?\b")
_ID_DATE_WORDS = re.compile(r"\b(\d{1,2}) (" + "|".join(MONTHS_ID) + r")(?: (\d{4}))?\b", re.IGNORECASE)
_ID_TIME = re.compile(r"\bpukul (\d{1,2})[.:](\d{2})\b", re.IGNORECASE)
_ID_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+,\d+|\d+)(?![\w]|[.,]\d)\s*("
                        + "|".join(ID_MAGNITUDES) + r")?\b", re.IGNORECASE)  # fmt: skip
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


def source_values(text: str) -> Counter[Value]:
    """Values in Indonesian text; dates and times first, so their digits are not read again as amounts."""
    values: Counter[Value] = Counter()
    text = _CURRENCY.sub(r"\1 ", text)
    text = _take(_ID_TIME, text, values, lambda m: ("time", (int(m[1]), int(m[2]))))
    text = _take(_ID_DATE_WORDS, text, values, lambda m: _date(m[1], str(MONTHS_ID[m[2].lower()]), m[3]))
    text = _take(_ID_DATE, text, values, lambda m: _date(m[1], m[2], m[3]))
    text = _take(_ID_NUMBER, text, values, lambda m: ("amount", _id_amount(m[1]) * ID_MAGNITUDES.get(
        (m[2] or "").lower(), 1)))  # fmt: skip
    for word, number in ID_WORDS.items():
        values[("amount", float(number))] += len(re.findall(rf"\b{word}\b", text, re.IGNORECASE))
    return +values


def target_values(text: str) -> Counter[Value]:
    values: Counter[Value] = Counter()
    text = _CURRENCY.sub(r"\1 ", text)
    text = _take(_EN_TIME, text, values, _en_time)
    text = _take(_EN_DATE, text, values, _en_date)
    text = _take(_EN_NUMBER, text, values, _en_amount)
    for word, number in EN_WORDS.items():
        values[("amount", float(number))] += len(re.findall(rf"\b{word}\b", text, re.IGNORECASE))
    return +values


def missing_values(source: str, target: str) -> list[Value]:
    """Source values the translation lacks (a date without its year in the English still counts)."""
    wanted, found = source_values(source), target_values(target)
    missing = []
    for value, count in wanted.items():
        have = found[value] + (
            sum(c for v, c in found.items() if _same_date(value, v)) if value[0] == "date" else 0
        )
        if have < count:
            missing.append(value)
    return missing


def _take(pattern: re.Pattern[str], text: str, values: Counter[Value], value_of) -> str:  # type: ignore[no-untyped-def]
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


def _id_amount(raw: str) -> float:
    return float(raw.replace(".", "").replace(",", "."))


def _date(day: str, month: str, year: str | None) -> Value:
    return ("date", (int(day), int(month), int(year)) if year else (int(day), int(month)))


def _en_date(match: re.Match[str]) -> Value:
    if match[1]:
        return _date(match[2], str(MONTHS_EN[match[1].lower()]), match[3])
    return _date(match[4], str(MONTHS_EN[match[5].lower()]), match[6])


def _same_date(wanted: Value, found: Value) -> bool:
    """18/6 in the source is matched by June 18, 2024 in the English (the year was implied)."""
    return found[0] == "date" and len(wanted[1]) == 2 and found[1][:2] == wanted[1]  # type: ignore[index,arg-type]
