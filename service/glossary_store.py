"""Named, versioned glossaries in the same database as the jobs.

Every upload of a glossary is a new version and old versions stay, because a finished job records the
name and version it used and must stay explainable after the glossary changes. ``default`` is built in
(CLDR and curated names, shipped with Warta) and cannot be replaced or deleted.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, insert, select
from sqlalchemy.engine import Engine

from glossary.default import DEFAULT_NAME, default_glossary
from glossary.formats import parse_terms
from glossary.model import Glossary
from service.store import create_tables, glossaries, utcnow

NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
BUILTIN_VERSION = 1


@dataclass(frozen=True)
class GlossaryInfo:
    name: str
    version: int
    terms: int
    created_at: datetime | None


class GlossaryStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        create_tables(engine)

    def put(self, glossary: Glossary, name: str) -> int:
        """Store ``glossary`` as the next version of ``name``; returns that version."""
        body = json.dumps([t.to_dict() for t in glossary.terms], ensure_ascii=False)
        with self.engine.begin() as conn:
            latest = conn.execute(
                select(func.max(glossaries.c.version)).where(glossaries.c.name == name)
            ).scalar()
            version = (latest or 0) + 1
            conn.execute(
                insert(glossaries).values(name=name, version=version, terms=body, created_at=utcnow())
            )
        return version

    def get(self, name: str, version: int | None = None) -> Glossary | None:
        if name == DEFAULT_NAME:
            return default_glossary() if version in (None, BUILTIN_VERSION) else None
        query = select(glossaries.c.version, glossaries.c.terms).where(glossaries.c.name == name)
        if version is not None:
            query = query.where(glossaries.c.version == version)
        with self.engine.connect() as conn:
            row = conn.execute(query.order_by(glossaries.c.version.desc()).limit(1)).first()
        if row is None:
            return None
        return Glossary(name, parse_terms(json.loads(row.terms)), row.version)

    def latest_version(self, name: str) -> int | None:
        if name == DEFAULT_NAME:
            return BUILTIN_VERSION
        with self.engine.connect() as conn:
            return conn.execute(
                select(func.max(glossaries.c.version)).where(glossaries.c.name == name)
            ).scalar()

    def list(self) -> list[GlossaryInfo]:
        query = select(glossaries.c.name, glossaries.c.version, glossaries.c.terms, glossaries.c.created_at)
        with self.engine.connect() as conn:
            rows = conn.execute(query.order_by(glossaries.c.name, glossaries.c.version)).all()
        latest = {r.name: r for r in rows}
        listed = [GlossaryInfo(DEFAULT_NAME, BUILTIN_VERSION, len(default_glossary()), None)]
        return listed + [
            GlossaryInfo(r.name, r.version, len(json.loads(r.terms)), r.created_at) for r in latest.values()
        ]

    def delete(self, name: str) -> bool:
        with self.engine.begin() as conn:
            return conn.execute(delete(glossaries).where(glossaries.c.name == name)).rowcount > 0
