"""A document job's first and last steps, run by the worker around the job's usual stages.

The API only stores an upload and creates a job that names it. Here the worker reads the file into the
job's articles (the job's caps apply: articles, characters, sentences; a file past them fails the job
with the cap's code and message), records the characters it billed, and once the job is translated
writes the translated file into the store, where any API process streams it from. Because it is a job
like any other, a worker that dies mid-way leaves it to the reconciler, which runs it again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from pydantic import ValidationError
from redis import Redis
from redis.exceptions import RedisError

from workers.contract.article import ArticleInput
from workers.contract.limits import Limits
from workers.contract.request import JobRequest, sync_excess
from workers.contract.result import JobOutcome
from workers.documents.convert import rebuilt, segments
from workers.documents.formats import KINDS, DocumentError, Kind
from workers.inline.carry import SentenceAligner, Translated
from workers.model_table import LanguagePair
from workers.queue import usage_key
from workers.settings import Settings
from workers.store.documents import DocumentApi, DocumentRecord, DocumentStore
from workers.store.glossaries import glossary_owner
from workers.store.jobs import JobStore

log = logging.getLogger(__name__)


class DocumentRefused(RuntimeError):
    """The document is past one of a job's caps; ``code`` is the cap's."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass
class DocumentJob:
    record: DocumentRecord
    original: bytes
    jobs: JobStore
    documents: DocumentStore
    settings: Settings
    redis: Redis

    @classmethod
    def of(cls, jobs: JobStore, settings: Settings, redis: Redis, job_id: str) -> DocumentJob | None:
        """The job's document, or None where the job is not a document's (or its document expired)."""
        documents = DocumentStore(jobs.engine, settings.document_ttl_hours)
        record = documents.for_job(job_id)
        original = documents.original(record) if record is not None else None
        if record is None or original is None:
            return None
        return cls(record, original, jobs, documents, settings, redis)

    @property
    def format(self) -> Kind:
        return KINDS[self.record.format]

    def articles(self) -> list[ArticleInput]:
        """The document's lines as the job's articles, checked against the job's caps and stored (so the
        job's pages and its time limit see them too)."""
        lines = segments(self.original, self.format, Limits.of(self.settings))
        if not lines:
            raise DocumentError("The document has no text to translate.")
        if self.record.api == DocumentApi.LIBRETRANSLATE:
            self._within_sync_caps(lines)
        job = self.jobs.get_job(self.record.job_id)
        pair = {"source_lang": job.options.source_lang, "target_lang": job.options.target_lang} if job else {}
        payload = {
            "articles": [{"text": text} for text in articles_of(lines, self.settings.max_article_chars)],
            "tasks": ["translate"],
            "clean": False,
            "force": True,
            **pair,
        }
        try:
            request = JobRequest.model_validate(payload, context=Limits.of(self.settings).context())
        except ValidationError as error:
            raise _refused(error) from None
        articles = request.accepted_articles
        self.jobs.replace_articles(self.record.job_id, articles)
        characters = sum(len(line) for line in lines)
        if self.documents.read(self.record.job_id, characters) and self.record.api == DocumentApi.DEEPL:
            self._count_usage(characters)
        return articles

    def _within_sync_caps(self, lines: list[str]) -> None:
        """A file translated while its client waits carries no more than a synchronous request may: one
        that could not be translated within WARTA_SYNC_TIMEOUT is refused at once, not after it."""
        found = sync_excess(lines, Limits.of(self.settings))
        if found is not None:
            raise DocumentRefused("sync_too_large", (
                f"The file holds {found.count} {found.what}; a file translated while you wait may hold "
                f"{found.limit} ({found.setting}). Send it to POST /v2/document, which translates it as a "
                "job."
            ))  # fmt: skip

    def keep(self, outcome: JobOutcome, aligner: Callable[[LanguagePair], SentenceAligner]) -> None:
        """The translated file, each line's sentences' translation in place of the line, kept for
        download; ``aligner`` gives a pair's word alignment, which carries inline markup."""
        translated = [
            Translated(paragraph, aligner(LanguagePair(article.source_lang, article.target_lang)))
            for article in outcome.articles
            for paragraph in article.paragraphs
        ]
        made = rebuilt(self.original, self.format, translated, Limits.of(self.settings))
        self.documents.keep_translation(self.record.job_id, made)

    def _count_usage(self, characters: int) -> None:
        """Characters billed to the key, for DeepL's ``/v2/usage``, once per document; a counter lost to a
        Redis outage is not worth failing a translation for."""
        try:
            self.redis.incrby(usage_key(self.settings, glossary_owner(self.record.owner)), characters)
        except RedisError:
            log.warning("could not count DeepL usage for document %s", self.record.id)


def articles_of(lines: list[str], cap: int) -> list[str]:
    """Consecutive lines in articles of at most ``cap`` characters (a longer line is one article, which
    the job's own check then refuses with its cap)."""
    articles: list[list[str]] = [[]]
    size = 0
    for line in lines:
        if articles[-1] and size + len(line) + 1 > cap:
            articles.append([])
            size = 0
        articles[-1].append(line)
        size += len(line) + 1
    return ["\n".join(article) for article in articles]


def _refused(error: ValidationError) -> DocumentRefused:
    """The job's own refusal of the document's articles, as the job's error: its code and message."""
    first = error.errors()[0]
    detail = str((first.get("ctx") or {}).get("detail") or first["msg"])
    detail = detail.replace("{field}", "A paragraph of the document")
    return DocumentRefused(first["type"], f"The document is too large for one job: {detail}")
