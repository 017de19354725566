"""What a store error tells the client, said no further than it is known.

Only a store that could not be reached (no connection, a lost one, a lock that was never granted) is a
503 to retry: the statement never ran, so its transaction wrote nothing. Any other database error is
something the request ran into, and a retry would meet it again: a row that a constraint refuses is a
409, a value the column refuses a 400 (the stores check clients' values first, ``workers.store.values``,
so this is the fallback), anything else a bug, a 500, logged with its trace.
"""

from __future__ import annotations

import logging

from sqlalchemy.exc import (
    DataError,
    DBAPIError,
    DisconnectionError,
    IntegrityError,
    InterfaceError,
    OperationalError,
    SQLAlchemyError,
)
from sqlalchemy.exc import TimeoutError as PoolTimeout

from service.problems import Problem
from workers.store.values import UnstorableValue

log = logging.getLogger(__name__)

# SQLite says "operational error" for a mistake in a statement too ("no such table"); only these are the
# file being out of reach or held by another writer past the busy timeout.
SQLITE_UNREACHABLE = ("database is locked", "database is busy", "unable to open", "disk i/o error")


def unreachable(error: SQLAlchemyError) -> bool:
    """Whether the store was out of reach, not the request at fault."""
    if isinstance(error, DisconnectionError | PoolTimeout | InterfaceError):
        return True
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return True
    if not isinstance(error, OperationalError):
        return False
    if type(error.orig).__module__.startswith("sqlite3"):
        return any(marker in str(error.orig).lower() for marker in SQLITE_UNREACHABLE)
    return True


def store_problem(error: SQLAlchemyError) -> Problem:
    if unreachable(error):
        log.error("job store unreachable: %s", error)
        return Problem(503, "store_unavailable", "The job store could not be reached, so the request was "
                       "not carried out. Retry shortly.")  # fmt: skip
    if isinstance(error, IntegrityError):
        log.warning("store refused a row: %s", error)
        return Problem(409, "store_conflict", "The request conflicts with what the store holds (another "
                       "request made the same record first). Read the current state and retry.")  # fmt: skip
    if isinstance(error, DataError):
        log.warning("store refused a value: %s", error)
        return Problem(400, "invalid_value", "A value in the request cannot be stored (too long, or holding "
                       "a character the store does not take).")  # fmt: skip
    log.error("job store error", exc_info=error)
    return Problem(500, "internal_error", "Unexpected store error; it has been logged.")


def unstorable_problem(error: UnstorableValue) -> Problem:
    return Problem(400, "invalid_field", f"The value of {error.field!r} {error.reason}", field=error.field)
