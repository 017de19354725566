"""What the DeepL-compatible API (``/v2``) keeps beside Warta's own records, in the same database.

A DeepL glossary *is* a Warta glossary, stored by ``GlossaryStore`` under its UUID as the name; only what
DeepL's clients read and Warta's glossaries lack is here: the display name and the languages. A
multilingual (``/v3``) glossary is a name here and one Warta glossary per dictionary, named by the
glossary's UUID and the dictionary's pair (``dictionary_name``), which holds that pair. A DeepL
document is a Warta job and a row of ``documents.py``, LibreTranslate's files too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Column, DateTime, String, Table, delete, insert, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.sql import ColumnElement

from workers.store.engine import aware, create_tables, metadata
from workers.store.values import storable

deepl_glossaries = Table(
    "warta_deepl_glossaries",
    metadata,
    Column("owner", String(32), primary_key=True),
    Column("glossary_id", String(64), primary_key=True),
    Column("name", String(1024), nullable=False),
    Column("source_lang", String(8), nullable=False),
    Column("target_lang", String(8), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)


multilingual_glossaries = Table(
    "warta_deepl_multilingual_glossaries",
    metadata,
    Column("owner", String(32), primary_key=True),
    Column("glossary_id", String(64), primary_key=True),
    Column("name", String(1024), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)


@dataclass(frozen=True)
class MultilingualLabel:
    """A ``/v3`` glossary's own fields; its dictionaries are the Warta glossaries named for it."""

    glossary_id: str
    name: str
    created_at: datetime

    def __post_init__(self) -> None:
        for field in ("glossary_id", "name"):
            storable(getattr(self, field), multilingual_glossaries.c[field], field)


def dictionary_name(glossary_id: str, source: str, target: str) -> str:
    """The Warta glossary that holds a multilingual glossary's dictionary for one pair: within a stored
    glossary's name (``zh-Hans`` is written ``zh-hans``), never a UUID alone, so ``/v2`` lists none."""
    return f"{glossary_id}.{source}-{target}".lower()


@dataclass(frozen=True)
class GlossaryLabel:
    """DeepL's fields of a glossary that Warta's glossary store does not hold; one the table cannot hold
    is refused when it is made, before the glossary it labels is written."""

    glossary_id: str
    name: str
    source_lang: str
    target_lang: str
    created_at: datetime

    def __post_init__(self) -> None:
        for field in ("glossary_id", "name", "source_lang", "target_lang"):
            storable(getattr(self, field), deepl_glossaries.c[field], field)


class DeepLStore:
    """Glossary labels by owner and glossary id."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        create_tables(engine)

    def label(self, owner: str, label: GlossaryLabel) -> None:
        with self.engine.begin() as conn:
            write_label(conn, owner, label)

    def labels(self, owner: str) -> dict[str, GlossaryLabel]:
        query = select(deepl_glossaries).where(deepl_glossaries.c.owner == owner)
        with self.engine.connect() as conn:
            rows = conn.execute(query).mappings().all()
        return {
            row["glossary_id"]: GlossaryLabel(
                row["glossary_id"],
                row["name"],
                row["source_lang"],
                row["target_lang"],
                aware(row["created_at"]),
            )
            for row in rows
        }

    def forget_label(self, owner: str, glossary_id: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(deepl_glossaries).where(_glossary(owner, glossary_id)))

    def multilingual(self, owner: str, glossary_id: str | None = None) -> list[MultilingualLabel]:
        """The owner's multilingual glossaries (the one ``glossary_id`` names, where given), oldest first."""
        query = select(multilingual_glossaries).where(multilingual_glossaries.c.owner == owner)
        if glossary_id is not None:
            query = query.where(multilingual_glossaries.c.glossary_id == glossary_id)
        with self.engine.connect() as conn:
            rows = conn.execute(query.order_by(multilingual_glossaries.c.created_at)).mappings().all()
        return [MultilingualLabel(r["glossary_id"], r["name"], aware(r["created_at"])) for r in rows]

    def rename_multilingual(self, owner: str, glossary_id: str, name: str) -> None:
        storable(name, multilingual_glossaries.c.name, "name")
        with self.engine.begin() as conn:
            conn.execute(
                update(multilingual_glossaries).where(_multilingual(owner, glossary_id)).values(name=name)
            )

    def forget_multilingual(self, owner: str, glossary_id: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(multilingual_glossaries).where(_multilingual(owner, glossary_id)))


def write_label(conn: Connection, owner: str, label: GlossaryLabel) -> None:
    """Label a glossary in ``conn``'s transaction: the one that stores the glossary, so that neither is
    kept without the other (``GlossaryStore.put``'s ``alongside``)."""
    conn.execute(delete(deepl_glossaries).where(_glossary(owner, label.glossary_id)))
    conn.execute(insert(deepl_glossaries).values(owner=owner, **label.__dict__))


def write_multilingual(conn: Connection, owner: str, label: MultilingualLabel) -> None:
    """Record a multilingual glossary in the transaction that stores its first dictionary."""
    conn.execute(insert(multilingual_glossaries).values(owner=owner, **label.__dict__))


def _multilingual(owner: str, glossary_id: str) -> ColumnElement[bool]:
    table = multilingual_glossaries
    return (table.c.owner == owner) & (table.c.glossary_id == glossary_id)


def _glossary(owner: str, glossary_id: str) -> ColumnElement[bool]:
    return (deepl_glossaries.c.owner == owner) & (deepl_glossaries.c.glossary_id == glossary_id)
