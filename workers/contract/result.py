"""The result document: per article its sentence pairs, summary, glossary report and quality; digests.

Sentence alignment is kept end to end: each source sentence is one ``Sentence`` with its own English, so
every download (``service/renderers``) is exact, never re-aligned afterwards. The pipeline builds these
models, model-based QE and the digest fill their fields, the store saves ``model_dump``, and the
renderers, templates and the web page read the same names.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from glossary.entry import TermType
from workers.contract.article import Language
from workers.contract.base import Document, omitted
from workers.contract.enums import JobStatus, SummaryLength, SummaryMethod, SummaryPath, Task
from workers.contract.job import Job, JobOptions
from workers.text.clean import Removal

Span = Annotated[list[int], Field(min_length=2, max_length=2, description="[start, end) in characters.")]
TermStatus = Literal["applied", "repaired", "missed"]
# Contract 2 names a result's fields by role, not by language (language pairs came): each field named
# by a language in contract 1 keeps its name too, with the same value, for the clients that read it.
CONTRACT_VERSION = 2
ROLE_NAMES = {"english_text": "target_text", "title_en": "title_target"}


def with_role_names(data: Any) -> Any:
    """``data`` (a member's JSON) with each field under both its contract-1 and its role name."""
    if not isinstance(data, dict):
        return data
    data = dict(data)
    for legacy, role in ROLE_NAMES.items():
        if legacy in data and role not in data:
            data[role] = data[legacy]
        elif role in data and legacy not in data:
            data[legacy] = data[role]
    return data


def upgraded(document: dict[str, Any]) -> dict[str, Any]:
    """A saved result as contract 2 reads it: a result saved before is given its role names."""
    if document.get("contract_version") == CONTRACT_VERSION:
        return document
    found = {**document, "contract_version": CONTRACT_VERSION}
    if "articles" in document:
        found["articles"] = [_article(a) for a in document["articles"]]
    if "digests" in document:
        found["digests"] = [with_role_names(d) for d in document["digests"]]
    return found


def _article(article: Any) -> Any:
    named = with_role_names(article)
    if isinstance(named, dict) and isinstance(named.get("summary"), dict):
        named["summary"] = with_role_names(named["summary"])
    return named


class RoleNamed(Document):
    """A member with fields named by language in contract 1: either name fills the other."""

    @model_validator(mode="before")
    @classmethod
    def _both_names(cls, data: Any) -> Any:
        return with_role_names(data)


class TermUse(Document):
    """A glossary term (or, in ``entities``, a name outside it) in one sentence, and how it fared."""

    term_id: str
    source: str = Field(description="As written in the source sentence.")
    source_span: Span
    target: str = Field(description="As it stands in the English (the canonical form when missed).")
    target_span: Span | None
    canonical: str
    type: TermType
    status: TermStatus


class NumbersFlag(Document):
    check: Literal["numbers"]
    missing: list[str] = Field(
        description="Numbers, amounts and dates of the source absent from the English."
    )


class UntranslatedFlag(Document):
    check: Literal["untranslated"]
    words: list[str]


class RepetitionFlag(Document):
    check: Literal["repetition"]
    repeated: str


class LengthRatioFlag(Document):
    check: Literal["length_ratio"]
    ratio: float


class EmptyOutputFlag(Document):
    check: Literal["empty_output"]


Flag = Annotated[
    NumbersFlag | UntranslatedFlag | RepetitionFlag | LengthRatioFlag | EmptyOutputFlag,
    Field(discriminator="check"),
]


class SentencePair(Document):
    source: str
    target: str | None = Field(description="Null where the job did not translate.")
    terms: list[TermUse] = Field(default_factory=list)
    entities: list[TermUse] = Field(default_factory=list)


# Where a sentence's English came from: the model, the model's earlier output (the machine memory), an
# editor of this job, or an editor's English for the same sentence in an earlier job (the human memory).
Origin = Literal["machine", "memory", "human", "human-memory"]
HUMAN_ORIGINS: tuple[Origin, ...] = ("human", "human-memory")


class MemoryMatch(Document):
    """An editor's pair whose source is close to this sentence's (a fuzzy match): offered, never applied."""

    source: str
    target: str
    score: float = Field(ge=0, le=100, description="rapidfuzz's ratio of the two sources, 0 to 100.")
    shared: bool = Field(description="From the operator's shared memory rather than the key's own.")


class Sentence(SentencePair):
    index: int = Field(ge=0, description="Position in the article, from 0.")
    flags: list[Flag] = Field(default_factory=list)
    comet: float | None = omitted(description="COMET or CometKiwi, where model-based QE is configured.")
    origin: Origin = Field(default="machine", description="Where the English came from.")
    revision: int = Field(
        default=0, ge=0, description="Edits saved so far; send it in If-Match to edit the sentence."
    )
    machine: str | None = omitted(description="The machine's English, once an editor changed it.")
    changed_by: str | None = omitted(description="Who wrote the human English: an API key's id.")
    changed_at: datetime | None = omitted(description="When the human English was saved.")
    reviewed: bool | None = omitted(
        description="True once an editor confirmed the English as it stands (PUT …/review); edits clear it."
    )
    matches: list[MemoryMatch] | None = omitted(
        description="Edited sentences of the human memory close to this one (fuzzy matches)."
    )


class Summary(RoleNamed):
    source_lang_text: str | None = Field(
        description="The summary in the source language; null where it was made from the translation."
    )
    target_text: str = Field(description="The summary in the target language.")
    english_text: str | None = Field(
        default=None, description="Contract 1's name of target_text (the same text)."
    )
    sentences: list[SentencePair] = Field(description="Source and target sentence pairs (path source).")
    method: SummaryMethod
    path: SummaryPath = SummaryPath.SOURCE
    model: str
    input_tokens: int | None = omitted()
    chunks: int | None = omitted()
    rounds: int | None = omitted()
    input_truncated: bool | None = omitted()
    length: SummaryLength | int
    translation_model: str


class GlossaryRef(Document):
    name: str
    terms: int


class UnknownEntity(Document):
    """A name the glossary does not know, with the one rendering the job gave it: a glossary suggestion."""

    source: str
    target: str
    type: TermType
    occurrences: int
    repaired: int
    missed: int


class GlossaryReport(Document):
    glossary: GlossaryRef | None
    terms_found: int
    terms_applied: int
    terms_repaired: int
    terms_missed: int
    term_success_rate: float | None = Field(description="WMT: target terms present / source terms found.")
    unknown_entities: list[UnknownEntity]


class Score(Document):
    score: float
    signature: str


class SentenceScores(Document):
    bleu: float
    chrf: float
    ter: float


class TranslationScores(Document):
    level: Literal["sentence", "document"]
    bleu: Score
    chrf: Score
    ter: Score
    sentences: list[SentenceScores] | None = omitted()


class Rouge(Document):
    rouge1: float
    rouge2: float
    rougeL: float
    signature: str


class SummaryChecks(Document):
    compression_ratio: float
    unsupported_numbers: list[str]
    unsupported_names: list[str]


class ReferenceFree(Document):
    flag_rates: dict[str, float | None] | None
    term_success_rate: float | None
    summary: SummaryChecks | None = omitted()


class ReferenceBased(Document):
    translation: TranslationScores | None = omitted()
    summary: Rouge | None = omitted()


class ModelBased(Document):
    available: bool
    reason: str | None = omitted()
    metric: str | None = omitted()
    model: str | None = omitted()
    reference_based: bool | None = omitted()
    score: float | None = omitted()
    sentence_scores: list[float] | None = omitted()


class Quality(Document):
    reference_free: ReferenceFree
    reference_based: ReferenceBased | None
    model_based: ModelBased | None = omitted()


class EditReport(Document):
    """How much editing the machine English needed: what editors changed, as HTER (sacrebleu's TER of the
    machine English against the edited English, every translated sentence counted)."""

    edited: int = Field(ge=0, description="Sentences an editor changed.")
    sentences: int = Field(ge=0, description="Translated sentences.")
    rate: float | None = Field(description="edited / sentences.")
    hter: Score | None = Field(description="TER of the machine English against the current English.")
    approved: bool = Field(default=False, description="An editor marked it final.")


class Article(RoleNamed):
    id: str
    title: str | None
    title_target: str | None = Field(description="The title translated.")
    title_en: str | None = Field(
        default=None, description="Contract 1's name of title_target (the same text)."
    )
    source_format: Literal["text", "html"]
    source_text: str
    clean_text: str
    removed: list[Removal]
    language: Language | None
    source_lang: str = Field(default="id", description="The language translated from (id in older results).")
    target_lang: str = Field(default="en", description="The language translated into (en in older results).")
    paragraphs: list[list[Sentence]]
    summary: Summary | None
    glossary_report: GlossaryReport | None
    quality: Quality
    edits: EditReport | None = omitted(description="Present once an editor has saved an edit.")

    def sentences(self) -> list[Sentence]:
        return [s for paragraph in self.paragraphs for s in paragraph]

    def translated(self) -> list[Sentence]:
        return [s for s in self.sentences() if s.target is not None]


class DigestSentence(Document):
    source: str
    target: str | None
    article: str
    stated_by: list[str] = Field(description="Every article that states this fact.")


class DigestEntity(Document):
    name: str
    type: TermType
    articles: list[str]


class Digest(RoleNamed):
    """One story told by two or more articles of the job."""

    articles: list[str]
    method: Literal["extractive-multi"]
    source_lang_text: str
    target_text: str | None
    english_text: str | None = Field(
        default=None, description="Contract 1's name of target_text (the same text)."
    )
    sentences: list[DigestSentence]
    entities: list[DigestEntity]


class ModelLoad(Document):
    id: str
    loads: int
    load_seconds: float | None


class MemoryUsage(Document):
    """What a job took from the translation memory, and seconds spent in the models."""

    hits: int | None = omitted()
    misses: int | None = omitted()
    alignment_hits: int | None = omitted()
    alignment_misses: int | None = omitted()
    summary_hits: int | None = omitted()
    summary_misses: int | None = omitted()
    model_seconds: float


class Runtime(Document):
    worker: str
    pid: int
    models: dict[str, ModelLoad]
    stage_seconds: dict[str, float]
    translation_memory: MemoryUsage


class JobOutcome(Document):
    """What a job produced: what the store saves as its result."""

    contract_version: int = Field(
        default=CONTRACT_VERSION, description="2: fields named by role (target_text, title_target)."
    )
    articles: list[Article]
    digests: list[Digest] = Field(default_factory=list)
    runtime: Runtime | None = omitted()
    edits: EditReport | None = omitted(description="Every article's edits together, once there are some.")


class JobResult(JobOutcome, Job):
    """``GET /v1/jobs/{id}/result``: the job with what it produced."""


class LocalResult(JobOutcome):
    """A job run in one process without a server (``warta translate``): no store, so no times or links."""

    id: str = "local"
    status: JobStatus = JobStatus.SUCCEEDED
    tasks: list[Task]
    options: JobOptions


class SentenceRevision(Document):
    """One saved edit: the English before and after, who saved it and when."""

    revision: int = Field(ge=1)
    before: str | None
    after: str
    changed_by: str
    changed_at: datetime


class GlossaryProposal(Document):
    """An edit changed how a name or a glossary term is rendered: the term a glossary could hold."""

    source: str
    target: str = Field(description="The English the editor wrote for it.")
    previous: str = Field(description="The English it had.")
    type: TermType
    term_id: str | None = Field(description="The glossary term it renders, or null for a name outside it.")


class SentenceView(Document):
    """``GET|PATCH .../sentences/{index}``: the sentence as it stands, its revisions, and after a save the
    glossary terms the edit suggests."""

    job_id: str
    article: str
    sentence: Sentence
    revisions: list[SentenceRevision]
    proposals: list[GlossaryProposal] = Field(default_factory=list)
