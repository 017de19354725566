"""Bring a job store made by an older Warta up to the current tables, in place, keeping every row.

``create_all`` makes missing tables but never changes one that exists, and a store holds jobs that must
not be lost to an upgrade. The changes Warta makes to its tables are of two kinds, and both are handled
here without a migration framework: a new column (added with its default) and a wider primary key (the
table is copied into the new shape, then swapped in). It runs in the caller's transaction, which holds
the lock that keeps two processes from upgrading at once (``engine.create_tables``).
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Column, DefaultClause, MetaData, Table, inspect, text
from sqlalchemy.engine import Connection


def upgrade(conn: Connection, metadata: MetaData) -> list[str]:
    """Upgrade every table of ``metadata`` that exists in an older shape; returns what changed."""
    changes: list[str] = []
    inspector = inspect(conn)
    for table in metadata.sorted_tables:
        if not inspector.has_table(table.name):
            continue
        present = {c["name"] for c in inspector.get_columns(table.name)}
        primary = set(inspector.get_pk_constraint(table.name)["constrained_columns"])
        if primary != {c.name for c in table.primary_key.columns}:
            _rebuild(conn, table, present)
            changes.append(f"{table.name}: primary key now {', '.join(table.primary_key.columns.keys())}")
            continue
        for column in table.columns:
            if column.name not in present:
                _add_column(conn, table, column)
                changes.append(f"{table.name}.{column.name} added")
    return changes


def _add_column(conn: Connection, table: Table, column: Column[Any]) -> None:
    quote = conn.dialect.identifier_preparer.quote
    kind = column.type.compile(dialect=conn.dialect)
    default = column.server_default.arg if isinstance(column.server_default, DefaultClause) else None
    clause = f" NOT NULL DEFAULT '{default}'" if isinstance(default, str) else ""
    conn.execute(text(f"ALTER TABLE {quote(table.name)} ADD COLUMN {quote(column.name)} {kind}{clause}"))


def _rebuild(conn: Connection, table: Table, present: set[str]) -> None:
    """Copy the rows into a table of the new shape under a temporary name, then swap it in: the old
    table's constraint names never clash with the new ones."""
    quote = conn.dialect.identifier_preparer.quote
    staging = table.to_metadata(MetaData(), name=f"{table.name}_{uuid.uuid4().hex[:8]}")
    staging.create(conn)
    shared = ", ".join(quote(c.name) for c in table.columns if c.name in present)
    conn.execute(
        text(f"INSERT INTO {quote(staging.name)} ({shared}) SELECT {shared} FROM {quote(table.name)}")
    )
    conn.execute(text(f"DROP TABLE {quote(table.name)}"))
    conn.execute(text(f"ALTER TABLE {quote(staging.name)} RENAME TO {quote(table.name)}"))
