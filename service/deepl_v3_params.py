"""DeepL's multilingual glossaries (``/v3/glossaries``) as models: what each request sends and each
answer gives back. The blueprint validates with them (``deepl_wire.parsed``), answers through them, and
``/openapi.json`` is generated from them, as for ``/v2`` (``deepl_params.py``, whose codes and base
``DeepLInput`` they share: an unknown parameter is ignored, a null refused).

A fault inside ``dictionaries`` is named by where it sits (``dictionaries[1].entries_format``), so a
client is told which member of which dictionary to change. Which pairs are served,
and whether two dictionaries are of one pair, is for the blueprint: both need the live workers' pairs
(``deepl_glossaries.glossary_pair``).
"""

from __future__ import annotations

from typing import ClassVar, Literal, Self

from pydantic import (
    BaseModel,
    Field,
    model_validator,
)

from service.deepl_params import DeepLInput, Entries, EntriesFormat, SourceCode, TargetCode
from service.params import Absent
from workers.contract.base import Document, refusal


class DeepLV3Dictionary(DeepLInput):
    """One pair's entries, in ``dictionaries`` or alone (``PUT .../dictionaries``). The codes are DeepL's
    (``EN-GB``); the pair must be one GET /v2/glossary-language-pairs lists."""

    hint: ClassVar[str] = "a dictionary with source_lang, target_lang and entries"
    hints: ClassVar[dict[str, str]] = {
        "source_lang": "a language code (GET /v2/glossary-language-pairs lists them)",
        "target_lang": "a language code (GET /v2/glossary-language-pairs lists them)",
        "entries": "the entries as TSV or CSV text",
        "entries_format": "tsv or csv",
    }

    source_lang: SourceCode
    target_lang: TargetCode
    entries: Entries = Field(min_length=1, description="One entry a line: source, then target.")
    entries_format: EntriesFormat = "tsv"


DICTIONARIES = (
    "One dictionary per served pair (GET /v2/glossary-language-pairs); form bodies send "
    "`dictionaries[0].source_lang` and so on, as deepl-node does."
)


class DeepLV3GlossaryCreate(DeepLInput):
    """``POST /v3/glossaries``: a name and at least one dictionary."""

    hints: ClassVar[dict[str, str]] = {
        "name": "a name",
        "dictionaries": "a list of dictionaries, each with source_lang, target_lang and entries",
    }

    name: str = Field(min_length=1)
    dictionaries: list[DeepLV3Dictionary] = Field(min_length=1, description=DICTIONARIES)


class DeepLV3GlossaryUpdate(DeepLInput):
    """``PATCH /v3/glossaries/{id}``: a new name, and/or dictionaries merged into those of their pairs;
    one of them at least."""

    hints: ClassVar[dict[str, str]] = DeepLV3GlossaryCreate.hints

    name: str | Absent = Field(None, min_length=1)
    dictionaries: list[DeepLV3Dictionary] | Absent = Field(None, description=DICTIONARIES)

    @model_validator(mode="after")
    def _changes_something(self) -> Self:
        if self.name is None and not self.dictionaries:
            raise refusal("invalid_field", "Send a new 'name' or 'dictionaries' to update.", status=400)
        return self


class DeepLV3PairQuery(DeepLInput):
    """The pair whose dictionary is read or deleted, served or not: one made for a pair no longer served
    can still be read and deleted."""

    source_lang: SourceCode
    target_lang: TargetCode


class DeepLV3DictionaryInfo(Document):
    source_lang: str
    target_lang: str
    entry_count: int = Field(ge=0)


class DeepLV3Glossary(Document):
    """A multilingual glossary; its dictionaries in the order they were made (DeepL's clients pair them
    with the dictionaries they sent by position)."""

    glossary_id: str
    name: str
    creation_time: str = Field(json_schema_extra={"format": "date-time"})
    dictionaries: list[DeepLV3DictionaryInfo]


class DeepLV3Glossaries(Document):
    glossaries: list[DeepLV3Glossary]


class DeepLV3DictionaryEntries(Document):
    source_lang: str
    target_lang: str
    entries: str = Field(description="TSV, as DeepL writes it: no line break after the last entry.")
    entries_format: Literal["tsv"]


class DeepLV3Entries(Document):
    """A pair's entries, as TSV inside JSON (both clients read ``dictionaries``)."""

    dictionaries: list[DeepLV3DictionaryEntries]


REQUESTS: tuple[type[BaseModel], ...] = (DeepLV3GlossaryCreate, DeepLV3GlossaryUpdate, DeepLV3Dictionary)
QUERIES: tuple[type[BaseModel], ...] = (DeepLV3PairQuery,)
ANSWERS: tuple[type[BaseModel], ...] = (
    DeepLV3DictionaryInfo, DeepLV3Glossary, DeepLV3Glossaries, DeepLV3Entries,
)  # fmt: skip
