"""What every model of the contract shares: refusing unknown members, reading like its JSON, refusals.

A result document is read by name in many places (renderers, templates, the digest, clients' scripts),
some holding the model and some the JSON it was saved as. ``Document`` lets both be read alike:
``article["paragraphs"]`` is ``article.paragraphs``, and a name the model does not have is a
``KeyError`` at once instead of a silent ``None``. An optional field that is omitted from the JSON when
empty (``omitted()``) is absent from that view too, exactly as in the saved document.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

from glossary.entry import NOT_IN_XML, SURROGATE, WHITESPACE, XML_CHARACTERS, NonBlank, RefuseCharacters

# Every request model refuses members it does not know: a misspelt "taks" silently ignored would run
# the wrong job. Response models refuse them too, so nothing reaches a client that the schema lacks.
# A model's ``hints`` say what each member must be, for the message that refuses it.
STRICT = ConfigDict(extra="forbid", json_schema_serialization_defaults_required=True)

# A non-blank string kept without the whitespace around it.
Stripped = Annotated[NonBlank, AfterValidator(str.strip)]
# What ``NOT_IN_XML`` matches that a JSON string can hold, as a schema's pattern writes it.
DROPPED_CONTROLS = "\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\ufffe\\uffff"
# Line breaks and tabs, which would split a line of the Markdown and text downloads.
LINE_BREAKS = re.compile("[\t\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")


def _one_line(value: Any) -> Any:
    """Whitespace made single spaces and what XML cannot carry dropped (a lone surrogate stays, refused)."""
    if not isinstance(value, str):
        return value
    return " ".join(NOT_IN_XML.sub(lambda c: c.group() if SURROGATE.match(c.group()) else "", value).split())


class HeadingSchema:
    """A heading of nothing but dropped controls is blank once they are gone, so the schema says what the
    check does: one character that is neither whitespace nor such a control (JSON text cannot carry the
    lone surrogates, which are refused, not dropped)."""

    def __get_pydantic_json_schema__(self, core_schema: Any, handler: Any) -> dict[str, Any]:
        described = dict(handler(core_schema))
        described["pattern"] = f"[^{WHITESPACE}{DROPPED_CONTROLS}]"
        return described


# A client's key to its results (an article id): refused, never changed, where it could not be written
# into every download as it is.
Identifier = Annotated[
    Stripped, XML_CHARACTERS, RefuseCharacters(LINE_BREAKS, "a line break or tab an id cannot hold")
]
# A heading (a title, a benchmark's name): its whitespace made single spaces, so it stays one line in
# every download, and the controls XML cannot carry dropped, as they are from an article's text.
Heading = Annotated[Stripped, BeforeValidator(_one_line), HeadingSchema()]


def omitted(**kwargs: Any) -> Any:
    """An optional field left out of the JSON (not written as null) while it has no value."""
    return Field(default=None, exclude_if=_is_none, **kwargs)


def _is_none(value: Any) -> bool:
    return value is None


class Document(BaseModel):
    """A model of the contract that reads like the JSON document it is saved as."""

    model_config = STRICT

    def keys(self) -> list[str]:
        """The names the saved JSON has: every field, less those omitted while empty."""
        return [name for name in type(self).model_fields if self._written(name)]

    def _written(self, name: str) -> bool:
        spec = type(self).model_fields[name]
        return spec.exclude_if is None or not spec.exclude_if(getattr(self, name))

    def __getitem__(self, name: str) -> Any:
        if name not in self:
            raise KeyError(name)
        return getattr(self, name)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name in type(self).model_fields and self._written(name)

    def __iter__(self) -> Iterator[str]:  # type: ignore[override]  # its keys, as a Mapping's (BaseModel's: pairs)
        return iter(self.keys())

    def __len__(self) -> int:
        return len(self.keys())

    def get(self, name: str, default: Any = None) -> Any:
        return getattr(self, name) if name in self else default

    def items(self) -> list[tuple[str, Any]]:
        return [(name, getattr(self, name)) for name in self.keys()]

    def values(self) -> list[Any]:
        return [getattr(self, name) for name in self.keys()]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping) and not isinstance(other, BaseModel):
            return dict(self.items()) == dict(other)
        return super().__eq__(other)

    __hash__ = None  # type: ignore[assignment]  # unhashable, as a dict that compares equal to it is


Mapping.register(Document)


def refusal(code: str, detail: str, **context: Any) -> PydanticCustomError:
    """A refusal raised inside validation, carried to the API as problem+json by ``service.validation``.

    ``context`` may hold ``status`` (413 for a cap, else 422), ``member`` (the member at fault, below the
    place the error was raised, such as ``articles[1].id``) and anything the problem should state
    (``limit``, ``detected``). ``{field}`` in ``detail`` becomes the field's path.
    """
    return PydanticCustomError(code, "{detail}", {"detail": detail, **context})
