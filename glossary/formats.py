"""Glossary files in the shapes translators already have: DeepL's and Google's, and Warta's JSON.

- ``tsv`` and ``csv``: two columns, Indonesian source then English target, one row per source form
  (DeepL's glossary files; Google's unidirectional glossaries). DeepL's four-column CSV
  (``source,target,id,en``) is read too.
- ``csv-sets``: Google's equivalent-term sets, a header row of language codes (``id,en``) and one row
  per set.
- ``json``: Warta's own, with types, alternative English forms, ``keep`` and case rules.

Two-column files carry no ids or types: sources that share a target become one term. Every problem is
reported with the line (or JSON member) it is on, so a user can fix a 10,000-line file.

Every step is linear in the terms (a 50,000-term file is read in about a second), and a caller's cap on
the terms is checked on the first, cheap pass, before any term is built.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from typing import Any

from pydantic import ValidationError

from glossary.entry import NOT_IN_XML, TermEntry
from glossary.json_text import parse_json, surrogate_in
from glossary.model import Glossary, Slugs, Term, normalize_term

FORMATS = ("tsv", "csv", "csv-sets", "json")
_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(?:[-_][A-Za-z]{2,4})?$")
_SET_EXTRA_COLUMNS = {"pos", "description"}


class GlossaryFormatError(ValueError):
    def __init__(self, message: str, line: int | None = None, member: str | None = None) -> None:
        where = f"line {line}: " if line else (f"{member}: " if member else "")
        super().__init__(where + message)
        self.line, self.member, self.problem = line, member, message


class GlossaryTooLarge(ValueError):
    """More terms than the caller's cap, found by counting before any term was built: an upload over
    the cap is refused in the time it takes to read its rows, not after all of them became terms."""

    def __init__(self, count: int, limit: int) -> None:
        super().__init__(f"{count} terms exceed the cap of {limit}")
        self.count, self.limit = count, limit


def parse_glossary(data: str, fmt: str, name: str = "glossary", max_terms: int | None = None) -> Glossary:
    """The glossary in ``data``; over ``max_terms`` terms, ``GlossaryTooLarge`` before parsing them."""
    if fmt == "json":
        return _parse_json(data, name, max_terms)
    if fmt == "tsv":
        rows = [(n, line.split("\t")) for n, line in enumerate(LINE_BREAK.split(data), 1) if line.strip()]
        return _from_pairs(_two_columns(rows, "tab-separated"), name, max_terms)
    if fmt in ("csv", "csv-sets"):
        rows = _csv_rows(data)
        if rows and _is_language_header(rows[0][1]):
            return _from_pairs(_equivalent_sets(rows), name, max_terms)
        return _from_pairs(_two_columns(rows, "comma-separated"), name, max_terms)
    raise GlossaryFormatError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


# A file's line breaks; ``str.splitlines`` also breaks at \v, \f and U+2028, which editors show inside a
# line, so the line numbers of an error would not be the editor's.
LINE_BREAK = re.compile("\r\n|\r|\n")


def _csv_rows(data: str) -> list[tuple[int, list[str]]]:
    """The non-blank records of a CSV file, each with the line it starts on (a quoted field may span
    lines); a field past the csv module's limit is an error on its line, not a crash."""
    reader = csv.reader(io.StringIO(data, newline=""))
    rows, start = [], 1
    try:
        for row in reader:
            if any(c.strip() for c in row):
                rows.append((start, row))
            start = reader.line_num + 1
    except csv.Error as error:
        limit = csv.field_size_limit()
        problem = f"a field is longer than {limit} characters" if "field limit" in str(error) else str(error)
        raise GlossaryFormatError(problem, start) from None
    return rows


def tabular(glossary: Glossary) -> bool:
    """Whether TSV and CSV hold all of the glossary: they carry each term's sources and English only, so
    a term with a type, forms, ``keep``, a case rule or notes needs JSON to come back whole."""
    return all(
        term.type == "other"
        and not term.forms
        and not term.keep
        and term.case_sensitive is None
        and not term.extra
        for term in glossary.terms
    )


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
    """Source and target; DeepL's files may add each entry's two language codes, which the glossary's
    own pair already states."""
    for number, cells in rows:
        if len(cells) == 4 and all(_LANGUAGE_CODE.match(c.strip().lower()) for c in cells[2:]):
            cells = cells[:2]
        if len(cells) != 2:
            raise GlossaryFormatError(
                f"expected 2 {kind} columns (source, target), found {len(cells)}", number
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


def _from_pairs(pairs: Iterable[tuple[int, str, str]], name: str, max_terms: int | None = None) -> Glossary:
    """One term per target, its sources in file order; the targets are counted (one per term) before
    any term is built."""
    sources_of: dict[str, list[str]] = {}
    first_seen: dict[str, tuple[int, str]] = {}
    for number, raw_source, raw_target in pairs:
        source, target = normalize_term(raw_source), normalize_term(raw_target)
        if not source or not target:
            raise GlossaryFormatError("empty " + ("source" if not source else "target"), number)
        if found := NOT_IN_XML.search(source + target):
            where = "source" if found.start() < len(source) else "target"
            problem = f"the {where} holds U+{ord(found.group()):04X}, a character no XML document can carry"
            raise GlossaryFormatError(problem + "; remove it", number)
        seen = first_seen.get(source)
        if seen and seen[1] != target:
            raise GlossaryFormatError(
                f"{source!r} already maps to {seen[1]!r} on line {seen[0]}; a source needs one target", number
            )
        first_seen.setdefault(source, (number, target))
        sources_of.setdefault(target, []).append(source)
    if max_terms is not None and len(sources_of) > max_terms:
        raise GlossaryTooLarge(len(sources_of), max_terms)
    ids = Slugs()
    terms = tuple(Term(id=ids.make(target), target=target, sources=tuple(sources))
                  for target, sources in sources_of.items())  # fmt: skip
    return Glossary(name, terms)


def _parse_json(data: str, name: str, max_terms: int | None = None) -> Glossary:
    try:
        body = parse_json(data)
    except json.JSONDecodeError as error:
        raise GlossaryFormatError(f"invalid JSON: {error.msg}", error.lineno) from None
    except ValueError as error:  # too deep, or an integer past Python's digit limit
        raise GlossaryFormatError(f"invalid JSON: {error}") from None
    if (where := surrogate_in(body)) is not None:
        problem = "holds a lone surrogate (an unpaired \\ud800-\\udfff escape), which is no character"
        raise GlossaryFormatError(problem, member=where or "body")
    raw_terms = body.get("terms") if isinstance(body, dict) else body
    name = str(body.get("name", name)) if isinstance(body, dict) else name
    return Glossary(name, parse_terms(raw_terms, max_terms=max_terms))


def parse_terms(raw_terms: Any, prefix: str = "terms", max_terms: int | None = None) -> tuple[Term, ...]:
    """Terms given as JSON objects (a glossary file's, or a job's inline ``terms``); a list longer than
    ``max_terms`` is refused with ``GlossaryTooLarge`` before any is validated."""
    if not isinstance(raw_terms, list):
        raise GlossaryFormatError("expected a list of term objects", member=prefix)
    if max_terms is not None and len(raw_terms) > max_terms:
        raise GlossaryTooLarge(len(raw_terms), max_terms)
    terms: list[Term] = []
    owner: dict[str, str] = {}
    ids = Slugs()
    for i, raw in enumerate(raw_terms):
        term = _json_term(raw, f"{prefix}[{i}]", ids)
        for source in term.sources:
            if owner.setdefault(source, term.id) != term.id:
                raise GlossaryFormatError(f"source {source!r} is already in term {owner[source]!r}",
                                          member=f"{prefix}[{i}]")  # fmt: skip
        terms.append(term)
        ids.add(term.id)
    if len(ids.taken) != len(terms):
        raise GlossaryFormatError("term ids must be unique", member=prefix)
    return tuple(terms)


def _json_term(raw: Any, where: str, ids: Slugs) -> Term:
    try:
        entry = TermEntry.model_validate(raw)
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        if not first["loc"]:
            raise GlossaryFormatError("each term must be an object", member=where) from None
        member = str(first["loc"][0])
        raise GlossaryFormatError(f'"{member}" must be {TermEntry.hints.get(member, "valid")}',
                                  member=f"{where}.{member}") from None  # fmt: skip
    return Term.of_entry(entry, entry.id or ids.make(entry.target))
