"""DeepL's multilingual glossaries (``/v3/glossaries``) as models: what each request sends and each
answer gives back. The blueprint validates with them (``deepl_wire.parsed``), answers through them, and
``/openapi.json`` is generated from them, as for ``/v2`` (``deepl_params.py``, whose codes and base
``DeepLInput`` they share: an unknown parameter is ignored, a null refused).

A dictionary sits inside ``dictionaries``, a list, where ``parse_params`` names only the top-level
parameter; a dictionary words its own faults (``DeepLV3Dictionary._worded``) so a client is told which
member of which dictionary to change, in the words DeepL uses for a parameter. Which pairs are served,
and whether two dictionaries are of one pair, is for the blueprint: both need the live workers' pairs
(``deepl_glossaries.glossary_pair``).
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal, Self

from pydantic import (
    BaseModel,
    BeforeValidator,
    Field,
    ModelWrapValidatorHandler,
    ValidationError,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from service.deepl_params import DeepLInput, SourceCode, TargetCode
from service.params import Absent
from workers.contract.base import Document, refusal

# DeepL's own ways of saying a parameter is missing (or empty) and that its value is refused.
MISSING = "Parameter '{field}' not specified."
REFUSED = "Value for '{field}' not supported"


def _lowered(value: Any) -> Any:
    """DeepL reads ``entries_format`` in any case (``TSV``)."""
    return value.lower() if isinstance(value, str) else value


Entries = Annotated[str, WithJsonSchema({"type": "string", "format": "glossary-tsv"})]
EntriesFormat = Annotated[Literal["tsv", "csv"], BeforeValidator(_lowered)]


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

    @model_validator(mode="wrap")
    @classmethod
    def _worded(cls, given: Any, handler: ModelWrapValidatorHandler[Self]) -> Self:
        """The first fault as DeepL words a parameter's, naming the member (``{field}`` is filled in with
        where the dictionary sits: ``dictionaries[1].entries_format``)."""
        try:
            return handler(given)
        except ValidationError as error:
            raise _fault(error, cls.hints, cls.hint) from None


def _fault(error: ValidationError, hints: dict[str, str], hint: str) -> PydanticCustomError:
    """``error``'s first fault as a 400 refusal naming its member; what is no dictionary at all is named
    as the dictionary, with ``hint``. A refusal of the model's own (a null) keeps its words."""
    first = error.errors(include_url=False)[0]
    context = first.get("ctx") or {}
    if "detail" in context:
        kept = {name: value for name, value in context.items() if name != "detail"}
        return refusal(first["type"], context["detail"], **kept)
    member = str(first["loc"][0]) if first["loc"] else None
    empty = first["type"] == "string_too_short" and not first.get("input")
    if first["type"] == "missing" or empty:
        return refusal("invalid_field", MISSING, status=400, member=member)
    wanted = hints.get(member) if member else hint
    detail = REFUSED + (f"; send {wanted}." if wanted else ".")
    return refusal("invalid_field", detail, status=400, member=member)


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
