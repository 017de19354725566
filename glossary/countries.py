"""Country and territory terms generated from CLDR (through babel), in wire-service English.

CLDR gives every territory's Indonesian and English name; its English is UI English ("St. Kitts &
Nevis", "Congo - Kinshasa", "Türkiye"), not what AP and Reuters print, so a few systematic rewrites and
a short table of AP-style names turn it into newsroom English. Adjectives and demonyms come from
``data/country_forms.tsv`` so that "pemerintah Jerman" may become "the German government".
"""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

from babel import Locale, UnknownLocaleError

from glossary.model import Term

DATA = Path(__file__).with_name("data")
# Not countries or territories: the EU, the eurozone, the UN, pseudo-locales, "unknown region".
SKIP = frozenset({"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"})
# Where AP/Reuters style differs from CLDR's English (after the systematic rewrites below).
WIRE_STYLE = {
    "CD": "Congo", "CG": "Republic of Congo", "CI": "Ivory Coast", "CZ": "Czech Republic",
    "GB": "Britain", "HK": "Hong Kong", "MO": "Macao", "PS": "Palestinian territories", "TL": "East Timor",
    "TR": "Turkey", "VA": "Vatican", "ST": "Sao Tome and Principe", "CV": "Cape Verde",
}  # fmt: skip
# Other English names the press also uses; accepted in the output, never forced.
EXTRA_FORMS = {
    "US": ("U.S.", "US", "America"), "GB": ("United Kingdom", "U.K.", "UK"), "CZ": ("Czechia",),
    "CI": ("Cote d'Ivoire", "Côte d’Ivoire"), "TL": ("Timor-Leste",), "TR": ("Türkiye",), "MM": ("Burma",),
    "CD": ("Democratic Republic of Congo", "DRC", "DR Congo"), "KP": ("DPRK",), "NL": ("Holland",),
    "VA": ("Vatican City", "Holy See"), "PS": ("Palestine",), "CN": ("Chinese mainland",),
}  # fmt: skip
# Indonesian names CLDR writes in a UI style nobody types.
INDONESIAN_STYLE = {
    "CD": ("Republik Demokratik Kongo", "RD Kongo", "Kongo-Kinshasa"),
    "CG": ("Republik Kongo", "Kongo-Brazzaville"),
    "CI": ("Pantai Gading", "Côte d’Ivoire"),
    "HK": ("Hong Kong",),
    "MO": ("Makau", "Makao"),
    "PS": ("Wilayah Palestina",),
}


def _english(code: str, name: str) -> str:
    if code in WIRE_STYLE:
        return WIRE_STYLE[code]
    name = re.sub(r"\s*\(.*?\)", "", name)
    return re.sub(r"\bSt\. ", "Saint ", name.replace(" & ", " and "))


def _indonesian(code: str, name: str) -> tuple[str, ...]:
    if code in INDONESIAN_STYLE:
        return INDONESIAN_STYLE[code]
    name = name.replace(" & ", " dan ").replace("Kep. ", "Kepulauan ")
    inner = re.findall(r"\((.*?)\)", name)
    base = re.sub(r"\s*\(.*?\)", "", name)
    return (base, *[f"{base} ({i})" for i in inner])


def _forms_table() -> dict[str, tuple[str, ...]]:
    path = DATA / "country_forms.tsv"
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        return {
            row["code"]: tuple(
                f.strip() for col in ("adjective", "people") for f in (row[col] or "").split(",") if f.strip()
            )
            for row in rows
        }


@cache
def country_terms() -> tuple[Term, ...]:
    english, indonesian = Locale("en").territories, Locale("id").territories
    forms = _forms_table()
    terms = []
    for code in sorted(english):
        if not (len(code) == 2 and code.isalpha()) or code in SKIP or code not in indonesian:
            continue
        target = _english(code, english[code])
        extra_forms = tuple(f for f in (*EXTRA_FORMS.get(code, ()), *forms.get(code, ())) if f != target)
        terms.append(Term(
            id=f"country-{code.lower()}", target=target, sources=_indonesian(code, indonesian[code]),
            type="place", forms=tuple(dict.fromkeys(extra_forms)), extra={"iso": code},
        ))  # fmt: skip
    return tuple(terms)


@cache
def territory_terms(source: str, target: str) -> tuple[Term, ...]:
    """Every country and territory under its CLDR name in ``source``, rendered as CLDR names it in
    ``target``: the default glossary of a pair other than Indonesian→English, which has no curated
    newsroom names. A name CLDR qualifies in brackets is also matched without them; a source name two
    territories share (none in CLDR today) is left out rather than guessed. A language CLDR does not
    know has no names to give: its pairs' default glossary is empty.
    """
    try:
        names, renderings = _territories(source), _territories(target)
    except (UnknownLocaleError, ValueError):
        return ()
    terms: list[Term] = []
    taken: set[str] = set()
    for code in sorted(names):
        if not (len(code) == 2 and code.isalpha()) or code in SKIP or code not in renderings:
            continue
        full, plain = names[code], re.sub(r"\s*\(.*?\)", "", names[code])
        sources = tuple(s for s in dict.fromkeys((plain, full)) if s.casefold() not in taken)
        if not sources:
            continue
        taken.update(s.casefold() for s in sources)
        target_name = re.sub(r"\s*\(.*?\)", "", renderings[code])
        terms.append(Term(id=f"country-{code.lower()}", target=target_name, sources=sources, type="place",
                          extra={"iso": code}))  # fmt: skip
    return tuple(terms)


def _territories(code: str) -> dict[str, str]:
    return dict(Locale.parse(code, sep="-").territories)
