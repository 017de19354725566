"""The language pair of a request: its members, and the refusal of a pair no live worker serves.

Codes are read the way ``workers.languages`` spells them (``IND``, ``in-ID`` and ``id`` are one
language); ``auto`` as the source asks for each article's language to be identified. Whether a pair is
served is known only to the API, from the workers' reports: it passes them in the validation context
(``served``), and without them (a worker's own checks, the CLI) nothing is refused for its pair.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator, Field, ValidationInfo

from workers.contract.base import refusal
from workers.languages import AUTO, UnknownLanguage, closest, normalize
from workers.model_table import LanguagePair, ServedPairs

SOURCE_HINT = 'a language code such as "id", or "auto" to identify each text\'s language'
TARGET_HINT = 'a language code such as "en"'


def _code(value: Any, auto: bool) -> Any:
    """A code as Warta spells it; anything else is left for the type check to refuse with the hint."""
    if not isinstance(value, str):
        return value
    if auto and value.strip().lower() == AUTO:
        return AUTO
    try:
        return normalize(value)
    except UnknownLanguage:
        raise ValueError("not a language code") from None


SourceLanguage = Annotated[
    str,
    BeforeValidator(lambda v: _code(v, auto=True)),
    Field(
        description='The language of the texts (ISO 639-1, e.g. "id"), or "auto": identified per text. '
        "Served pairs: GET /v2/languages, GET /languages.",
        json_schema_extra={"format": "source-language"},
    ),
]
LanguageCode = Annotated[
    str,
    BeforeValidator(lambda v: _code(v, auto=False)),
    Field(description='A language (ISO 639-1, e.g. "id").', json_schema_extra={"format": "language-code"}),
]
TargetLanguage = Annotated[
    str,
    BeforeValidator(lambda v: _code(v, auto=False)),
    Field(
        description='The language to translate into (ISO 639-1, e.g. "en").',
        json_schema_extra={"format": "target-language"},
    ),
]


def served_in(info: ValidationInfo | None) -> ServedPairs | None:
    context = info.context if info is not None else None
    found = context.get("served") if isinstance(context, dict) else None
    return found if isinstance(found, ServedPairs) else None


def served_pair(source: str, target: str, served: ServedPairs | None) -> LanguagePair:
    """The pair asked for, as served (``zh`` is served as ``zh-Hans``); refused, naming what is served,
    where no live worker translates it. ``source`` may be ``auto``: then only the target is checked."""
    if served is None:
        return LanguagePair(source, target)
    if source == AUTO:
        chosen = closest(target, served.targets())
        if chosen is None:
            raise unserved(f"No live worker translates into {target!r}", served, "target_lang")
        return LanguagePair(source, chosen)
    from_source = closest(source, served.sources())
    if from_source is None:
        raise unserved(f"No live worker translates from {source!r}", served, "source_lang")
    chosen = closest(target, served.targets(from_source))
    if chosen is None:
        raise unserved(f"No live worker translates {from_source!r} into {target!r}", served, "target_lang")
    return LanguagePair(from_source, chosen)


def unserved(what: str, served: ServedPairs, member: str) -> Exception:
    return refusal(
        "pair_not_served",
        f"{what}. Served: {served.describe()}. GET /v2/languages or /languages lists them; an operator "
        "adds a pair with WARTA_MT_MODELS.",
        status=400,
        member=member,
    )
