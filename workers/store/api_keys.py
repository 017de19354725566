"""API keys: made and revoked by the operator (``warta keys``), sent as ``Authorization: Bearer …``.

A token is ``wk_<id>_<secret>`` with 256 random bits of secret. Only its SHA-256 is stored: a token that
random cannot be guessed from its hash, so a slow password hash (bcrypt, argon2) would add a delay to
every request and no safety. The id is public: it names the key in listings, logs and ownership
columns, and it is never enough to authenticate.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Boolean, Column, DateTime, String, Table, false, insert, select, update
from sqlalchemy.engine import Engine

from workers.store.engine import create_tables, metadata, utcnow

PREFIX = "wk_"

api_keys = Table(
    "warta_api_keys",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("token_sha256", String(64), nullable=False, unique=True),
    # An admin key also opens the operators' pages (the RQ dashboard under /rq).
    Column("admin", Boolean, nullable=False, server_default=false()),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True)),
)


@dataclass(frozen=True)
class ApiKey:
    id: str
    name: str
    created_at: datetime
    revoked_at: datetime | None
    admin: bool = False


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def key_id_of(token: str) -> str | None:
    """The id a well-formed token names, without touching the store."""
    if not token.startswith(PREFIX):
        return None
    key_id, _, secret = token[len(PREFIX) :].partition("_")
    return key_id if key_id.isalnum() and len(key_id) <= 32 and secret else None


class KeyStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        create_tables(engine)

    def create(self, name: str, admin: bool = False) -> tuple[ApiKey, str]:
        """A new key and its token; the token is shown once and cannot be recovered later."""
        key_id = secrets.token_hex(6)
        token = f"{PREFIX}{key_id}_{secrets.token_urlsafe(32)}"
        now = utcnow()
        row = {"id": key_id, "name": name, "token_sha256": digest(token), "created_at": now, "admin": admin}
        with self.engine.begin() as conn:
            conn.execute(insert(api_keys).values(**row))
        return ApiKey(key_id, name, now, None, admin), token

    def is_admin(self, key_id: str) -> bool:
        with self.engine.connect() as conn:
            return bool(conn.execute(select(api_keys.c.admin).where(api_keys.c.id == key_id)).scalar())

    def verify(self, token: str) -> str | None:
        """The id of the live key ``token`` belongs to, or None."""
        key_id = key_id_of(token)
        if key_id is None:
            return None
        query = select(api_keys.c.token_sha256, api_keys.c.revoked_at).where(api_keys.c.id == key_id)
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        if row is None or row.revoked_at is not None:
            return None
        return key_id if hmac.compare_digest(row.token_sha256, digest(token)) else None

    def list(self) -> list[ApiKey]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(api_keys).order_by(api_keys.c.created_at)).all()
        return [ApiKey(r.id, r.name, r.created_at, r.revoked_at, bool(r.admin)) for r in rows]

    def revoke(self, key_id: str) -> bool:
        query = update(api_keys).where(api_keys.c.id == key_id, api_keys.c.revoked_at.is_(None))
        with self.engine.begin() as conn:
            return conn.execute(query.values(revoked_at=utcnow())).rowcount == 1
