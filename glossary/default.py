"""The glossary every job starts from: CLDR countries plus the curated names of the news.

Curated entries (``data/curated.json``: Indonesian variants such as *Korut* and *Tiongkok*, cities,
international organizations, Indonesian institutions, heads of state and government) win over the
generated country names where both define a source form. A user's glossary wins over both.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from glossary.countries import country_terms
from glossary.formats import parse_glossary
from glossary.model import Glossary, Term

CURATED = Path(__file__).with_name("data") / "curated.json"
DEFAULT_NAME = "default"


@cache
def default_glossary() -> Glossary:
    countries = Glossary("countries", country_terms())
    if not CURATED.exists():
        return Glossary(DEFAULT_NAME, countries.terms)
    curated = parse_glossary(CURATED.read_text(encoding="utf-8"), "json", "curated")
    return Glossary(DEFAULT_NAME, countries.overridden_by(curated).terms)


def job_glossary(name: str | None, inline: tuple[Term, ...] = ()) -> Glossary:
    """What a job applies: the named glossary (only ``default`` so far, or none) under its inline terms."""
    base = default_glossary() if name == DEFAULT_NAME else Glossary("none", ())
    return base.overridden_by(Glossary("inline", inline)) if inline else base
