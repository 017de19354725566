"""Editors' saves: each edit of a sentence is a revision (English before and after, who, when), written
with the result document it changes and the human memory unit it teaches, in one transaction.

Two editors may save sentences of one job at once. The result is one JSON document, so a save reads it
with its ``result_version`` and writes it back only where that version still stands (compare and
swap); a save that lost the race reads again and re-applies its edit, so neither is lost. Two saves of
the same sentence are the editors' conflict, not the store's: the one whose ``If-Match`` revision is no
longer the sentence's gets ``EditConflict`` with the text that won, and both stay in the revisions.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import Column, DateTime, ForeignKey, Integer, String, Table, Text, insert, select, update
from sqlalchemy.engine import Connection, Engine

from workers.contract.enums import JobStatus
from workers.contract.result import Sentence, SentenceRevision
from workers.edits import Edited, EditRefused, find_sentence
from workers.store.engine import aware, create_tables, metadata, utcnow
from workers.store.human_memory import HumanMemoryStore
from workers.store.job_tables import jobs

revisions = Table(
    "warta_revisions",
    metadata,
    Column("job_id", String(32), ForeignKey("warta_jobs.id", ondelete="CASCADE"), primary_key=True),
    Column("article_id", String(200), primary_key=True),
    Column("sentence_index", Integer, primary_key=True),
    Column("revision", Integer, primary_key=True),
    Column("before", Text),
    Column("after", Text, nullable=False),
    Column("changed_by", String(200), nullable=False),
    Column("changed_at", DateTime(timezone=True), nullable=False),
)


class EditConflict(Exception):
    """Someone saved the sentence after the revision the editor started from."""

    def __init__(self, current: Sentence) -> None:
        super().__init__(f"the sentence is at revision {current.revision}")
        self.current = current


Edit = Callable[[dict[str, Any], datetime], Edited]
Change = Callable[[dict[str, Any]], dict[str, Any]]
ATTEMPTS = 20


class RevisionStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.memory = HumanMemoryStore(engine)
        create_tables(engine)

    def save(
        self, job_id: str, article_id: str, index: int, expected: int | None, edit: Edit, memory_owner: str
    ) -> Edited:
        """Apply ``edit`` to the job's result where the sentence is still at revision ``expected`` (None:
        whatever it is at); the new English goes into ``memory_owner``'s human memory in the same
        transaction."""
        for _ in range(ATTEMPTS):
            version, document = self._read(job_id)
            position, current = find_sentence(document, article_id, index)
            if expected is not None and current.revision != expected:
                raise EditConflict(current)
            now = utcnow()
            edited = edit(document, now)
            with self.engine.begin() as conn:
                if not _swap(conn, job_id, version, edited.document):
                    continue
                after, author = edited.after, edited.after.changed_by or memory_owner
                conn.execute(insert(revisions).values(
                    job_id=job_id, article_id=article_id, sentence_index=index, revision=after.revision,
                    before=edited.before.target, after=after.target, changed_by=author, changed_at=now,
                ))  # fmt: skip
                article = document["articles"][position]
                languages = (article.get("source_lang", "id"), article.get("target_lang", "en"))
                pair = [(after.source, after.target or "")]
                self.memory.remember(memory_owner, pair, "edit", author, now, languages=languages, conn=conn)
            return edited
        raise EditRefused(503, "edit_busy", "The job's result is being edited too often; retry the save.")

    def change(self, job_id: str, change: Change) -> dict[str, Any]:
        """Apply ``change`` (an article's approval) to the result by the same compare and swap."""
        for _ in range(ATTEMPTS):
            version, document = self._read(job_id)
            changed = change(document)
            with self.engine.begin() as conn:
                if _swap(conn, job_id, version, changed):
                    return changed
        raise EditRefused(503, "edit_busy", "The job's result is being edited too often; retry the save.")

    def history(self, job_id: str, article_id: str, index: int) -> list[SentenceRevision]:
        query = (
            select(revisions)
            .where(revisions.c.job_id == job_id, revisions.c.article_id == article_id,
                   revisions.c.sentence_index == index)
            .order_by(revisions.c.revision)
        )  # fmt: skip
        with self.engine.connect() as conn:
            return [
                SentenceRevision(revision=r.revision, before=r.before, after=r.after,
                                 changed_by=r.changed_by, changed_at=aware(r.changed_at))
                for r in conn.execute(query)
            ]  # fmt: skip

    def _read(self, job_id: str) -> tuple[int, dict[str, Any]]:
        query = select(jobs.c.result_version, jobs.c.result, jobs.c.status).where(jobs.c.id == job_id)
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        if row is None or row.status != JobStatus.SUCCEEDED or row.result is None:
            raise EditRefused(409, "result_not_ready", "Only a succeeded job's result can be edited.")
        return int(row.result_version), json.loads(row.result)


def _swap(conn: Connection, job_id: str, version: int, document: dict[str, Any]) -> bool:
    query = (
        update(jobs)
        .where(jobs.c.id == job_id, jobs.c.result_version == version)
        .values(result=json.dumps(document, ensure_ascii=False), result_version=version + 1)
    )
    return conn.execute(query).rowcount == 1
