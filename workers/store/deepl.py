"""What the DeepL-compatible API (``/v2``) keeps beside Warta's own records, in the same database.

A DeepL glossary *is* a Warta glossary, stored by ``GlossaryStore`` under its UUID as the name; only what
DeepL's clients read and Warta's glossaries lack is here: the display name and the languages. A DeepL
document *is* a Warta job; here is what turns the job's sentence pairs back into the uploaded file: the
format, the original bytes and the hash of the key the client was given (the key itself is never kept,
so a copy of the database cannot download anybody's documents).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Column, DateTime, Integer, LargeBinary, String, Table, delete, insert, select
from sqlalchemy.engine import Connection, Engine

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

deepl_documents = Table(
    "warta_deepl_documents",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("owner", String(32), nullable=False),
    Column("key_sha256", String(64), nullable=False),
    Column("job_id", String(32), nullable=False),
    Column("format", String(8), nullable=False),
    Column("characters", Integer, nullable=False),
    Column("original", LargeBinary, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)


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


@dataclass(frozen=True)
class DocumentRecord:
    id: str
    owner: str
    job_id: str
    format: str
    characters: int
    original: bytes
    created_at: datetime


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class DeepLStore:
    """Glossary labels by owner and glossary id; documents by id, found only with their key."""

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

    def add_document(self, record: DocumentRecord, key: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(insert(deepl_documents).values(key_sha256=key_hash(key), **record.__dict__))

    def document(self, document_id: str, key: str, owner: str) -> DocumentRecord | None:
        """The document, only for its owner with its key: any other asker learns nothing, not even that
        it exists."""
        query = select(deepl_documents).where(
            deepl_documents.c.id == document_id,
            deepl_documents.c.owner == owner,
            deepl_documents.c.key_sha256 == key_hash(key),
        )
        with self.engine.connect() as conn:
            row = conn.execute(query).mappings().first()
        if row is None:
            return None
        fields = {k: v for k, v in row.items() if k != "key_sha256"}
        fields["created_at"] = aware(fields["created_at"])
        return DocumentRecord(**fields)


def write_label(conn: Connection, owner: str, label: GlossaryLabel) -> None:
    """Label a glossary in ``conn``'s transaction: the one that stores the glossary, so that neither is
    kept without the other (``GlossaryStore.put``'s ``alongside``)."""
    conn.execute(delete(deepl_glossaries).where(_glossary(owner, label.glossary_id)))
    conn.execute(insert(deepl_glossaries).values(owner=owner, **label.__dict__))


def _glossary(owner: str, glossary_id: str):  # type: ignore[no-untyped-def]
    return (deepl_glossaries.c.owner == owner) & (deepl_glossaries.c.glossary_id == glossary_id)
