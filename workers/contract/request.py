"""What a client sends: a job of articles, or a benchmark of sentence pairs.

Validation does what the models will see: HTML is reduced to its main text (so the language check and
the caps see the article, not the page), the sentences of the whole job are counted against the cap,
and text that is not Indonesian is refused unless ``force`` is set. What validation accepts becomes the
stored articles (``ArticleInput``) and the job's options (``JobOptions``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, ClassVar, Literal, Self

from pydantic import (
    BaseModel,
    Field,
    PrivateAttr,
    StrictBool,
    StrictStr,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic.json_schema import SkipJsonSchema

from glossary.entry import XML_CHARACTERS, NonBlank, TermEntry
from glossary.formats import GlossaryFormatError, parse_terms
from workers.contract.article import ArticleInput
from workers.contract.base import STRICT, Heading, Identifier, Stripped, refusal
from workers.contract.enums import (
    DEFAULT_GLOSSARY,
    MAX_BENCHMARK_PAIRS,
    MAX_ID_CHARS,
    MAX_INLINE_TERMS,
    MAX_NAME_CHARS,
    MAX_SYNC_TEXTS,
    SUMMARY_TOKENS,
    TASKS,
    SummaryLength,
    SummaryMethod,
    Task,
)
from workers.contract.job import JobOptions, SummaryTokens
from workers.contract.limits import Cap, Limits, limits_in
from workers.contract.pairs import (
    SOURCE_HINT,
    TARGET_HINT,
    SourceLanguage,
    TargetLanguage,
    served_in,
    served_pair,
    unserved,
)
from workers.languages import AUTO, base, closest, name
from workers.model_table import LanguagePair, ServedPairs
from workers.settings import env_name
from workers.text.html import extract_article
from workers.text.language import LanguageGuess, detect_language, language_ranks
from workers.text.lines import sentence_count
from workers.text.prepare import prepare_text

ARTICLE_CHARS = Cap(
    "article_too_large",
    "{field} has {count} characters; the cap is {limit}. Split the article or raise {setting}.",
    setting="max_article_chars",
)
# An edited sentence is held to the article's cap (it is stored in the article), but told so in terms of
# the sentence: "split the article" cannot be done from a sentence editor.
SENTENCE_CHARS = Cap(
    "sentence_too_long",
    "{field} has {count} characters; one sentence's English may have at most {limit}, the cap of an "
    "article ({setting}). Send only this sentence's English; text beyond it belongs to other sentences.",
    setting="max_article_chars",
)
ArticleText = Annotated[NonBlank, ARTICLE_CHARS, Field(json_schema_extra={"format": "indonesian-text"})]
ArticleHtml = Annotated[NonBlank, ARTICLE_CHARS, Field(json_schema_extra={"format": "indonesian-html"})]
Reference = Annotated[Stripped, ARTICLE_CHARS]


def _one_of_text_or_html(schema: dict[str, Any]) -> None:
    schema["oneOf"] = [{"required": ["text"]}, {"required": ["html"]}]
    for member in ("text", "html"):
        schema["properties"][member].pop("default", None)


class ArticleIn(BaseModel):
    """One article: exactly one of ``text`` (each non-blank line a paragraph) or ``html`` (a whole page:
    its main text is extracted, and scripts, styles and navigation never reach the models)."""

    model_config = STRICT | {"json_schema_extra": lambda schema: _one_of_text_or_html(schema)}
    hint: ClassVar[str] = 'an object such as {"text": "…"}'
    hints: ClassVar[dict[str, str]] = {
        "id": f"a non-empty string of at most {MAX_ID_CHARS} characters on one line when given",
        "title": "a non-empty string when given",
        "text": "a non-empty string of Indonesian text",
        "html": "a non-empty string of Indonesian HTML",
        "reference": "a non-empty string when given",
        "reference_summary": "a non-empty string when given",
    }

    id: Annotated[Identifier, Field(max_length=MAX_ID_CHARS)] | None = Field(
        default=None,
        description="Defaults to the position, from 1; unique within the job; one line, no tabs.",
    )
    title: Heading | None = Field(default=None, description="Kept on one line: its whitespace made spaces.")
    # Null counts as absent; the schema names only the string.
    text: ArticleText | SkipJsonSchema[None] = None
    html: ArticleHtml | SkipJsonSchema[None] = None
    reference: Reference | None = Field(
        default=None, description="An English reference translation: BLEU, chrF++ and TER in the result."
    )
    reference_summary: Reference | None = Field(
        default=None, description="An English reference summary: ROUGE in the result."
    )

    @model_validator(mode="after")
    def _one_body(self) -> Self:
        if (self.text is None) == (self.html is None):
            raise refusal(
                "invalid_field", '{field} needs exactly one of "text" (plain text) or "html".', member="text"
            )
        return self

    def accepted(self, position: int) -> ArticleInput:
        """The article as stored: the text extracted from ``html``, the id defaulted to the position."""
        text, title = self.text, self.title
        if self.html is not None:
            extracted = extract_article(self.html)
            if not extracted.text.strip():
                raise refusal(
                    "invalid_field",
                    "No article text was found in {field}; send the page's full "
                    'HTML or the text itself as "text".',
                    member=f"articles[{position}].html",
                )
            text, title = extracted.text, title or extracted.title
        return ArticleInput(
            id=self.id or str(position + 1),
            title=title,
            text=text or "",
            html=self.html,
            reference=self.reference,
            reference_summary=self.reference_summary,
        )


class GlossaryChoice(BaseModel):
    """The glossary members of every request that translates: a named glossary and inline terms."""

    model_config = STRICT
    hints: ClassVar[dict[str, str]] = {
        "glossary": f'a stored glossary\'s name, "{DEFAULT_GLOSSARY}", or null for none',
        "terms": "a list of term objects",
    }

    glossary: Annotated[StrictStr, Field(json_schema_extra={"format": "glossary-name"})] | None = Field(
        default=DEFAULT_GLOSSARY,
        description=f'A stored glossary\'s name; "{DEFAULT_GLOSSARY}" is built in; null for none.',
    )
    terms: Annotated[
        list[TermEntry],
        Cap("too_many_terms", "{count} inline terms exceed the cap of {limit}.", limit=MAX_INLINE_TERMS),
    ] = Field(
        default_factory=list,
        description="Inline terms; they win over the named glossary. No source may belong to two "
        "terms, and ids are unique.",
    )

    @field_validator("terms")
    @classmethod
    def _terms_agree(cls, terms: list[TermEntry]) -> list[TermEntry]:
        """Sources claimed by two terms and repeated ids are refused; ids are made where missing."""
        try:
            parsed = parse_terms([t.model_dump() for t in terms], prefix="")
        except GlossaryFormatError as error:
            raise refusal("invalid_field", f"{error.problem}.", member=error.member or "") from None
        return [TermEntry.model_validate(t.to_dict()) for t in parsed]


class JobRequest(GlossaryChoice):
    """``POST /v1/jobs``: articles to translate and summarize, and how."""

    model_config = STRICT
    hint: ClassVar[str] = 'a JSON object such as {"articles": [{"text": "…"}]}'
    hints: ClassVar[dict[str, str]] = {
        **GlossaryChoice.hints,
        "articles": 'a non-empty list of {"text": "…"} objects',
        "tasks": f"a non-empty list drawn from {', '.join(TASKS)}",
        "clean": "true or false",
        "force": "true or false",
        "source_lang": SOURCE_HINT,
        "target_lang": TARGET_HINT,
        "summary_method": f"one of {', '.join(SummaryMethod)}, or null",
        "summary_length": f"one of {', '.join(SummaryLength)} or a number of tokens from {SUMMARY_TOKENS[0]} "
        f"to {SUMMARY_TOKENS[1]}",
    }

    articles: Annotated[
        list[ArticleIn],
        Field(min_length=1),
        Cap(
            "too_many_articles",
            "{count} articles exceed the cap of {limit} per job; split them over several jobs.",
            setting="max_articles",
        ),
    ]
    tasks: list[Task] = Field(default_factory=lambda: list(TASKS), min_length=1)
    clean: StrictBool = Field(default=True, description="Drop bylines, captions and boilerplate first.")
    force: StrictBool = Field(
        default=False, description="Process articles that do not look like their source language."
    )
    source_lang: SourceLanguage = "id"
    target_lang: TargetLanguage = "en"
    summary_method: SummaryMethod | None = Field(
        default=None, description="Default: abstractive where a summarization model is configured."
    )
    summary_length: SummaryLength | SummaryTokens = SummaryLength.MEDIUM

    _accepted: list[ArticleInput] = PrivateAttr(default_factory=list)
    _pair: LanguagePair = PrivateAttr(default=LanguagePair("id", "en"))

    @field_validator("tasks")
    @classmethod
    def _in_pipeline_order(cls, tasks: list[Task]) -> list[Task]:
        return [task for task in TASKS if task in tasks]

    @model_validator(mode="after")
    def _accept(self, info: ValidationInfo) -> Self:
        served = served_in(info)
        self._pair = served_pair(self.source_lang, self.target_lang, served)
        accepted = [article.accepted(i) for i, article in enumerate(self.articles)]
        cap = limits_in(info).max_sentences
        sentences = sum(len(prepare_text(a.text, clean=False).sentences) for a in accepted)
        if sentences > cap:
            raise refusal(
                "too_many_sentences",
                f"The articles hold {sentences} sentences; the cap is {cap} per "
                "job. Split them over several jobs.",
                status=413,
                limit=cap,
                member="articles",
            )
        seen: set[str] = set()
        for i, article in enumerate(accepted):
            if article.id in seen:
                raise refusal(
                    "invalid_field",
                    f"Duplicate article id '{article.id}': ids must be unique.",
                    member=f"articles[{i}].id",
                )
            seen.add(article.id)
        self._accepted = [self._judged(article, i, served) for i, article in enumerate(accepted)]
        return self

    def _judged(self, article: ArticleInput, index: int, served: ServedPairs | None) -> ArticleInput:
        """Refuse text that is not in the source language, or with ``force`` keep it and record the
        verdict; under ``auto``, identify the language among those translated into the target."""
        member = f"articles[{index}].{'html' if article.html else 'text'}"
        source = self._pair.source
        if source == AUTO:
            source = identified_source(article.text, self._pair.target, served, member)
        guess = detect_language(article.text, expected=source)
        if not guess.accepted and not self.force:
            raise refusal(
                "unsupported_language",
                f"articles[{index}] looks like language '{guess.code}' (probability "
                f"{guess.probability:.2f}), not {name(source)} ({source}). Send its language as "
                '"source_lang" (or "auto"), or "force": true to process it anyway.',
                member=member,
                detected=guess.code,
            )
        chosen = source if self._pair.source == AUTO else None
        return article.judged(guess, forced=not guess.accepted, source_lang=chosen)

    @property
    def accepted_articles(self) -> list[ArticleInput]:
        return list(self._accepted)

    def options(self, glossary_version: int | None = None, glossary_shared: bool | None = None) -> JobOptions:
        """How the job runs, as stored with it; the caller fixes the named glossary's version."""
        return JobOptions(
            clean=self.clean,
            force=self.force,
            source_lang=self._pair.source,
            target_lang=self._pair.target,
            glossary=self.glossary,
            glossary_version=glossary_version,
            terms=self.terms,
            summary_method=self.summary_method,
            summary_length=self.summary_length,
            glossary_shared=glossary_shared,
        )


def identified_source(
    text: str, target: str, served: ServedPairs | None, member: str, strict: bool = True
) -> str:
    """The language of ``text`` among those translated into ``target`` (all languages where the served
    pairs are not known); Indonesian where the text is too short to tell and Indonesian is served. Text
    in a language not served is refused where ``strict`` (a job's article), else read as the served
    language it is likeliest to be (text a client waits for is translated, as DeepL does)."""
    sources = [s for s in served.sources() if target in served.targets(s)] if served else []
    guess: LanguageGuess = detect_language(text, expected="id")
    if guess.code == "und":  # too short to tell neighbours apart: the likeliest served language
        ranked = language_ranks(text, {code: (base(code),) for code in sources})
        return (
            ranked[0][0]
            if ranked and ranked[0][1] > 0
            else "id"
            if not sources or "id" in sources
            else sources[0]
        )
    found = closest(guess.code, sources) if sources else guess.code
    if found is None:
        ranked = language_ranks(text, {code: (base(code),) for code in sources})
        least = guess.probability / 2 if strict else 0.0
        found = next((code for code, p in ranked if p >= least), None)
    if found is None:
        assert served is not None
        raise unserved(
            f"{member} looks like {name(guess.code)} ({guess.code}), which no live worker translates into "
            f"{target!r}",
            served,
            member,
        )
    return found


# What one synchronous request may carry: a client waits for it and a worker answers it between the
# batches of its job, so it is short by design; longer text is a job or a document.
SYNC_INSTEAD = (
    "Send longer text as a job (POST /v1/jobs) or a document (POST /v2/document), or raise {setting}."
)
SYNC_CHARS = Cap(
    "sync_too_large",
    "{field} has {count} characters; a synchronous request may carry {limit}. " + SYNC_INSTEAD,
    setting="max_sync_chars",
)
SyncText = Annotated[NonBlank, XML_CHARACTERS, SYNC_CHARS]


class DocumentRequest(GlossaryChoice):
    """An uploaded document's glossary choice and pair (``/v2/document``, ``/translate_file``): its text
    is read by the worker, which then checks it as a job's articles (and, under ``auto``, identifies the
    language of each)."""

    model_config = STRICT

    source_lang: SourceLanguage = "id"
    target_lang: TargetLanguage = "en"

    _pair: LanguagePair = PrivateAttr(default=LanguagePair("id", "en"))

    @model_validator(mode="after")
    def _served(self, info: ValidationInfo) -> Self:
        self._pair = served_pair(self.source_lang, self.target_lang, served_in(info))
        return self

    def options(self, glossary_version: int | None = None, glossary_shared: bool | None = None) -> JobOptions:
        """A document is translated as written: nothing cleaned away, whatever language a line is in."""
        return JobOptions(clean=False, force=True, glossary=self.glossary, glossary_version=glossary_version,
                          terms=self.terms, glossary_shared=glossary_shared, source_lang=self._pair.source,
                          target_lang=self._pair.target)  # fmt: skip


class TranslateRequest(GlossaryChoice):
    """``POST /v1/translate``: short texts translated while the client waits, with the same segmentation,
    glossary, translation memory and checks as a job."""

    model_config = STRICT
    hint: ClassVar[str] = 'a JSON object such as {"text": "Presiden tiba di Jakarta."}'
    hints: ClassVar[dict[str, str]] = {
        **GlossaryChoice.hints,
        "text": f"a non-empty string, or a list of 1 to {MAX_SYNC_TEXTS} of them",
        "tag_handling": '"html" or "xml" (markup kept, its text translated) or null',
        "source_lang": SOURCE_HINT,
        "target_lang": TARGET_HINT,
    }

    text: SyncText | Annotated[list[SyncText], Field(min_length=1, max_length=MAX_SYNC_TEXTS)] = Field(
        description="Indonesian text, or a list of texts; each answered in order. Line breaks are kept."
    )
    tag_handling: Literal["html", "xml"] | None = Field(
        default=None,
        description="html: block elements split the text, inline ones (b, a, span…) stay inside their "
        "sentence and come back around the words that render what they wrapped; tags, attributes and "
        "entities kept as written. xml: every element inline.",
    )
    source_lang: SourceLanguage = "id"
    target_lang: TargetLanguage = "en"

    _pair: LanguagePair = PrivateAttr(default=LanguagePair("id", "en"))

    @property
    def texts(self) -> list[str]:
        return [self.text] if isinstance(self.text, str) else list(self.text)

    @property
    def pair(self) -> LanguagePair:
        """The pair translated: ``auto`` resolved to one language for all the texts together."""
        return self._pair

    @model_validator(mode="after")
    def _bounded(self, info: ValidationInfo) -> Self:
        """The request's work, all texts together (``sync_excess``), and its pair."""
        served = served_in(info)
        pair = served_pair(self.source_lang, self.target_lang, served)
        if pair.source == AUTO:
            found = identified_source("\n".join(self.texts), pair.target, served, "text", strict=False)
            pair = LanguagePair(found, pair.target)
        self._pair = pair
        over = sync_excess(self.texts, limits_in(info), html=self.tag_handling is not None)
        if over is not None:
            detail = (
                f"The texts hold {over.count} {over.what}; a synchronous request may carry {over.limit}. "
            )
            raise refusal("sync_too_large", (detail + SYNC_INSTEAD).format(setting=over.setting), status=413,
                          limit=over.limit, member="text")  # fmt: skip
        return self

    def options(self, glossary_version: int | None = None, glossary_shared: bool | None = None) -> JobOptions:
        """How the texts are translated: as a job's articles would be, without cleaning (a short text
        holds no byline to drop)."""
        return JobOptions(clean=False, glossary=self.glossary, glossary_version=glossary_version,
                          terms=self.terms, glossary_shared=glossary_shared, source_lang=self._pair.source,
                          target_lang=self._pair.target)  # fmt: skip


@dataclass(frozen=True)
class SyncExcess:
    """What a synchronous request holds past its caps: ``count`` ``what`` (characters or sentences)
    against ``limit``, raised by ``setting``."""

    count: int
    what: str
    limit: int
    setting: str


def sync_excess(texts: list[str], limits: Limits, html: bool = False) -> SyncExcess | None:
    """The first synchronous cap ``texts`` pass, all together: characters, then the sentences the worker
    will translate (counted only once the characters are within their cap); None within both. A request
    and a file translated while its client waits (LibreTranslate's ``/translate_file``) are held to it."""
    chars = sum(len(text) for text in texts)
    if chars > limits.max_sync_chars:
        return SyncExcess(chars, "characters", limits.max_sync_chars, env_name("max_sync_chars"))
    sentences = sentence_count(texts, html=html)
    if sentences > limits.max_sync_sentences:
        return SyncExcess(sentences, "sentences", limits.max_sync_sentences, env_name("max_sync_sentences"))
    return None


class BenchmarkPair(BaseModel):
    model_config = STRICT
    hint: ClassVar[str] = 'an object such as {"source": "…", "reference": "…"}'
    hints: ClassVar[dict[str, str]] = {"source": "a non-empty string", "reference": "a non-empty string"}

    source: NonBlank
    reference: NonBlank


class BenchmarkRequest(BaseModel):
    """``POST /v1/benchmarks``: sentence pairs run through the pipeline and scored."""

    model_config = STRICT
    hint: ClassVar[str] = (
        'an object such as {"pairs": [{"source": "…", "reference": "…"}], "glossary": "default"}'
    )
    hints: ClassVar[dict[str, str]] = {
        "name": f"a non-empty string of at most {MAX_NAME_CHARS} characters",
        "pairs": 'a non-empty list of {"source": "…", "reference": "…"}',
        "glossary": f'"{DEFAULT_GLOSSARY}" or null',
    }

    name: Annotated[Heading, Field(max_length=MAX_NAME_CHARS)] = "api"
    pairs: Annotated[
        list[BenchmarkPair],
        Field(min_length=1),
        Cap(
            "too_many_pairs",
            "{count} pairs exceed the cap of {limit}; run larger sets with `warta bench`.",
            limit=MAX_BENCHMARK_PAIRS,
        ),
    ]
    glossary: Literal["default"] | None = DEFAULT_GLOSSARY


class SentenceEdit(BaseModel):
    """``PATCH /v1/jobs/{id}/articles/{article}/sentences/{index}``: an editor's English for a sentence."""

    model_config = STRICT
    hint: ClassVar[str] = 'a JSON object such as {"target": "The president arrived in Jakarta."}'
    hints: ClassVar[dict[str, str]] = {"target": "a non-empty string, the sentence's English on one line"}

    target: Annotated[Heading, SENTENCE_CHARS] = Field(
        description="The English; its whitespace is made single spaces, so it stays one line."
    )


class SentenceReview(BaseModel):
    """``PUT /v1/jobs/{id}/articles/{article}/sentences/{index}/review``: an editor confirms the English as
    it stands, edited or not, so a reviewer's pass shows which sentences were looked at."""

    model_config = STRICT
    hint: ClassVar[str] = 'a JSON object such as {"reviewed": true}'
    hints: ClassVar[dict[str, str]] = {"reviewed": "true or false"}

    reviewed: StrictBool


class ArticleApproval(BaseModel):
    """``PUT /v1/jobs/{id}/articles/{article}/approval`` (one article) and ``PUT /v1/jobs/{id}/approval``
    (every article of the job): an editor marks the English final."""

    model_config = STRICT
    hint: ClassVar[str] = 'a JSON object such as {"approved": true}'
    hints: ClassVar[dict[str, str]] = {"approved": "true or false"}

    approved: StrictBool
