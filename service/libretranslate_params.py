"""LibreTranslate 1.9's fields and answers as models: the one place that says what ``/translate``,
``/detect``, ``/suggest`` and ``/translate_file`` take and what every LibreTranslate route gives back. The
blueprint validates with them (``parsed``), answers through them, and ``/openapi.json`` is generated
from them.

They are LibreTranslate's shapes, not Warta's contract: its clients send the same fields from JSON, a
form or the query string (``fields`` in the blueprint reads them so), ``q`` is a text or (from JSON) a
list of texts, languages are matched as LibreTranslate matches them (any case, its aliases), and each
refusal is worded as LibreTranslate words it, in the order it checks: missing fields first, then each
field in turn, then the pair. Unknown fields are ignored and a null refused, as by every compatible API's
parameters (``service/params.py``). A translation is then Warta's own ``TranslateRequest``
(``LibreTranslate.request``), the one request model every synchronous API sends to the workers.

The languages are checked here, against the pairs the workers serve (the validation context's
``served``): an unknown code is a field's own fault, refused before the fields after it are read, as
LibreTranslate refuses it. A pair is checked here too where both codes are known once the fields are;
``/translate``'s is checked by the blueprint, after an ``auto`` source is detected in the texts as they
are translated (a form's line breaks made ``\\n`` first), since the detected language is the pair's.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    Field,
    TypeAdapter,
    ValidationInfo,
    WithJsonSchema,
    model_validator,
)
from pydantic.json_schema import SkipJsonSchema
from werkzeug.utils import secure_filename

from service.params import Params
from service.sync_texts import text_fault
from workers.alternatives import MAX_ALTERNATIVES
from workers.contract.base import DROPPED_CONTROLS, Document, omitted, refusal
from workers.contract.enums import MAX_SYNC_TEXTS
from workers.contract.limits import SETTING_KEY, Limits, limits_in
from workers.contract.pairs import served_in
from workers.contract.request import SyncText
from workers.documents.formats import EXTENSIONS
from workers.languages import AUTO, UnknownLanguage, closest, normalize
from workers.languages import name as language_name
from workers.model_table import ServedPairs
from workers.settings import env_name

# LibreTranslate's own spellings of some languages (its ``iso2model``), read as the languages they mean.
ALIASES = {"pb": "pt-BR", "zt": "zh-Hant"}
# Every extension a document format of Warta has (``workers/documents/formats.py``).
FILE_FORMATS = list(EXTENSIONS)
MISSING = "Invalid request: missing {name} parameter"
DIGITS = re.compile("[0-9]+")
# A text as ``/v1/translate`` takes it (something besides whitespace, only characters XML can carry, the
# server's cap); what ``/translate`` and ``/detect`` are sent is drawn as newsroom text where generated.
SYNC_TEXT: dict[str, Any] = TypeAdapter(SyncText).json_schema()
TEXT = {**SYNC_TEXT, "format": "indonesian-text"}
# One of several texts ``/detect`` reads together: blank is fine where another is not.
ANY_TEXT = {"type": "string", "pattern": f"^[^{DROPPED_CONTROLS}]*$", "maxLength": Limits().max_sync_chars,
            SETTING_KEY: env_name("max_sync_chars"), "format": "indonesian-text"}  # fmt: skip
# ``alternatives``: a whole number, or its ASCII digits (a form's field), 0 to ``MAX_ALTERNATIVES``.
ALTERNATIVES = {"anyOf": [
    {"type": "integer", "minimum": 0, "maximum": MAX_ALTERNATIVES},
    {"type": "string", "pattern": f"^0*(?:{'|'.join(map(str, range(MAX_ALTERNATIVES, -1, -1)))})$"},
]}  # fmt: skip
KEY_DESCRIPTION = (
    "A Warta API key (or send `Authorization: Bearer`); where keys are optional, a value that is not one "
    "is ignored, as LibreTranslate ignores keys when it has none."
)


def known(served: ServedPairs) -> list[str]:
    """Every language served, as a source or a target: LibreTranslate lists each, with its targets."""
    return sorted({*served.sources(), *served.targets()})


def targets_of(source: str, served: ServedPairs) -> list[str]:
    """What ``source`` translates into here: the served targets, and itself (the text unchanged, as
    LibreTranslate's identity translation)."""
    return sorted({source, *served.targets(source)})


def unavailable(source: str, target: str, served: ServedPairs) -> str | None:
    """LibreTranslate's refusal of a pair of known languages that is not served; None where it is."""
    if target in targets_of(source, served):
        return None
    return (f"{language_name(target)} ({target}) is not available as a target language from "
            f"{language_name(source)} ({source})")  # fmt: skip


def _language(value: Any, info: ValidationInfo, auto: bool) -> str:
    """A language code as LibreTranslate matches it (any case, its aliases), as served; refused when no
    language served is it. Without the served pairs (a model built outside a request) it is only read."""
    given = str(value).strip()
    if auto and given.lower() == AUTO:
        return AUTO
    served = served_in(info)
    try:
        code = normalize(ALIASES.get(given.lower(), given))
        found = code if served is None else closest(code, known(served))
    except UnknownLanguage:
        found = None
    if found is None:
        raise refusal("unsupported_language", f"{value} is not supported", status=400)
    return found


def _source(value: Any, info: ValidationInfo) -> str:
    return _language(value, info, auto=True)


def _target(value: Any, info: ValidationInfo) -> str:
    return _language(value, info, auto=False)


def _code(schema_format: str) -> WithJsonSchema:
    """A code as the document states it: a string, drawn from the pair the tests serve where generated."""
    return WithJsonSchema({"type": "string", "format": schema_format})


Source = Annotated[str, BeforeValidator(_source), _code("source-language")]
# A source that must be a language: a suggestion's, whose language is not detected.
KnownSource = Annotated[str, BeforeValidator(_target), _code("language-code")]
Target = Annotated[str, BeforeValidator(_target), _code("target-language")]


def _alternatives(asked: Any) -> int:
    """A whole number from JSON, or a field's ASCII digits. ``str.isdigit`` also takes "²" and "٣", which
    ``int`` refuses or reads, and ``int`` refuses more than 4,300 digits: a number is read only from ASCII
    digits, and only once it is short enough to be in range."""
    if isinstance(asked, str) and DIGITS.fullmatch(asked):
        significant = asked.lstrip("0") or "0"
        number = int(significant) if len(significant) <= len(str(MAX_ALTERNATIVES)) else MAX_ALTERNATIVES + 1
    elif isinstance(asked, int) and not isinstance(asked, bool):
        number = asked
    elif isinstance(asked, float) and asked.is_integer():
        number = int(asked)
    else:
        raise refusal("invalid_field", "Invalid request: alternatives parameter is not a number", status=400)
    if not 0 <= number <= MAX_ALTERNATIVES:
        detail = f"Invalid request: alternatives parameter must be 0 to {MAX_ALTERNATIVES}"
        raise refusal("invalid_field", detail, status=400)
    return number


def _format(value: Any) -> Any:
    if value in ("text", "html"):
        return value
    raise refusal("unsupported_format", f"{value} format is not supported", status=400)


def _texts(q: str | list[str]) -> list[str]:
    return [q] if isinstance(q, str) else list(q)


def check_texts(texts: list[str], name: str, limits: Limits) -> None:
    """``texts`` within the synchronous cap all together (LibreTranslate's ``char_limit`` counts every
    text of a request, and so does Warta's), then each checked as the contract checks a synchronous text
    (``service/sync_texts.py``), in LibreTranslate's words. Checked before anything reads the texts
    (``source: auto`` detects their language)."""
    chars = sum(len(text) for text in texts)
    if chars > limits.max_sync_chars:
        detail = f"Invalid request: request ({chars}) exceeds text limit ({limits.max_sync_chars})"
        raise refusal("text_too_long", detail, status=400, limit=limits.max_sync_chars)
    for text in texts:
        fault = text_fault(text, limits)
        if fault is not None:
            raise refusal(fault.code, "Invalid request: " + fault.detail.replace("{field}", name), status=400)


def _checked(q: str | list[str], info: ValidationInfo) -> str | list[str]:
    check_texts(_texts(q), "q", limits_in(info))
    return q


def _counted(q: str | list[str]) -> str | list[str]:
    if isinstance(q, list) and len(q) > MAX_SYNC_TEXTS:
        detail = f"Invalid request: request ({len(q)}) exceeds text limit ({MAX_SYNC_TEXTS})"
        raise refusal("too_many_texts", detail, status=400)
    return q


# ``q``: one text, or (from JSON) several, each answered in order.
BATCH = {"type": "array", "items": TEXT, "minItems": 1, "maxItems": MAX_SYNC_TEXTS}
Texts = Annotated[
    str | list[str],
    AfterValidator(_checked),
    AfterValidator(_counted),
    WithJsonSchema({"anyOf": [TEXT, BATCH]}),
]
# ``/detect``'s ``q``: several texts are read as one, of any number, so only one need hold a word.
DetectTexts = Annotated[
    str | list[str],
    AfterValidator(_checked),
    WithJsonSchema({"anyOf": [TEXT, {"type": "array", "items": ANY_TEXT, "minItems": 1, "contains": TEXT}]}),
]
# A suggestion's sentence and its English: one text each, checked once the pair is known.
Sentence = Annotated[str, WithJsonSchema(SYNC_TEXT)]


class LibreKeyed(Params):
    """What every LibreTranslate request may carry: the key."""

    # The key is read before the route (``TOKEN_SOURCES``). Every model here first refuses a required
    # field that is missing or empty (LibreTranslate's ``not value``: an empty string or list, null, 0,
    # false), in the order its fields are named, before it reads any: LibreTranslate checks presence first.
    # A null where a field may be left out is then refused (``Params``), in LibreTranslate's words.

    hints: ClassVar[dict[str, str]] = {"api_key": "a string"}
    null_detail: ClassVar[str] = "Invalid request: {field} parameter may not be null"

    api_key: str = Field("", description=KEY_DESCRIPTION)

    @model_validator(mode="before")
    @classmethod
    def _present(cls, given: Any) -> Any:
        if isinstance(given, dict):
            for name, spec in cls.model_fields.items():
                if spec.is_required() and not given.get(name):
                    raise refusal("missing_parameter", MISSING.format(name=name), status=400, member=name)
        return given


class LibreTranslate(LibreKeyed):
    """``POST /translate``: texts translated while the client waits."""

    hints: ClassVar[dict[str, str]] = {
        **LibreKeyed.hints,
        "alternatives": f"a whole number from 0 to {MAX_ALTERNATIVES}",
        "q": "a string or a list of strings",
        "source": "a language code, or auto",
        "target": "a language code",
        "format": "text or html",
    }

    # Read before the texts, as LibreTranslate reads it: a field's faults are told in the order named.
    alternatives: Annotated[int, BeforeValidator(_alternatives), WithJsonSchema(ALTERNATIVES)] = Field(
        0, description="The model beam's next hypotheses wanted for each text (none for html)."
    )
    q: Texts = Field(description="The texts, each answered in order; a form sends one.")
    source: Source = Field(description="auto: detected in the texts. Served pairs: GET /languages.")
    target: Target
    format: Annotated[Literal["text", "html"], BeforeValidator(_format)] = Field(
        "text", description="html: markup kept, the text between translated."
    )

    @property
    def texts(self) -> list[str]:
        return _texts(self.q)

    @property
    def batch(self) -> bool:
        """Whether ``q`` was a list, answered with lists."""
        return isinstance(self.q, list)

    def request(self, texts: list[str], source: str) -> dict[str, Any]:
        """The translation as Warta's own ``TranslateRequest`` takes it (``texts`` as translated, from
        ``source``: under ``auto``, the language detected), with the default glossary."""
        return {"text": texts, "tag_handling": "html" if self.format == "html" else None,
                "source_lang": source, "target_lang": self.target}  # fmt: skip


class LibreDetect(LibreKeyed):
    """``POST /detect``: the language of the texts, read together."""

    hints: ClassVar[dict[str, str]] = {**LibreKeyed.hints, "q": "a string or a list of strings"}

    q: DetectTexts

    @property
    def texts(self) -> list[str]:
        return _texts(self.q)

    @model_validator(mode="after")
    def _worded(self) -> Self:
        """Text of whitespace alone says no language: as good as missing."""
        if not "".join(self.texts).strip():
            raise refusal("missing_parameter", MISSING.format(name="q"), status=400, member="q")
        return self


def _served_pair(source: str, target: str, info: ValidationInfo) -> None:
    served = served_in(info)
    detail = unavailable(source, target, served) if served is not None else None
    if detail is not None:
        raise refusal("unsupported_pair", detail, status=400)


class LibreSuggest(LibreKeyed):
    """``POST /suggest``: a key's English (``s``) for a sentence (``q``)."""

    hints: ClassVar[dict[str, str]] = {
        **LibreKeyed.hints,
        "q": "a string",
        "s": "a string",
        "source": "a language code",
        "target": "a language code",
    }

    q: Sentence = Field(description="The sentence, as a translation would send it.")
    s: Sentence = Field(description="Its translation, used by this key's later translations of it.")
    source: KnownSource
    target: Target

    @model_validator(mode="after")
    def _sized(self, info: ValidationInfo) -> Self:
        """The pair, then the texts: LibreTranslate checks a suggestion's pair before its texts."""
        _served_pair(self.source, self.target, info)
        check_texts([self.q], "q", limits_in(info))
        check_texts([self.s], "s", limits_in(info))
        return self


def _named(filename: str) -> str:
    """The uploaded file's name, refused as LibreTranslate refuses it: empty, or not of a format read."""
    if not filename:
        raise refusal("empty_file", "Invalid request: empty file", status=400)
    if Path(secure_filename(filename)).suffix.lower() not in FILE_FORMATS:
        raise refusal("unsupported_format", "Invalid request: file format not supported", status=400)
    return filename


class LibreTranslateFile(LibreKeyed):
    """``POST /translate_file``'s form fields, beside the file part. Under ``auto`` the file's language
    is left to the worker that reads it, and only the target is checked."""

    hints: ClassVar[dict[str, str]] = {**LibreKeyed.hints, "source": "a language code, or auto",
                                       "target": "a language code"}  # fmt: skip

    # The file part's name, which the blueprint passes from ``request.files``: checked here so that it is
    # refused where LibreTranslate refuses it, before the languages. No field of the form: the document
    # states the part itself.
    file: SkipJsonSchema[Annotated[str, AfterValidator(_named)]] = ""
    source: Source = Field(description="auto: the worker detects the file's language.")
    target: Target

    @model_validator(mode="after")
    def _paired(self, info: ValidationInfo) -> Self:
        if self.source != AUTO:
            _served_pair(self.source, self.target, info)
        return self


class LibreDetection(Document):
    confidence: float = Field(ge=0, le=100, description="LibreTranslate's 0–100.")
    language: str


class LibreTranslation(Document):
    """``/translate``'s answer: each member a list where ``q`` was one."""

    translatedText: str | list[str]
    alternatives: list[str] | list[list[str]] | None = omitted(
        description="Only where asked for: the model beam's next hypotheses (none for html)."
    )
    detectedLanguage: LibreDetection | list[LibreDetection] | None = omitted(
        description="Only with source auto."
    )


class LibreLanguage(Document):
    code: str
    name: str
    targets: list[str] = Field(description="Served targets, and the language itself (the text unchanged).")


class LibreLanguageName(Document):
    code: str
    name: str


class LibreDefaultLanguages(Document):
    source: LibreLanguageName
    target: LibreLanguageName


class LibreFrontendSettings(Document):
    """What LibreTranslate's web page reads before it shows anything."""

    charLimit: int = Field(description="WARTA_MAX_SYNC_CHARS.")
    frontendTimeout: int
    apiKeys: bool
    keyRequired: bool
    suggestions: bool
    filesTranslation: bool
    supportedFilesFormat: list[str]
    language: LibreDefaultLanguages


class LibreHealth(Document):
    status: Literal["ok"]


class LibreSuccess(Document):
    success: Literal[True]


class LibreFileUrl(Document):
    translatedFileUrl: str = Field(json_schema_extra={"format": "uri"})


class LibreError(Document):
    """Every LibreTranslate error: a refused request 400, a refused key 403."""

    error: str


REQUESTS: tuple[type[BaseModel], ...] = (LibreTranslate, LibreDetect, LibreSuggest, LibreTranslateFile)
QUERIES: tuple[type[BaseModel], ...] = ()
ANSWERS: tuple[type[BaseModel], ...] = (
    LibreTranslation, LibreDetection, LibreLanguage, LibreFrontendSettings, LibreHealth, LibreSuccess,
    LibreFileUrl, LibreError,
)  # fmt: skip
