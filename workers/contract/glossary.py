"""Glossaries as the API lists and serves them (their files' formats are ``glossary/formats.py``)."""

from __future__ import annotations

from typing import Annotated, ClassVar

from pydantic import BaseModel, ConfigDict, Field, RootModel

from glossary.editing import SortOrder, TermSort
from glossary.entry import NonBlank, TermEntry
from workers.contract.base import STRICT, Document
from workers.contract.enums import MAX_PAGE
from workers.contract.job import QUERY, query_int
from workers.contract.limits import Cap


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


# The longest search a term page takes: a name or a phrase, never a document.
MAX_QUERY_CHARS = 200
# Page numbers past this find nothing in any glossary a server holds (the cap of terms is far below).
MAX_PAGE_NUMBER = 10**6


class GlossaryTermsQuery(BaseModel):
    """``GET /v1/glossaries/{name}/terms``'s query: which page of which terms, in what order."""

    model_config = QUERY
    hints: ClassVar[dict[str, str]] = {
        "q": f"text of at most {MAX_QUERY_CHARS} characters",
        "sort": f"one of {', '.join(TermSort)}",
        "order": f"one of {', '.join(SortOrder)}",
        "page": f"a whole number from 1 to {MAX_PAGE_NUMBER}",
        "limit": f"a whole number from 1 to {MAX_PAGE}",
    }

    q: str = Field(
        default="",
        max_length=MAX_QUERY_CHARS,
        description="Only terms whose sources, forms, English or notes hold this, in any case.",
    )
    sort: TermSort | None = Field(default=None, description="The glossary's own order where not given.")
    order: SortOrder = SortOrder.ASC
    page: query_int(ge=1, le=MAX_PAGE_NUMBER) = 1  # type: ignore[valid-type]  # a type built by a call
    limit: query_int(ge=1, le=MAX_PAGE) = 50  # type: ignore[valid-type]


class GlossaryTermPage(Document):
    """One page of a glossary's terms, every member of each, and how many there are."""

    name: str
    version: int = Field(ge=1, description="The version listed; send it in If-Match to edit it.")
    source_lang: str
    target_lang: str
    total: int = Field(ge=0, description="Terms in the glossary.")
    matching: int = Field(ge=0, description="Terms that `q` finds (all of them without `q`).")
    page: int = Field(ge=1)
    pages: int = Field(ge=1, description="Pages of `limit` terms that the matching terms fill.")
    limit: int = Field(ge=1)
    terms: list[TermEntry]


# An edit names at most as many terms as a glossary may hold, as an upload does.
TERMS_CAP = Cap(
    "glossary_too_large",
    "{count} terms exceed the cap of {limit} a glossary may hold; split the edit or raise {setting}.",
    setting="max_glossary_terms",
)


class GlossaryEdit(BaseModel):
    """``PATCH /v1/glossaries/{name}``: the terms an edit adds or changes, and those it deletes; every
    other term is kept as it is in the new version."""

    model_config = STRICT
    hint: ClassVar[str] = 'an object such as {"upsert": [{"target": "…", "sources": ["…"]}], "delete": ["…"]}'
    hints: ClassVar[dict[str, str]] = {
        "upsert": "a list of " + TermEntry.hint.removeprefix("a "),
        "delete": 'a list of source forms, such as ["Korut"]',
    }

    upsert: Annotated[list[TermEntry], TERMS_CAP] = Field(
        default_factory=list,
        description="Terms to put over the term of their `id`, or to add (without an `id`, or with one no "
        "term has). No source may end up in two terms.",
    )
    delete: Annotated[list[NonBlank], TERMS_CAP] = Field(
        default_factory=list, description="Sources whose terms are deleted, before `upsert` is applied."
    )
