"""A term as JSON: the one definition of its shape, for glossary files, a job's inline terms and the API.

Warta's JSON glossaries, the ``terms`` of a job and ``/openapi.json`` all read this model, so a type or
a rule is stated once (``title`` was once advertised as a type and refused). Members Warta does not use
are kept, not refused: a file exported from one glossary (``refers_to`` on surname terms) must import
into another unchanged. Defaults are left out when a term is written, as users write them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any, ClassVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    StrictBool,
    StrictStr,
    StringConstraints,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

# Python's whitespace, spelt out: the same class in Python, in pydantic's regex engine and in the
# ECMA regex of JSON Schema, whose own \s differ from each other.
WHITESPACE = "\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000"
NOT_BLANK = f"[^{WHITESPACE}]"
# A lone surrogate (``"\\ud800"`` in JSON) is no character: no store, engine or file can hold it.
SURROGATE = re.compile("[\ud800-\udfff]")
# What XML 1.0 cannot carry at all (controls but tab, line feed and carriage return; U+FFFE, U+FFFF). A
# name, id or title holding one would make every TMX and XLIFF download of the job unreadable.
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class RefuseCharacters:
    """Refuses a string holding a character of ``pattern``, naming it, before the string's own constraints;
    the JSON Schema says so too (``not`` that pattern), so a client generating from it sends none."""

    pattern: re.Pattern[str]
    why: str
    described: bool = True

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return core_schema.no_info_before_validator_function(self.check, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        described = handler(schema)
        if self.described:
            # Surrogates left out: JSON text cannot carry one unescaped, and Rust's regex engines (a
            # validator's) cannot even name them.
            out = self.pattern.pattern[1:-1].replace("\ud800-\udfff", "")
            described["pattern"] = _without(described.get("pattern"), _ecma(out))
        return described

    def check(self, value: Any) -> Any:
        if isinstance(value, str) and (found := self.pattern.search(value)):
            where = f"U+{ord(found.group()):04X} at position {found.start()}"
            detail = f"{{field}} holds {where}, {self.why}; remove it."
            raise PydanticCustomError("invalid_character", "{detail}", {"detail": detail})
        return value


# The one pattern a refused character class leaves in the schema (one ``pattern`` per schema, and no
# look-arounds, which not every generator reads): no character of ``out``, and where the string must not
# be blank, one character that is neither ``out`` nor whitespace.
_DESCRIBED = re.compile(r"\^\[\^(?P<out>[^\]]*)\]\*(?P<blank>\[\^[^\]]*\]\[\^[^\]]*\]\*)?\$")


def _without(pattern: str | None, out: str) -> str:
    """``pattern`` (none, ``NOT_BLANK`` or one this function wrote) also refusing the characters ``out``."""
    blank = pattern == NOT_BLANK
    if pattern is not None and not blank:
        found = _DESCRIBED.fullmatch(pattern)
        if found is None:
            raise ValueError(f"cannot describe refused characters beside the pattern {pattern!r}")
        out, blank = found["out"] + out, found["blank"] is not None
    return f"^[^{out}]*[^{WHITESPACE}{out}][^{out}]*$" if blank else f"^[^{out}]*$"


def _ecma(pattern: str) -> str:
    """``pattern`` with each unprintable character as a ``\\uXXXX`` escape, as JSON Schema reads it."""
    return "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in pattern)


# Not in the schema: JSON text cannot hold a lone surrogate, only its escape, which a schema cannot see.
NO_SURROGATES = RefuseCharacters(SURROGATE, "a lone surrogate that is no character", described=False)
XML_CHARACTERS = RefuseCharacters(NOT_IN_XML, "a character no XML document can carry")

# A string with something in it besides whitespace.
NonBlank = Annotated[StrictStr, StringConstraints(pattern=NOT_BLANK), NO_SURROGATES]
# What ends up in the downloads' markup as it is (names, ids, titles): text XML can carry.
XmlText = Annotated[StrictStr, XML_CHARACTERS]
XmlNonBlank = Annotated[NonBlank, XML_CHARACTERS]


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

    id: XmlText | None = Field(default=None, exclude_if=lambda v: v is None,
                                 description="Made from the target when not given.")  # fmt: skip
    target: XmlNonBlank = Field(description="The canonical English.")
    sources: list[XmlNonBlank] = Field(
        min_length=1, description="Indonesian forms: names, short forms, acronyms."
    )
    type: TermType = TermType.OTHER
    forms: list[XmlText] = Field(
        default_factory=list, exclude_if=_omit_false,
        description="Other English that counts as this term in context (\"German\" for Jerman).",
    )  # fmt: skip
    keep: StrictBool = Field(default=False, exclude_if=_omit_false, description="Do not translate it.")
    case_sensitive: StrictBool | None = Field(
        default=None, exclude_if=lambda v: v is None,
        description="Unset: acronyms match exactly, other forms in any case but capitalized.",
    )  # fmt: skip
