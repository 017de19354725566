"""Suggested translations: the English a key's user sent for one exact sentence (LibreTranslate's
``POST /suggest``), kept durably in the job store.

A suggestion is the key's own: it changes what later requests and jobs of that key get for that
sentence, never another key's. The sentence is stored as the text pipeline normalizes it (the form the
translation memory and the model see), so the look-up is one exact match; a later suggestion for the
same sentence replaces the earlier one, and every one is recorded with the time it was made.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from sqlalchemy import Column, DateTime, String, Table, Text, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine

from workers.store.engine import create_tables, metadata, utcnow

suggestions = Table(
    "warta_suggestions",
    metadata,
    # The API key that sent it ("" without keys): only that key's translations use it.
    Column("owner", String(32), primary_key=True),
    Column("source_language", String(8), primary_key=True),
    Column("target_language", String(8), primary_key=True),
    # The source sentence as normalized by the text pipeline, and its hash (indexable at any length).
    Column("sentence_sha256", String(64), primary_key=True),
    Column("sentence", Text, nullable=False),
    Column("english", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)


def _sha(sentence: str) -> str:
    return hashlib.sha256(sentence.encode()).hexdigest()


class SuggestionStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        create_tables(engine)

    def suggest(
        self, owner: str, pairs: list[tuple[str, str]], source: str = "id", target: str = "en"
    ) -> None:
        """Record each ``(sentence, english)`` for ``owner``; a sentence suggested before is replaced."""
        now: datetime = utcnow()
        rows = [
            {"owner": owner, "source_language": source, "target_language": target,
             "sentence_sha256": _sha(sentence), "sentence": sentence, "english": english, "created_at": now}
            for sentence, english in pairs
        ]  # fmt: skip
        if not rows:
            return
        dialect = self.engine.dialect.name
        insert = (postgresql if dialect == "postgresql" else sqlite).insert(suggestions)
        keys = ["owner", "source_language", "target_language", "sentence_sha256"]
        upsert = insert.on_conflict_do_update(
            index_elements=keys, set_={"english": insert.excluded.english, "created_at": now}
        )
        with self.engine.begin() as conn:
            conn.execute(upsert, rows)

    def suggested(
        self, owner: str, sentences: list[str], source: str = "id", target: str = "en"
    ) -> dict[str, str]:
        """The English suggested by ``owner`` for those of ``sentences`` that have one."""
        by_hash = {_sha(s): s for s in dict.fromkeys(sentences)}
        if not by_hash:
            return {}
        query = select(suggestions.c.sentence, suggestions.c.english).where(
            suggestions.c.owner == owner,
            suggestions.c.source_language == source,
            suggestions.c.target_language == target,
            suggestions.c.sentence_sha256.in_(list(by_hash)),
        )
        with self.engine.connect() as conn:
            return {
                sentence: english for sentence, english in conn.execute(query) if sentence in by_hash.values()
            }
