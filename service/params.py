"""What the compatible APIs' parameter models share (DeepL's in ``deepl_params.py``, LibreTranslate's in
``libretranslate_params.py``).

Their clients leave out a parameter they do not set; none sends ``null``, and a form cannot carry it
(it would arrive as the text "null"). So an optional parameter is described as its type alone and
absent means its default, and an explicit ``null`` is refused, which keeps ``/openapi.json`` true to
what is accepted. Parameters a model does not know are ignored, as DeepL and LibreTranslate ignore them
(DeepL's clients pass ``extra_body_parameters`` through).
"""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, model_validator
from pydantic.json_schema import SkipJsonSchema

from workers.contract.base import refusal

# ``X | Absent = None``: optional, and described as ``X`` (see above).
Absent = SkipJsonSchema[None]


class Params(BaseModel):
    model_config = ConfigDict(extra="ignore")
    # What each parameter must be, for the message that refuses it.
    hints: ClassVar[dict[str, str]] = {}
    # The refusal of a ``null``; ``{field}`` is the parameter's name.
    null_detail: ClassVar[str] = "{field} may not be null: send a value, or leave it out."

    @model_validator(mode="before")
    @classmethod
    def _no_nulls(cls, given: Any) -> Any:
        if isinstance(given, dict):
            for name, value in given.items():
                if value is None and name in cls.model_fields:
                    raise refusal("invalid_field", cls.null_detail, status=400, member=name)
        return given
