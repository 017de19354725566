"""Glossary files in the shapes translators already have: DeepL's and Google's, and Warta's JSON.

- ``tsv`` and ``csv``: two columns, Indonesian source then English target, one row per source form
  (DeepL's glossary files; Google's unidirectional glossaries). DeepL's four-column CSV
  (``source,target,id,en``) is read too.
- ``csv-sets``: Google's equivalent-term sets, a header row of language codes (``id,en``) and one row
  per set.
- ``json``: Warta's own, with types, alternative English forms, ``keep`` and case rules.

Two-column files carry no ids or types: sources that share a target become one term. Every problem is
reported with the line (or JSON member) it is on, so a user can fix a 10,000-line file.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from typing import Any

from pydantic import ValidationError

from glossary.entry import TermEntry
from glossary.model import Glossary, Term, normalize_term, slug

FORMATS = ("tsv", "csv", "csv-sets", "json")
_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(?:[-_][A-Za-z]{2,4})?$")
_SET_EXTRA_COLUMNS = {"pos", "description"}


class GlossaryFormatError(ValueError):
    def __init__(self, message: str, line: int | None = None, member: str | None = None) -> None:
        where = f"line {line}: " if line else (f"{member}: " if member else "")
        super().__init__(where + message)
        self.line, self.member, self.problem = line, member, message


def parse_glossary(data: str, fmt: str, name: str = "glossary") -> Glossary:
    if fmt == "json":
        return _parse_json(data, name)
    if fmt == "tsv":
        rows = [(n, line.split("\t")) for n, line in enumerate(data.splitlines(), 1) if line.strip()]
        return _from_pairs(_two_columns(rows, "tab-separated"), name)
    if fmt in ("csv", "csv-sets"):
        rows = [
            (n, row) for n, row in enumerate(csv.reader(io.StringIO(data)), 1) if any(c.strip() for c in row)
        ]
        if rows and _is_language_header(rows[0][1]):
            return _from_pairs(_equivalent_sets(rows), name)
        return _from_pairs(_two_columns(rows, "comma-separated"), name)
    raise GlossaryFormatError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def dump_glossary(glossary: Glossary, fmt: str) -> str:
    pairs = [(s, t.target) for t in glossary.terms for s in t.sources]
    if fmt == "tsv":
        return "".join(f"{s}\t{t}\n" for s, t in pairs)
    if fmt in ("csv", "csv-sets"):
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        if fmt == "csv-sets":
            writer.writerow(["id", "en"])
        writer.writerows(pairs)
        return out.getvalue()
    if fmt == "json":
        body = {
            "name": glossary.name,
            "version": glossary.version,
            "terms": [t.to_dict() for t in glossary.terms],
        }
        return json.dumps(body, ensure_ascii=False, indent=1) + "\n"
    raise GlossaryFormatError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def _two_columns(rows: list[tuple[int, list[str]]], kind: str) -> Iterable[tuple[int, str, str]]:
    for number, cells in rows:
        if len(cells) == 4 and [c.strip().lower() for c in cells[2:]] == ["id", "en"]:
            cells = cells[:2]
        if len(cells) != 2:
            raise GlossaryFormatError(
                f"expected 2 {kind} columns (Indonesian source, English target), found {len(cells)}", number
            )
        yield number, cells[0], cells[1]


def _is_language_header(cells: list[str]) -> bool:
    codes = [c.strip() for c in cells]
    return (
        "id" in codes
        and "en" in codes
        and all(_LANGUAGE_CODE.match(c) or c in _SET_EXTRA_COLUMNS for c in codes)
    )


def _equivalent_sets(rows: list[tuple[int, list[str]]]) -> Iterable[tuple[int, str, str]]:
    header = [c.strip() for c in rows[0][1]]
    source_col, target_col = header.index("id"), header.index("en")
    for number, cells in rows[1:]:
        if len(cells) != len(header):
            raise GlossaryFormatError(
                f"expected {len(header)} columns as in the header, found {len(cells)}", number
            )
        yield number, cells[source_col], cells[target_col]


def _from_pairs(pairs: Iterable[tuple[int, str, str]], name: str) -> Glossary:
    sources_of: dict[str, list[str]] = {}
    first_seen: dict[str, tuple[int, str]] = {}
    for number, raw_source, raw_target in pairs:
        source, target = normalize_term(raw_source), normalize_term(raw_target)
        if not source or not target:
            raise GlossaryFormatError("empty " + ("source" if not source else "target"), number)
        seen = first_seen.get(source)
        if seen and seen[1] != target:
            raise GlossaryFormatError(
                f"{source!r} already maps to {seen[1]!r} on line {seen[0]}; a source needs one target", number
            )
        first_seen.setdefault(source, (number, target))
        sources_of.setdefault(target, []).append(source)
    ids: set[str] = set()
    terms = []
    for target, sources in sources_of.items():
        terms.append(Term(id=slug(target, ids), target=target, sources=tuple(sources)))
        ids.add(terms[-1].id)
    return Glossary(name, tuple(terms))


def _parse_json(data: str, name: str) -> Glossary:
    try:
        body = json.loads(data)
    except json.JSONDecodeError as error:
        raise GlossaryFormatError(f"invalid JSON: {error.msg}", error.lineno) from None
    raw_terms = body.get("terms") if isinstance(body, dict) else body
    name = str(body.get("name", name)) if isinstance(body, dict) else name
    return Glossary(name, parse_terms(raw_terms))


def parse_terms(raw_terms: Any, prefix: str = "terms") -> tuple[Term, ...]:
    """Terms given as JSON objects (a glossary file's, or a job's inline ``terms``)."""
    if not isinstance(raw_terms, list):
        raise GlossaryFormatError("expected a list of term objects", member=prefix)
    terms: list[Term] = []
    owner: dict[str, str] = {}
    ids: set[str] = set()
    for i, raw in enumerate(raw_terms):
        term = _json_term(raw, f"{prefix}[{i}]", ids)
        for source in term.sources:
            if owner.setdefault(source, term.id) != term.id:
                raise GlossaryFormatError(f"source {source!r} is already in term {owner[source]!r}",
                                          member=f"{prefix}[{i}]")  # fmt: skip
        terms.append(term)
        ids.add(term.id)
    if len(ids) != len(terms):
        raise GlossaryFormatError("term ids must be unique", member=prefix)
    return tuple(terms)


def _json_term(raw: Any, where: str, taken: set[str]) -> Term:
    try:
        entry = TermEntry.model_validate(raw)
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        if not first["loc"]:
            raise GlossaryFormatError("each term must be an object", member=where) from None
        member = str(first["loc"][0])
        raise GlossaryFormatError(f'"{member}" must be {TermEntry.hints.get(member, "valid")}',
                                  member=f"{where}.{member}") from None  # fmt: skip
    return Term(
        id=entry.id or slug(entry.target, taken), target=entry.target, sources=tuple(entry.sources),
        type=str(entry.type), forms=tuple(entry.forms), keep=entry.keep, case_sensitive=entry.case_sensitive,
        extra=dict(entry.model_extra or {}),
    )  # fmt: skip
