"""A term as JSON: the one definition of its shape, for glossary files, a job's inline terms and the API.

Warta's JSON glossaries, the ``terms`` of a job and ``/openapi.json`` all read this model, so a type or
a rule is stated once (``title`` was once advertised as a type and refused). Members Warta does not use
are kept, not refused: a file exported from one glossary (``refers_to`` on surname terms) must import
into another unchanged. Defaults are left out when a term is written, as users write them.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictStr, StringConstraints

# Python's whitespace, spelt out: the same class in Python, in pydantic's regex engine and in the
# ECMA regex of JSON Schema, whose own \s differ from each other.
WHITESPACE = "\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000"
NOT_BLANK = f"[^{WHITESPACE}]"

# A string with something in it besides whitespace.
NonBlank = Annotated[StrictStr, StringConstraints(pattern=NOT_BLANK)]


class TermType(StrEnum):
    PERSON = "person"
    ORGANIZATION = "organization"
    PLACE = "place"
    OTHER = "other"


def _omit_false(value: Any) -> bool:
    return value is False or value is None or value == []


class TermEntry(BaseModel):
    """One glossary term: its canonical English ``target``, the Indonesian ``sources`` that mean it."""

    model_config = ConfigDict(extra="allow", json_schema_serialization_defaults_required=True)
    # What the term and each member must be, for the message that refuses them.
    hint: ClassVar[str] = 'a term object such as {"target": "North Korea", "sources": ["Korea Utara"]}'
    hints: ClassVar[dict[str, str]] = {
        "id": "a string",
        "target": "a non-empty string",
        "sources": "a non-empty list of strings",
        "type": f"one of {', '.join(TermType)}",
        "forms": "a list of strings",
        "keep": "true or false",
        "case_sensitive": "true, false or null",
    }

    id: StrictStr | None = Field(default=None, exclude_if=lambda v: v is None,
                                 description="Made from the target when not given.")  # fmt: skip
    target: NonBlank = Field(description="The canonical English.")
    sources: list[NonBlank] = Field(
        min_length=1, description="Indonesian forms: names, short forms, acronyms."
    )
    type: TermType = TermType.OTHER
    forms: list[StrictStr] = Field(
        default_factory=list, exclude_if=_omit_false,
        description="Other English that counts as this term in context (\"German\" for Jerman).",
    )  # fmt: skip
    keep: StrictBool = Field(default=False, exclude_if=_omit_false, description="Do not translate it.")
    case_sensitive: StrictBool | None = Field(
        default=None, exclude_if=lambda v: v is None,
        description="Unset: acronyms match exactly, other forms in any case but capitalized.",
    )  # fmt: skip
