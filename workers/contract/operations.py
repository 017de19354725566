"""Errors, liveness and readiness: the answers every endpoint may give."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from workers.contract.base import Document, omitted


class Problem(BaseModel):
    """RFC 9457 problem details; members beyond these (``limit``, ``detected``) say more about the error."""

    model_config = ConfigDict(extra="allow")

    type: str
    title: str
    status: int
    code: str = Field(description="Stable machine-readable name of the error.")
    detail: str = Field(description="What went wrong and how to fix it.")
    field: str | None = Field(
        default=None, description="The request member at fault, e.g. `articles[2].text`."
    )
    limit: Any = Field(default=None, description="The cap that was exceeded.")


class Health(Document):
    status: Literal["ok"]


class Check(Document):
    ok: bool
    detail: str | None = omitted()
    alive: int | None = omitted()


class Readiness(Document):
    status: Literal["ready", "not_ready"]
    checks: dict[str, Check]
