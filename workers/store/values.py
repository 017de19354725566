"""What a column can hold, checked before a row is written.

A value that the database refuses fails the whole request at the store, after whatever the request wrote
before it, and reads to the client like a store fault. Values a client chose (names, labels) are checked
here first, against the column that will hold them, so the client learns which value to change and
nothing is written: longer than the column (PostgreSQL refuses it, SQLite would keep it whole), or
holding a character no column takes (NUL, which PostgreSQL text cannot hold, or a lone surrogate, which
no UTF-8 database can encode).
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import Column, String

UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


class UnstorableValue(ValueError):
    """A client's value that the store cannot hold; ``field`` names it as the client sent it."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field} {reason}")
        self.field, self.reason = field, reason


def storable(value: str, column: Column[Any], field: str) -> str:
    """``value`` itself, where ``column`` can hold it; else ``UnstorableValue`` naming ``field``."""
    length = column.type.length if isinstance(column.type, String) else None
    if length is not None and len(value) > length:
        raise UnstorableValue(field, f"is {len(value)} characters long; at most {length} are kept.")
    found = UNSTORABLE.search(value)
    if found:
        where = f"U+{ord(found.group()):04X} at position {found.start()}"
        raise UnstorableValue(field, f"holds {where}, which cannot be stored.")
    return value
