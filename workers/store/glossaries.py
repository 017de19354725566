"""Named, versioned glossaries in the same database as the jobs.

Every upload of a glossary is a new version and old versions stay, because a finished job records the
name and version it used and must stay explainable after the glossary changes. ``default`` is built in
(CLDR and curated names, shipped with Warta) and cannot be replaced or deleted.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import Column, DateTime, Integer, String, Table, Text, delete, func, insert, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.sql import ColumnElement

from glossary.default import DEFAULT_NAME, default_glossary
from glossary.formats import parse_terms
from glossary.model import DEFAULT_SOURCE, DEFAULT_TARGET, NAME_PATTERN, Glossary
from workers.lru import Lru
from workers.store.engine import create_tables, metadata, utcnow
from workers.store.locks import exclusive
from workers.store.values import storable

NAME = re.compile(NAME_PATTERN)
BUILTIN_VERSION = 1
# Parsed versions a store keeps: reading 50,000 terms back takes about a second, and a worker's jobs
# and a glossary's page and downloads read the same few versions again and again.
CACHED_VERSIONS = 4

glossaries = Table(
    "warta_glossaries",
    metadata,
    # Each API key has its own glossary names; "" holds the shared ones every key can read.
    Column("owner", String(32), primary_key=True, server_default=""),
    Column("name", String(64), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("terms", Text, nullable=False),
    # How many terms ``terms`` holds, so listings need not parse every version (None: stored before).
    Column("term_count", Integer),
    # The pair the version is for; versions stored before glossaries had pairs were Indonesian→English.
    Column("source_lang", String(16), nullable=False, server_default=DEFAULT_SOURCE),
    Column("target_lang", String(16), nullable=False, server_default=DEFAULT_TARGET),
    Column("created_at", DateTime(timezone=True), nullable=False),
)


@dataclass(frozen=True)
class GlossaryInfo:
    name: str
    version: int
    terms: int
    created_at: datetime | None
    shared: bool = False
    source: str = DEFAULT_SOURCE
    target: str = DEFAULT_TARGET


class VersionConflict(Exception):
    """An edit started from a version that is no longer the latest: ``version`` is."""

    def __init__(self, version: int, terms: int, pair: tuple[str, str]) -> None:
        super().__init__(f"the latest version is {version}")
        self.version, self.terms, self.pair = version, terms, pair


SHARED = ""
# A client without a key (where keys are optional) keeps its glossaries under an owner of its own: were it
# the shared owner, any anonymous request could replace the operator's glossaries for every key. Key ids
# are hex, so no key can be this owner.
ANONYMOUS = "-anonymous"


def glossary_owner(owner: str) -> str:
    """The owner whose glossaries a request's owner (a key id, or "" without a key) writes and reads first;
    only the CLI and an admin key write the shared ones."""
    return owner or ANONYMOUS


class GlossaryStore:
    """Glossaries by owner: each API key has its own names. A key also reads the shared glossaries (owner
    ``""``: those uploaded without a key, or imported by the operator with ``warta glossary import``) and
    its own win where names meet; it writes only its own."""

    def __init__(self, engine: Engine, cached: int = CACHED_VERSIONS) -> None:
        self.engine = engine
        # By owner, name, version and when it was stored: a version is never changed, but a deleted
        # glossary's numbers start again at 1, so the number alone could name an older upload.
        self._parsed: Lru[tuple[str, str, int, datetime], Glossary] = Lru(cached)
        create_tables(engine)

    def put(
        self,
        glossary: Glossary,
        name: str,
        owner: str = SHARED,
        alongside: Callable[[Connection], None] | None = None,
    ) -> int:
        """Store ``glossary`` as the next version of ``name``; returns that version. ``alongside`` writes
        what belongs with it (a DeepL label) in the same transaction: both are kept, or neither.

        Uploads of one name wait for each other (``exclusive``): two that read the same latest version
        would both take the next number, and one would fail.
        """
        with exclusive(self.engine, _lock(name, owner)) as conn:
            if alongside is not None:
                alongside(conn)
            return self._insert(conn, glossary, name, owner)

    def edit(
        self, name: str, owner: str, expected: int | None, change: Callable[[Glossary], Glossary]
    ) -> Glossary | None:
        """``change`` made to ``owner``'s latest version of ``name`` and stored as the next version, which
        is returned (None: no such glossary). ``expected`` is the version the editor started from (None:
        whatever stands); another one is ``VersionConflict``, and nothing is written.

        Read, checked and written in one ``exclusive`` transaction, as uploads of the name are: two editors
        who started from the same version cannot both save, one is told. An error ``change`` raises leaves
        the glossary as it was, and a change that returns the glossary it was given writes no version.
        """
        with exclusive(self.engine, _lock(name, owner)) as conn:
            current = self._read(conn, name, owner)
            if current is None:
                return None
            if expected is not None and expected != current.version:
                raise VersionConflict(current.version, len(current), (current.source, current.target))
            changed = change(current)
            if changed is current:
                return current
            version = self._insert(conn, changed, name, owner)
        return replace(changed, name=name, version=version)

    def _insert(self, conn: Connection, glossary: Glossary, name: str, owner: str) -> int:
        """``glossary`` as the next version of ``name``, in ``conn``'s exclusive transaction."""
        storable(name, glossaries.c.name, "name")
        storable(owner, glossaries.c.owner, "owner")
        storable(glossary.source, glossaries.c.source_lang, "source_lang")
        storable(glossary.target, glossaries.c.target_lang, "target_lang")
        body = json.dumps([t.to_dict() for t in glossary.terms], ensure_ascii=False)
        latest = conn.execute(select(func.max(glossaries.c.version)).where(_named(name, owner))).scalar()
        version = (latest or 0) + 1
        row = {"owner": owner, "name": name, "version": version, "terms": body,
               "term_count": len(glossary.terms), "source_lang": glossary.source,
               "target_lang": glossary.target, "created_at": utcnow()}  # fmt: skip
        conn.execute(insert(glossaries).values(**row))
        return version

    def get(self, name: str, version: int | None = None, owner: str = SHARED) -> Glossary | None:
        """``owner``'s own glossary ``name`` (exactly theirs: see ``holder`` for what a key can read).

        The same stored version comes back as the same object while the store keeps it parsed: only the
        version's number and date are read again, not its terms.
        """
        if name == DEFAULT_NAME:
            return default_glossary() if version in (None, BUILTIN_VERSION) else None
        with self.engine.connect() as conn:
            return self._read(conn, name, owner, version)

    def _read(self, conn: Connection, name: str, owner: str, version: int | None = None) -> Glossary | None:
        query = select(glossaries.c.version, glossaries.c.created_at).where(_named(name, owner))
        if version is not None:
            query = query.where(glossaries.c.version == version)
        row = conn.execute(query.order_by(glossaries.c.version.desc()).limit(1)).first()
        if row is None:
            return None
        cached = self._parsed.get((owner, name, row.version, row.created_at))
        if cached is not None:
            return cached
        stored = conn.execute(
            select(*(glossaries.c[c] for c in ("terms", "created_at", "source_lang", "target_lang"))).where(
                _named(name, owner), glossaries.c.version == row.version
            )
        ).first()
        if stored is None:
            return None
        terms = parse_terms(json.loads(stored.terms))
        glossary = Glossary(name, terms, row.version, stored.source_lang, stored.target_lang)
        self._parsed.put((owner, name, row.version, stored.created_at), glossary)
        return glossary

    def find(self, name: str, owner: str, version: int | None = None) -> Glossary | None:
        """Glossary ``name`` as ``owner`` reads it: their own, else the shared one (the API's view)."""
        holder = self.holder(name, owner)
        return None if holder is None else self.get(name, version, holder)

    def holder(self, name: str, owner: str) -> str | None:
        """Whose glossary ``name`` is, as ``owner`` sees it: their own, else the shared one (the built-in
        default is shared), else None."""
        if name == DEFAULT_NAME:
            return SHARED
        mine_or_shared = glossaries.c.owner.in_({owner, SHARED})
        query = select(glossaries.c.owner).where(glossaries.c.name == name, mine_or_shared).distinct()
        with self.engine.connect() as conn:
            holders = set(conn.execute(query).scalars())
        return owner if owner in holders else (SHARED if SHARED in holders else None)

    def latest(self, name: str, owner: str = SHARED) -> tuple[str, int] | None:
        """Whose glossary ``name`` is, as ``owner`` sees it, and its latest version (None: no such one)."""
        if name == DEFAULT_NAME:
            return SHARED, BUILTIN_VERSION
        holder = self.holder(name, owner)
        if holder is None:
            return None
        with self.engine.connect() as conn:
            version = conn.execute(
                select(func.max(glossaries.c.version)).where(_named(name, holder))
            ).scalar()
        return (holder, int(version)) if version is not None else None

    def pair_of(self, name: str, holder: str, version: int) -> tuple[str, str]:
        """The pair of one stored version (the built-in default's is any pair's), without its terms."""
        if name == DEFAULT_NAME:
            return DEFAULT_SOURCE, DEFAULT_TARGET
        query = select(glossaries.c.source_lang, glossaries.c.target_lang).where(
            _named(name, holder), glossaries.c.version == version
        )
        with self.engine.connect() as conn:
            row = conn.execute(query).one_or_none()
        return (row.source_lang, row.target_lang) if row else (DEFAULT_SOURCE, DEFAULT_TARGET)

    def list(self, owner: str = SHARED) -> list[GlossaryInfo]:
        """The latest version of each glossary ``owner`` can read; only those rows are read."""
        visible = glossaries.c.owner.in_({owner, SHARED})
        newest = (
            select(glossaries.c.owner, glossaries.c.name, func.max(glossaries.c.version).label("version"))
            .where(visible)
            .group_by(glossaries.c.owner, glossaries.c.name)
            .subquery()
        )
        same = (
            (glossaries.c.owner == newest.c.owner)
            & (glossaries.c.name == newest.c.name)
            & (glossaries.c.version == newest.c.version)
        )
        columns = ("owner", "name", "version", "term_count", "created_at", "source_lang", "target_lang")
        query = select(*(glossaries.c[c] for c in columns)).join(newest, same)
        with self.engine.connect() as conn:
            rows = conn.execute(query.order_by(glossaries.c.name)).all()
        mine = {r.name for r in rows if r.owner == owner}
        listed = [GlossaryInfo(DEFAULT_NAME, BUILTIN_VERSION, len(default_glossary()), None, shared=True)]
        return listed + [
            GlossaryInfo(
                r.name,
                r.version,
                self._count(r),
                r.created_at,
                r.owner != owner,
                r.source_lang,
                r.target_lang,
            )
            for r in rows
            if r.owner == owner or r.name not in mine
        ]

    def _count(self, row: Any) -> int:
        """Terms of a listed version; versions stored before counts were kept are counted once here."""
        if row.term_count is not None:
            return int(row.term_count)
        query = select(glossaries.c.terms).where(
            _named(row.name, row.owner), glossaries.c.version == row.version
        )
        with self.engine.connect() as conn:
            return len(json.loads(conn.execute(query).scalar_one()))

    def delete(self, name: str, owner: str = SHARED) -> bool:
        with self.engine.begin() as conn:
            return conn.execute(delete(glossaries).where(_named(name, owner))).rowcount > 0


def _lock(name: str, owner: str) -> str:
    """The ``exclusive`` step that writes a version of ``owner``'s ``name``."""
    return f"warta:glossary:{owner}:{name}"


def _named(name: str, owner: str) -> ColumnElement[bool]:
    return (glossaries.c.name == name) & (glossaries.c.owner == owner)
