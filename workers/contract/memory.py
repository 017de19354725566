"""The human translation memory as the API reports it (its file format is TMX, ``workers/tmx.py``)."""

from __future__ import annotations

from pydantic import Field

from workers.contract.base import Document, omitted


class MemoryInfo(Document):
    """What ``PUT``, ``GET`` (as JSON) and ``DELETE /v1/memory`` answer."""

    units: int = Field(ge=0, description="Units the memory holds now (the key's own, or the shared ones).")
    shared: bool = Field(description="The operator's shared memory, which every key reads.")
    imported: int | None = Field(
        default=None, ge=0, description="Units the upload added or replaced (sentences of the TMX's units)."
    )
    removed: int | None = Field(
        default=None, ge=0, description="Units a replacing upload or a DELETE removed."
    )
    source_lang: str | None = omitted(description="The pair counted, imported or removed (none: every pair).")
    target_lang: str | None = omitted()
