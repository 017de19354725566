"""One database for every store: the engine, the tables' shared metadata, and UTC time.

SQLite is the zero-setup default, PostgreSQL the scale-out one. Each store module declares its own table
group on ``metadata`` (the package imports every one of them, so all are declared before any store can
ask for its tables); ``create_tables`` makes what is missing and upgrades older shapes in place
(``upgrade.py``), once per engine, one process at a time.
"""

from __future__ import annotations

import random
import sqlite3
import time
import weakref
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import MetaData, create_engine, event
from sqlalchemy.engine import Engine, make_url

from workers.store.locks import exclusive
from workers.store.upgrade import upgrade

metadata = MetaData()


def utcnow() -> datetime:
    return datetime.now(UTC)


def aware(value: datetime) -> datetime:
    """SQLite hands back naive datetimes; every timestamp we store is UTC."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def open_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    if parsed.database:
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_SECONDS})

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
        cursor = dbapi_conn.cursor()
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_SECONDS * 1000}")
        _write_ahead_log(cursor)
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    return engine


SQLITE_BUSY_SECONDS = 30


def _write_ahead_log(cursor: Any) -> None:
    """The API and every worker write the same file: WAL lets readers run beside one writer.

    The mode is kept in the file, so only the first connection to a fresh file switches it. Switching
    takes the file's exclusive lock, and SQLite answers "database is locked" at once, without waiting its
    busy timeout, to a connection that would deadlock another one for it: processes starting together on
    a fresh file (1 in 30 in a test on a loaded machine) try again until one has switched it.
    """
    deadline = time.monotonic() + SQLITE_BUSY_SECONDS
    while True:
        try:
            if str(cursor.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
                cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error).lower() or time.monotonic() > deadline:
                raise
            time.sleep(0.02 + random.random() * 0.08)


_prepared: weakref.WeakSet[Engine] = weakref.WeakSet()


def create_tables(engine: Engine) -> None:
    """Create missing tables and bring older ones up to date, once per engine (every store on it asks).

    The API's processes and every worker do this at start, often at the same moment: each waits for the
    one before it under one lock, then finds the tables made (``create_all`` checks first), so any
    number of them may start together on a fresh database.
    """
    if engine in _prepared:
        return
    with exclusive(engine, "warta:create-tables") as conn:
        metadata.create_all(conn)
        upgrade(conn, metadata)
    _prepared.add(engine)
