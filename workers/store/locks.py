"""Transactions that one process at a time may hold, on SQLite and PostgreSQL alike.

Reading a number and writing the next one (a glossary's version), or creating tables that may already be
there, goes wrong when two processes do it at the same moment: both read the same state and one fails
on the other's write. ``exclusive`` makes such a step wait for the one before it instead. PostgreSQL
takes an advisory lock named after the step, held until the transaction ends, so unrelated writers never
wait; SQLite has one writer per file anyway, and ``BEGIN IMMEDIATE`` takes that writer's lock before the
first read (a deferred transaction would read, then fail to write once another writer came first).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine


@contextmanager
def exclusive(engine: Engine, name: str) -> Iterator[Connection]:
    """A transaction that no other ``exclusive(…, name)`` transaction runs beside; committed on leaving,
    rolled back on an error."""
    with engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        elif conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": lock_key(name)})
        yield conn


def lock_key(name: str) -> int:
    """PostgreSQL names advisory locks by a signed 64-bit number: the first eight bytes of a hash."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)
