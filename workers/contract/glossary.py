"""Glossaries as the API lists and serves them (their files' formats are ``glossary/formats.py``)."""

from __future__ import annotations

from typing import Annotated, ClassVar

from pydantic import BaseModel, ConfigDict, Field, RootModel

from glossary.entry import TermEntry
from workers.contract.base import Document


class GlossaryLinks(Document):
    self: str


class GlossaryInfo(Document):
    name: str
    version: int = Field(ge=1)
    terms: int = Field(ge=0)
    shared: bool = Field(description="Built in or the operator's: read-only for keys.")
    source_lang: str = Field(default="id", description="The language its sources are in.")
    target_lang: str = Field(default="en", description="The language its targets are in.")
    links: GlossaryLinks


class GlossaryList(Document):
    glossaries: list[GlossaryInfo]


class GlossaryFile(Document):
    """A glossary as JSON: what ``GET /v1/glossaries/{name}?format=json`` returns."""

    name: str
    version: int
    terms: list[TermEntry]


class GlossaryTerms(BaseModel):
    """Terms wrapped in an object, as ``GlossaryFile``: other members (its name, version) are ignored."""

    model_config = ConfigDict(extra="allow")
    hint: ClassVar[str] = 'an object such as {"terms": [{"target": "…", "sources": ["…"]}]}'

    terms: list[TermEntry] = Field(min_length=1)


class GlossaryUpload(RootModel[Annotated[list[TermEntry], Field(min_length=1)] | GlossaryTerms]):
    """``PUT /v1/glossaries/{name}`` as JSON: the terms, or an object holding them."""
