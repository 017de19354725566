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


# What a worker can run, each needing its model loaded: ``translation`` (``WARTA_MT_MODEL``) and
# ``summarization`` (``WARTA_SUM_MODEL``, or none for extractive summaries). The names are those of a
# result's ``runtime.models``.
ModelRole = Literal["translation", "summarization"]
MODEL_ROLES: tuple[ModelRole, ...] = ("translation", "summarization")


class Check(Document):
    ok: bool
    detail: str | None = omitted()
    alive: int | None = omitted(description="Workers that have beaten within `WARTA_WORKER_TIMEOUT`.")
    roles: list[ModelRole] | None = omitted(
        description="The model roles at least one live worker has loaded its model for (`models` check)."
    )
    missing: list[ModelRole] | None = omitted(
        description="The model roles no live worker can run: jobs needing one fail with `model_unavailable`."
    )


class Readiness(Document):
    status: Literal["ready", "not_ready"]
    checks: dict[str, Check]
