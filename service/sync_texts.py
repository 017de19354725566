"""One text of a synchronous translation checked as the contract checks it (``SyncText``), for the APIs
that word their refusals their own way (DeepL's, LibreTranslate's).

They check each text before the whole request is parsed because the contract's ``text`` is a text or a
list of texts: pydantic reports a list member's fault under the union, so a text over the cap was told it
"must be a non-empty string". Checked here alone, a text's fault is its own: its size or a character.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import StringConstraints, TypeAdapter, ValidationError

from workers.contract.limits import Limits
from workers.contract.request import SyncText

# ``SyncText``'s checks (strict string, characters, cap) less its non-blank pattern: a blank text is each
# API's own case (LibreTranslate's "missing q", a language to itself returned unchanged).
_CHECKS = tuple(m for m in SyncText.__metadata__ if not isinstance(m, StringConstraints))
_TEXT: TypeAdapter[str] = TypeAdapter(Annotated[(str, *_CHECKS)])  # type: ignore[valid-type]


@dataclass(frozen=True)
class TextFault:
    """Why the contract refuses a text: its code, its detail (``{field}`` where the text's name goes)
    and, for a text over a cap, that cap."""

    code: str
    detail: str
    limit: int | None = None


def text_fault(text: str, limits: Limits) -> TextFault | None:
    """The contract's first refusal of ``text`` under the server's ``limits``; None where it passes."""
    try:
        _TEXT.validate_python(text, context=limits.context())
    except ValidationError as error:
        found = error.errors(include_url=False)[0]
        context: dict[str, Any] = dict(found.get("ctx") or {})
        limit = context.get("limit")
        return TextFault(found["type"], str(context.get("detail", found["msg"])), limit)
    return None
