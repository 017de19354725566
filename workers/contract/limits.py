"""Size limits: each stated once, checked in validation, written into the schema, refused with 413.

A ``Cap`` on a field is either one of the ``WARTA_MAX_*`` settings (``Limits``, passed to validation as
its context, so the running server's values apply) or a fixed number. Over it, validation refuses with
the cap's code, status 413 and the limit, and the JSON schema carries ``maxItems`` or ``maxLength`` with
``x-warta-setting`` naming the variable that raises it; ``service.openapi`` writes the server's value.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler, ValidationInfo
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

from workers.contract.base import refusal
from workers.settings import Settings, env_name

SETTING_KEY = "x-warta-setting"


@dataclass(frozen=True)
class Limits:
    """The caps a server was configured with; the defaults are the settings' defaults."""

    max_articles: int = Settings.max_articles
    max_article_chars: int = Settings.max_article_chars
    max_sentences: int = Settings.max_sentences
    max_glossary_terms: int = Settings.max_glossary_terms
    max_sync_chars: int = Settings.max_sync_chars
    max_sync_sentences: int = Settings.max_sync_sentences
    max_archive_bytes: int = Settings.max_archive_bytes
    max_archive_parts: int = Settings.max_archive_parts
    max_compression_ratio: int = Settings.max_compression_ratio

    @classmethod
    def of(cls, settings: Settings) -> Limits:
        return cls(**{f.name: getattr(settings, f.name) for f in dataclasses.fields(cls)})

    def context(self) -> dict[str, Any]:
        """The validation context that applies these limits."""
        return {"limits": self}


def limits_in(info: ValidationInfo | None) -> Limits:
    context = info.context if info is not None else None
    found = context.get("limits") if isinstance(context, dict) else None
    return found if isinstance(found, Limits) else Limits()


@dataclass(frozen=True)
class Cap:
    """At most ``setting`` (a ``Limits`` field) or ``limit`` items or characters.

    ``message`` may name ``{count}``, ``{limit}``, ``{setting}`` (the variable) and ``{field}``.
    """

    code: str
    message: str
    setting: str | None = None
    limit: int | None = None

    def value(self, limits: Limits) -> int:
        return getattr(limits, self.setting) if self.setting else int(self.limit or 0)

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        # Counted before the items are validated: 10,000 articles are refused without reading one.
        return core_schema.with_info_wrap_validator_function(self._check, handler(source))

    def _check(
        self, value: Any, validate: core_schema.ValidatorFunctionWrapHandler, info: ValidationInfo
    ) -> Any:
        cap = self.value(limits_in(info))
        if isinstance(value, list | str) and len(value) > cap:
            setting = env_name(self.setting) if self.setting else ""
            detail = self.message.format(count=len(value), limit=cap, setting=setting, field="{field}")
            raise refusal(self.code, detail, status=413, limit=cap)
        return validate(value)

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        found = handler(schema)
        target = handler.resolve_ref_schema(found)
        target[_keyword(target)] = self.value(Limits())
        if self.setting:
            target[SETTING_KEY] = env_name(self.setting)
        return found


def apply_limits(schema: Any, limits: Limits) -> Any:
    """``schema`` with every capped member holding ``limits``' value instead of the default's."""
    if isinstance(schema, list):
        return [apply_limits(item, limits) for item in schema]
    if not isinstance(schema, dict):
        return schema
    out = {key: apply_limits(value, limits) for key, value in schema.items()}
    setting = out.get(SETTING_KEY)
    if isinstance(setting, str):
        name = setting.removeprefix("WARTA_").lower()
        out[_keyword(out)] = getattr(limits, name)
    return out


def _keyword(schema: dict[str, Any]) -> str:
    """The JSON Schema keyword that caps this member: items of an array, characters of a string."""
    return "maxItems" if schema.get("type") == "array" else "maxLength"
