"""Uploaded documents: the original, the translated file once a worker made it, and who may fetch it.

A document *is* a Warta job (``job_id``); this table keeps what turns the job's sentence pairs back into
the uploaded file and what the download streams: the format, the original bytes and, when the job is
done, the translated bytes, written by the worker (so any API process can serve them, and none parses a
document). DeepL's documents are found by their id with the hash of the key the client was given (the key
itself is never kept, so a copy of the database cannot download anybody's documents); LibreTranslate's
files by the hash of the secret in their download link. Every row expires after
``WARTA_DOCUMENT_TTL_HOURS``: it is no longer found, and it is deleted when a later document is written.

The table keeps its first name, ``warta_deepl_documents``, so a store made before LibreTranslate's files
moved here keeps the documents it accepted (``upgrade.py`` adds the new columns).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    Column,
    DateTime,
    Integer,
    LargeBinary,
    Select,
    String,
    Table,
    delete,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Engine

from workers.store.engine import aware, create_tables, metadata, utcnow

documents = Table(
    "warta_deepl_documents",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("owner", String(32), nullable=False),
    Column("key_sha256", String(64), nullable=False),
    Column("job_id", String(32), nullable=False, index=True),
    Column("format", String(8), nullable=False),
    # Characters of the document's text: 0 until a worker has read it (a document without text fails).
    Column("characters", Integer, nullable=False),
    Column("original", LargeBinary, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, index=True),
    # Which API took it ("deepl" counts its characters in the key's /v2/usage), and the download's name.
    Column("api", String(16), nullable=False, server_default="deepl"),
    Column("name", String(255), nullable=False, server_default=""),
    Column("translated", LargeBinary),
)


class DocumentApi(StrEnum):
    """Which API took a document: DeepL's are counted in the key's ``/v2/usage``; LibreTranslate's
    client waits while its file is translated, so it carries no more than a synchronous request."""

    DEEPL = "deepl"
    LIBRETRANSLATE = "libretranslate"


@dataclass(frozen=True)
class DocumentRecord:
    id: str
    owner: str
    job_id: str
    format: str
    api: str
    name: str
    created_at: datetime
    characters: int = 0


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class DocumentStore:
    """Documents by id with their key, or by job for the worker; expired ones are never found."""

    def __init__(self, engine: Engine, ttl_hours: float) -> None:
        self.engine = engine
        self.ttl = timedelta(hours=ttl_hours)
        create_tables(engine)

    def add(self, record: DocumentRecord, key: str, original: bytes, translated: bytes | None = None) -> None:
        """Keep a new document (``translated`` where there is nothing to translate), and delete those
        past their time."""
        values = {"key_sha256": key_hash(key), "original": original, "translated": translated}
        with self.engine.begin() as conn:
            conn.execute(delete(documents).where(documents.c.created_at < self._oldest()))
            conn.execute(insert(documents).values(**values, **record.__dict__))

    def find(self, document_id: str, key: str, owner: str | None) -> DocumentRecord | None:
        """The document, only with its key (and, where ``owner`` is given, only for its owner): any
        other asker learns nothing, not even that it exists."""
        query = select(*_FIELDS).where(documents.c.id == document_id, documents.c.key_sha256 == key_hash(key))
        if owner is not None:
            query = query.where(documents.c.owner == owner)
        return self._one(query)

    def for_job(self, job_id: str) -> DocumentRecord | None:
        return self._one(select(*_FIELDS).where(documents.c.job_id == job_id))

    def original(self, record: DocumentRecord) -> bytes | None:
        return self._bytes(documents.c.original, record.id)

    def translated(self, record: DocumentRecord) -> bytes | None:
        """The translated file; None until the worker has written it."""
        return self._bytes(documents.c.translated, record.id)

    def read(self, job_id: str, characters: int) -> bool:
        """Record the characters a worker found; True only the first time (so usage is counted once)."""
        changed = (
            update(documents)
            .where(documents.c.job_id == job_id, documents.c.characters == 0)
            .values(characters=characters)
        )
        with self.engine.begin() as conn:
            return conn.execute(changed).rowcount > 0

    def keep_translation(self, job_id: str, data: bytes) -> None:
        with self.engine.begin() as conn:
            conn.execute(update(documents).where(documents.c.job_id == job_id).values(translated=data))

    def _oldest(self) -> datetime:
        return utcnow() - self.ttl

    def _one(self, query: Select[Any]) -> DocumentRecord | None:
        with self.engine.connect() as conn:
            row = conn.execute(query.where(documents.c.created_at >= self._oldest())).mappings().first()
        if row is None:
            return None
        return DocumentRecord(**{**row, "created_at": aware(row["created_at"])})

    def _bytes(self, column: Column[Any], document_id: str) -> bytes | None:
        fresh = (documents.c.id == document_id) & (documents.c.created_at >= self._oldest())
        with self.engine.connect() as conn:
            found = conn.execute(select(column).where(fresh)).scalar()
        return None if found is None else bytes(found)


_FIELDS = [documents.c[name] for name in DocumentRecord.__dataclass_fields__]
