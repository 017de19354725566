"""From a refused model to problem+json: the one translation of pydantic's errors for the API.

The contract's models validate (``workers/contract``); this says what was wrong the way a newsroom
script's author can act on: the member at fault as ``articles[2].text``, what it must be (each model's
``hints``), 413 and the limit for a cap, 422 for the rest. Only the first error is reported, as a form
would: fixing it often fixes those after it.
"""

from __future__ import annotations

import types
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin

from flask import request
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from glossary.json_text import parse_json, surrogate_in
from service.problems import Problem

M = TypeVar("M", bound=BaseModel)
OWN_CONTEXT = ("detail", "status", "member")


def parse(model: type[M], payload: Any, context: Mapping[str, Any] | None = None) -> M:
    """``payload`` as ``model``, or the ``Problem`` that names the first thing wrong with it."""
    try:
        return model.model_validate(payload, context=dict(context or {}))
    except ValidationError as error:
        raise problem_of(_first(error.errors(include_url=False)), model) from None


@dataclass(frozen=True)
class Fault:
    """The first thing a compatible API's parameters got wrong (DeepL's, LibreTranslate's), for that API
    to word the way its clients read it: the parameter as the client wrote it (``dictionaries[1].entries``),
    whether it was missing (or empty), and what it must be (the owning model's ``hints``)."""

    name: str
    missing: bool
    hint: str | None


def parse_params(
    model: type[M], payload: Any, word: Callable[[Fault], Problem], context: Mapping[str, Any] | None = None
) -> M:
    """``payload`` as ``model``, or ``word``'s problem for its first fault. A refusal of the model's own
    (``refusal``, with its code, status and detail) is that problem as it is, in the API's dialect."""
    try:
        return model.model_validate(payload, context=dict(context or {}))
    except ValidationError as error:
        first = _first(error.errors(include_url=False))
        if "detail" in (first.get("ctx") or {}):
            raise problem_of(first, model) from None
        walk = _Walk(model, first["loc"])
        empty = first["type"] in ("string_too_short", "too_short") and not first.get("input")
        raise word(Fault(walk.path or "body", first["type"] == "missing" or empty, walk.hint)) from None


def _first(errors: list[ErrorDetails]) -> ErrorDetails:
    """The first error, unless a member that may take several shapes (a text or a list of texts) was
    refused by the contract in the shape sent: pydantic lists every shape's error, and "must be a
    string" says nothing to a client whose list held a text over the cap."""
    first = errors[0]
    for error in errors:
        if error["loc"][:1] == first["loc"][:1] and "detail" in (error.get("ctx") or {}):
            return error
    return first


def problem_of(error: ErrorDetails, model: type[BaseModel]) -> Problem:
    walk = _Walk(model, error["loc"])
    context = error.get("ctx") or {}
    if "detail" in context:  # a refusal of the contract's own, with its code and status
        field = _joined(walk.path, context.get("member")) or "body"
        detail = str(context["detail"]).replace("{field}", field).replace("{where}", walk.path or "body")
        extra = {k: v for k, v in context.items() if k not in OWN_CONTEXT}
        return Problem(int(context.get("status", 422)), error["type"], detail, field=field, **extra)
    if error["type"] == "extra_forbidden":
        name = str(error["loc"][-1])
        allowed = ", ".join(sorted(walk.owner.model_fields)) if walk.owner else ""
        return Problem(
            422,
            "invalid_field",
            f"Unknown member '{name}'. Allowed: {allowed}.",
            field=_joined(walk.path, name),
        )
    field = walk.path or "body"
    return Problem(422, "invalid_field", _detail(error, walk, field), field=field)


def _detail(error: ErrorDetails, walk: _Walk, field: str) -> str:
    label = field if walk.path else "The body"
    if error["type"] == "missing":
        return f"Missing {label}: send {walk.hint or 'it'}."
    if walk.hint:
        return f"{label} must be {walk.hint}."
    expected = (error.get("ctx") or {}).get("expected")
    return f"{label} must be one of {expected}." if expected else f"{label}: {error['msg']}."


def _joined(path: str, member: Any) -> str:
    if not member:
        return path
    member = str(member)
    return path + member if member.startswith("[") or not path else f"{path}.{member}"


class _Walk:
    """Follow an error's location through the models: the path as a client writes it, the model that
    owns the last member, and what that member must be. Union members' tags end the walk."""

    def __init__(self, model: type[BaseModel], loc: tuple[int | str, ...]) -> None:
        self.path, self.owner, self.hint = "", model, getattr(model, "hint", None)
        current: Any = model
        for step in loc:
            item = _item_of(current)
            if isinstance(step, int) and item is not None:
                self.path += f"[{step}]"
                current = item
                self.hint = getattr(_model_of(current), "hint", None)
            elif isinstance(step, str) and (owner := _model_of(current)) and step in owner.model_fields:
                self.path += f".{step}" if self.path else step
                self.owner, current = owner, _unwrapped(owner.model_fields[step].annotation)
                self.hint = getattr(owner, "hints", {}).get(step)
            else:
                break


def _unwrapped(annotation: Any) -> Any:
    """The type inside ``Annotated[...]`` and ``X | None``."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            members = [a for a in get_args(annotation) if a is not type(None)]
            if len(members) != 1:
                return annotation
            annotation = members[0]
        else:
            return annotation


def _item_of(annotation: Any) -> Any:
    annotation = _unwrapped(annotation)
    if get_origin(annotation) is list:
        return _unwrapped(get_args(annotation)[0])
    return None


def _model_of(annotation: Any) -> type[BaseModel] | None:
    annotation = _unwrapped(annotation)
    return annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None


def json_body(what: str, example: str) -> Any:
    """The request's JSON: 415 unless sent as JSON, 400 when empty or not UTF-8 JSON."""
    if request.mimetype != "application/json":
        raise Problem(
            415,
            "unsupported_media_type",
            f"Send {what} as JSON with 'Content-Type: application/json' "
            f"(got {request.mimetype or 'none'!r}).",
            field="Content-Type",
        )
    raw = request.get_data(cache=False)
    if not raw.strip():
        raise Problem(400, "empty_body", f"The request body is empty; {example}.", field="body")
    return loads(raw, "body")


def loads(raw: bytes | str, field: str) -> Any:
    """JSON a client sent: 400 ``invalid_json`` naming ``field`` for anything the parser refuses (see
    ``glossary.json_text``); 422 for a lone surrogate anywhere, naming where."""
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        document = parse_json(text)
    except (UnicodeDecodeError, ValueError) as error:
        detail = f"The {field} is not valid UTF-8 JSON: {error}."
        raise Problem(400, "invalid_json", detail, field=field) from None
    if "\\u" in text and (where := surrogate_in(document)) is not None:
        path = where or field
        detail = f"{path} holds a lone surrogate (an unpaired \\ud800-\\udfff escape), which is no character."
        raise Problem(422, "invalid_character", detail, field=path)
    return document
