"""DeepL API v2's parameters and answers as models: the one place that says what ``/v2/translate``,
``/v2/document`` and the glossary and language endpoints take and give back. The blueprint validates
with them (``deepl_wire.parsed``), answers through them, and ``/openapi.json`` is generated from them.

They are DeepL's shapes, not Warta's contract: codes in DeepL's spelling (``EN-GB``), booleans as
``true`` or ``"1"``, a text or a list of texts, and parameters DeepL defines that change nothing here
accepted as DeepL accepts them. Unknown parameters are ignored and absent ones take their defaults
(``service/params.py``). A request's translation is then Warta's own ``TranslateRequest``
(``DeepLTranslate.request``), the one request model every synchronous API sends to the workers.
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal, Self

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    WithJsonSchema,
    model_validator,
)
from pydantic.json_schema import SkipJsonSchema

from service.deepl_languages import supports_formality, warta_code
from service.deepl_wire import UUID
from service.params import Absent, Params
from service.sync_texts import text_fault
from workers.contract.base import Document, omitted, refusal
from workers.contract.enums import MAX_SYNC_TEXTS
from workers.contract.limits import limits_in
from workers.contract.pairs import served_in
from workers.contract.sync import TagOptions
from workers.documents.formats import KINDS
from workers.languages import AUTO


def _lower(value: Any) -> Any:
    """DeepL reads its option values in any case."""
    return value.lower() if isinstance(value, str) else value


def _flag(value: Any) -> Any:
    """DeepL's booleans: JSON's, or (from a form, or as deepl-python sends some) "0", "1", "true",
    "false" in any case; anything else is refused."""
    if isinstance(value, str) and value.lower() in ("0", "1", "true", "false"):
        return value.lower() in ("1", "true")
    if isinstance(value, bool):
        return value
    raise ValueError("not a boolean")


def _listed(value: Any) -> Any:
    """A list parameter sent in a form: its one value, or (as deepl-python sends ``glossary_ids`` with a
    document) its values joined by commas."""
    return [item.strip() for item in value.split(",")] if isinstance(value, str) else value


Flag = Annotated[
    bool,
    BeforeValidator(_flag),
    WithJsonSchema({"anyOf": [{"type": "boolean"}, {"type": "string", "enum": ["0", "1", "true", "false"]}]}),
]
# ``less`` and ``more`` only for the targets DeepL takes them for (``supports_formality``): the document
# lists what every target takes.
Formality = Annotated[
    Literal["default", "prefer_less", "prefer_more", "less", "more"],
    BeforeValidator(_lower),
    WithJsonSchema({"type": "string", "enum": ["default", "prefer_less", "prefer_more"]}),
]
TagHandling = Annotated[Literal["html", "xml"], BeforeValidator(_lower)]
SplitSentences = Annotated[Literal["0", "1", "nonewlines"], BeforeValidator(_lower)]
ModelType = Annotated[
    Literal["quality_optimized", "latency_optimized", "prefer_quality_optimized", "prefer_latency_optimized"],
    BeforeValidator(_lower),
]
# A DeepL language code as the clients send it; which ones are served is checked against the workers.
SourceCode = Annotated[str, Field(min_length=1), WithJsonSchema({"type": "string", "format": "deepl-source"})]
TargetCode = Annotated[str, Field(min_length=1), WithJsonSchema({"type": "string", "format": "deepl-target"})]
Text = Annotated[str, WithJsonSchema({"type": "string", "minLength": 1, "format": "indonesian-text"})]
# Tag names: a list, or one comma-separated string (deepl-node, DeepL's CLI).
Tags = str | list[str]
# A glossary's entries, as DeepL's clients send them (v2 and v3 alike).
Entries = Annotated[str, WithJsonSchema({"type": "string", "format": "glossary-tsv"})]
EntriesFormat = Annotated[Literal["tsv", "csv"], BeforeValidator(_lower)]
GlossaryId = Annotated[str, Field(pattern=UUID.pattern), WithJsonSchema({"type": "string", "format": "uuid"})]
# ``glossary_id`` may be sent empty, meaning none.
NoneOrGlossaryId = Annotated[
    str,
    Field(pattern=f"{UUID.pattern}|^$"),
    WithJsonSchema({"anyOf": [{"type": "string", "format": "uuid"}, {"type": "string", "maxLength": 0}]}),
]
# A document's ``output_format``: an extension of a format Warta writes (the one uploaded must agree).
OutputFormat = Annotated[
    str,
    WithJsonSchema(
        {
            "type": "string",
            "enum": sorted({e.lstrip(".") for k in KINDS.values() for e in k.output.extensions}),
        }
    ),
]
# DeepL features Warta has no counterpart of: refused with a 400 naming what is missing, never ignored,
# since a client that sends one expects its translation to follow it. Not in the document: no request
# that sends one can succeed.
Refused = SkipJsonSchema[Any]
UNSUPPORTED = {
    "style_id": "style rules are not available on this server",
    "translation_memory_id": "translation memories are not available through the DeepL API here",
    "custom_instructions": "its translation models take no instructions",
}
# Where a text too long for ``/v2/translate`` goes: a document is a job, with the article caps.
DOCUMENT_INSTEAD = " Send longer text as a document (POST /v2/document)."


class DeepLInput(Params):
    """Every DeepL request's parameters, refused in DeepL's words."""

    null_detail: ClassVar[str] = "Value for '{field}' not supported: send a value, or leave it out."


class DeepLParams(DeepLInput):
    # DeepL's own rule, which its clients keep too: one way of naming the glossaries.
    model_config = ConfigDict(
        **DeepLInput.model_config, json_schema_extra={"not": {"required": ["glossary_id", "glossary_ids"]}}
    )
    """What ``/v2/translate`` and ``/v2/document`` both take: the pair, the glossary and the options.

    Warta always splits sentences and keeps every line break and the space around each line, has one
    model for every ``model_type``, and its models have no formality control: those options are checked
    as DeepL checks them and change nothing. ``less`` and ``more`` are refused for a target DeepL refuses
    them for, and accepted (the translation is the same) for the others, so clients written for DeepL
    work unchanged; the answer says so in ``Warta-Formality``."""

    hints: ClassVar[dict[str, str]] = {
        "formality": "default, prefer_less, prefer_more, less or more",
        "split_sentences": "0, 1 or nonewlines",
        "tag_handling": "html or xml",
        "tag_handling_version": "v1 or v2",
        "ignore_tags": "a list of tag names",
        "splitting_tags": "a list of tag names",
        "non_splitting_tags": "a list of tag names",
        "glossary_id": "a glossary id (GET /v2/glossaries lists them), or empty for none",
        "glossary_ids": "a list of one glossary id",
    }

    target_lang: TargetCode = Field(description="A target GET /v2/languages?type=target lists.")
    source_lang: SourceCode | Absent = Field(None, description="Absent: identified among the served sources.")
    glossary_id: NoneOrGlossaryId | Absent = Field(None, description="A glossary of the pair (empty: none).")
    glossary_ids: Annotated[list[GlossaryId], BeforeValidator(_listed), Field(max_length=1)] | Absent = Field(
        None,
        description="DeepL's glossaries applied in order, not with `glossary_id`; a translation here "
        "applies one.",
    )
    formality: Formality | Absent = Field(
        None,
        description="Accepted; Warta's models have no formality. `less` and `more` too, for the targets "
        "GET /v2/languages marks `supports_formality`.",
    )
    split_sentences: SplitSentences | Absent = None
    preserve_formatting: Flag | Absent = None
    outline_detection: Flag | Absent = None
    show_billed_characters: Flag | Absent = None
    enable_beta_languages: Flag | Absent = None
    tag_handling_version: Annotated[Literal["v1", "v2"], BeforeValidator(_lower)] | Absent = None
    model_type: ModelType | Absent = Field(None, description="One model serves every type.")
    context: str | Absent = Field(None, description="Accepted; not used by Warta's models.")
    style_id: Refused = None
    translation_memory_id: Refused = None
    custom_instructions: Refused = None

    _pair: tuple[str, str] = ("id", "en")

    @property
    def pair(self) -> tuple[str, str]:
        """The Warta pair: ``source_lang`` (absent: ``auto``) and ``target_lang`` as served."""
        return self._pair

    @property
    def glossary(self) -> str | None:
        """The one glossary asked for, by ``glossary_id`` or ``glossary_ids``."""
        return self.glossary_id or (self.glossary_ids[0] if self.glossary_ids else None)

    @property
    def identity(self) -> bool:
        """Whether the text goes into its own language (a variant of it): it comes back as it is."""
        return self._pair[0] == self._pair[1]

    @property
    def formality_not_applied(self) -> str | None:
        """The formality asked for that the models could not apply (``Warta-Formality``)."""
        return self.formality if self.formality not in (None, "default") else None

    @model_validator(mode="after")
    def _served(self, info: ValidationInfo) -> Self:
        for name, why in UNSUPPORTED.items():
            if getattr(self, name) not in (None, "", []):
                raise refusal("unsupported_feature", f"Value for '{name}' not supported: {why}.", status=400)
        if self.glossary_id and self.glossary_ids:
            detail = (
                "Value for 'glossary_ids' not supported: send one glossary; a translation applies one here."
            )
            raise refusal("invalid_field", detail, status=400)
        self._pair = _served_pair(self.source_lang, self.target_lang, info)
        if self.formality in ("less", "more") and not supports_formality(self._pair[1]):
            raise refusal(
                "invalid_field", "'formality' is not supported for given 'target_lang'.", status=400
            )
        return self


def _tag_names(value: Tags | None) -> set[str]:
    """Tag names as the clients send them: a list, or one comma-separated string (deepl-node, the CLI)."""
    listed = value if isinstance(value, list) else [value or ""]
    return {name.strip().lower() for item in listed for name in item.split(",") if name.strip()}


def _served_pair(given: str | None, target: str, info: ValidationInfo) -> tuple[str, str]:
    """The Warta pair of DeepL's codes, refused as DeepL refuses a code it does not serve, naming what
    is served. Without a served table (a model built outside a request) the codes are only read."""
    served = served_in(info)
    if served is None:
        return AUTO if given is None else given.lower(), target.lower()
    source = warta_code(given, served.sources()) if given else AUTO
    listed = f"served: {served.describe()}; GET /v2/languages lists them"
    if source is None:
        detail = f"Value for 'source_lang' not supported: {given} is not served here ({listed})."
        raise refusal("unsupported_pair", detail, status=400)
    if source != AUTO and warta_code(target, [source]) == source:
        return source, source  # into its own language (EN into EN-US): the text as it is, as DeepL
    found = warta_code(target, served.targets(None if source == AUTO else source))
    if found is None:
        detail = f"Value for 'target_lang' not supported: {given or 'any source'} -> {target} is not served "
        raise refusal("unsupported_pair", detail + f"here ({listed}).", status=400)
    return source, found


class DeepLTranslate(DeepLParams):
    """``POST /v2/translate``, from JSON (deepl-python) or form fields (deepl-node: ``text`` repeated)."""

    hints: ClassVar[dict[str, str]] = {
        **DeepLParams.hints,
        "text": f"a text or a list of 1 to {MAX_SYNC_TEXTS}",
    }

    text: Text | Annotated[list[Text], Field(min_length=1, max_length=MAX_SYNC_TEXTS)] = Field(
        description="The texts, each answered in order; line breaks are kept."
    )
    tag_handling: TagHandling | Absent = Field(None, description="Markup kept; the text between translated.")
    ignore_tags: Tags | Absent = Field(None, description="Elements whose content is left as it is.")
    splitting_tags: Tags | Absent = None
    non_splitting_tags: Tags | Absent = None

    @property
    def texts(self) -> list[str]:
        return [self.text] if isinstance(self.text, str) else list(self.text)

    @model_validator(mode="before")
    @classmethod
    def _sized(cls, given: Any, info: ValidationInfo) -> Any:
        """Each text's size and characters, refused by its number, before anything reads them: parsed as
        a list (as both clients send ``text``), a long text was told it "must be a non-empty string".
        What is no string, or blank, is left to the field's own check."""
        texts = given.get("text") if isinstance(given, dict) else None
        limits = limits_in(info)
        for number, text in enumerate(texts if isinstance(texts, list) else [texts], 1):
            fault = text_fault(text, limits) if isinstance(text, str) and text.strip() else None
            if fault is not None and fault.limit is not None:
                detail = f"Text {number} has {len(text)} characters; one text may have at most {fault.limit}."
                raise refusal("text_too_long", detail + DOCUMENT_INSTEAD, status=413, member="text")
            if fault is not None:
                raise refusal(fault.code, fault.detail.replace("{field}", f"Text {number}"), status=400)
        return given

    def request(self, glossary: str | None) -> dict[str, Any]:
        """The translation as Warta's own ``TranslateRequest`` takes it (``glossary`` the Warta glossary
        applied)."""
        return {"text": self.texts, "tag_handling": self.tag_handling, "glossary": glossary or "default",
                "source_lang": self.pair[0], "target_lang": self.pair[1]}  # fmt: skip

    def tag_options(self) -> TagOptions:
        """DeepL's tag parameters as the workers read markup with them: names lower-case; structure
        detected in XML unless ``outline_detection`` is 0, as DeepL's default is."""
        lists = {name: sorted(_tag_names(getattr(self, name)))
                 for name in ("splitting_tags", "non_splitting_tags", "ignore_tags")}  # fmt: skip
        return TagOptions(**lists, outline_detection=self.outline_detection is not False)


class DeepLDocument(DeepLParams):
    """``POST /v2/document``: the file part (or, as a form field with no file name, the text itself)."""

    hints: ClassVar[dict[str, str]] = {**DeepLParams.hints, "output_format": "the uploaded file's format"}

    file: SkipJsonSchema[str | None] = None
    output_format: OutputFormat | Absent = Field(
        None, description="The format the file comes back in: its own (docx for a pdf)."
    )


class DeepLDocumentKey(DeepLInput):
    """A document's key, sent with every request about it."""

    document_key: str = Field(min_length=1)


class DeepLLanguagesQuery(DeepLInput):
    hints: ClassVar[dict[str, str]] = {"type": "source or target"}

    type: Annotated[Literal["source", "target"], BeforeValidator(_lower)] = "source"


class DeepLGlossaryCreate(DeepLInput):
    """``POST /v2/glossaries``: a glossary of one served pair, from TSV or CSV entries."""

    hints: ClassVar[dict[str, str]] = {"entries_format": "tsv or csv"}

    name: str = Field(min_length=1)
    source_lang: SourceCode
    target_lang: TargetCode
    entries: Entries = Field(min_length=1)
    entries_format: EntriesFormat = "tsv"


class DeepLTranslation(Document):
    detected_source_language: str = Field(description="The source's DeepL code, identified or as sent.")
    text: str
    billed_characters: int = Field(ge=0)
    model_type_used: str | None = omitted()


class DeepLTranslations(Document):
    translations: list[DeepLTranslation]


class DeepLLanguage(Document):
    language: str
    name: str
    supports_formality: bool | None = omitted(description="Targets only.")


class DeepLUsage(Document):
    character_count: int = Field(ge=0, description="No character_limit: Warta sets none.")


class DeepLGlossaryPair(Document):
    source_lang: str
    target_lang: str


class DeepLGlossaryPairs(Document):
    supported_languages: list[DeepLGlossaryPair]


class DeepLGlossary(Document):
    glossary_id: str
    name: str
    ready: bool
    source_lang: str
    target_lang: str
    creation_time: str = Field(json_schema_extra={"format": "date-time"})
    entry_count: int = Field(ge=0)


class DeepLGlossaries(Document):
    glossaries: list[DeepLGlossary]


class DeepLDocumentHandle(Document):
    document_id: str
    document_key: str


class DeepLDocumentStatus(Document):
    document_id: str
    status: Literal["queued", "translating", "done", "error"]
    seconds_remaining: int | None = omitted()
    billed_characters: int | None = omitted()
    error_message: str | None = omitted()
    message: str | None = omitted()


class DeepLMessage(Document):
    """Every DeepL error: a missing or bad key 403, a refused parameter 400."""

    message: str


REQUESTS: tuple[type[BaseModel], ...] = (DeepLTranslate, DeepLDocument, DeepLDocumentKey, DeepLGlossaryCreate)
QUERIES: tuple[type[BaseModel], ...] = (DeepLLanguagesQuery,)
ANSWERS: tuple[type[BaseModel], ...] = (
    DeepLTranslations, DeepLLanguage, DeepLUsage, DeepLGlossaryPairs, DeepLGlossary, DeepLGlossaries,
    DeepLDocumentHandle, DeepLDocumentStatus, DeepLMessage,
)  # fmt: skip
