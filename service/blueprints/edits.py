"""``/v1/jobs/{id}/articles/{article}/…``: editors correct a finished job's English, one sentence at a time,
confirm sentences as reviewed, and approve articles (or the whole job, ``/v1/jobs/{id}/approval``).

A save names the revision it started from in ``If-Match`` (the ``ETag`` of the sentence): a save made
from an older revision is 412 with the English that won, so no editor's work is overwritten unseen, and
a save without ``If-Match`` is 428 (``*`` saves over whatever stands). Every save is a revision, and its
English goes into the key's human translation memory, so the next job with that sentence has it.
"""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, Response

from service import extensions
from service.answers import answer
from service.auth import current_owner
from service.blueprints.jobs import find_job
from service.preconditions import etag, if_match
from service.problems import Problem
from service.validation import json_body, parse
from workers.contract.limits import Limits
from workers.contract.request import ArticleApproval, SentenceEdit, SentenceReview
from workers.contract.result import Article, EditReport, SentenceView
from workers.edits import Edited, EditRefused, apply_edit, approve, find_sentence, review
from workers.queue import metrics_prefix
from workers.stages import job_matcher, thresholds
from workers.store.glossaries import glossary_owner
from workers.store.revisions import EditConflict, RevisionStore
from workers.telemetry import Telemetry

bp = Blueprint("edits", __name__, url_prefix="/v1/jobs/<job_id>")
SENTENCE = "/articles/<path:article_id>/sentences/<int:index>"


def _revisions() -> RevisionStore:
    return RevisionStore(extensions.job_store().engine)


@bp.get(SENTENCE)
def sentence(job_id: str, article_id: str, index: int) -> Response:
    find_job(job_id)
    document = _result(job_id)
    _, found = _refused_as_problem(lambda: find_sentence(document, article_id, index))
    history = _revisions().history(job_id, article_id, index)
    view = SentenceView(job_id=job_id, article=article_id, sentence=found, revisions=history)
    return answer(view, headers=etag(found.revision))


@bp.patch(SENTENCE)
def edit(job_id: str, article_id: str, index: int) -> Response:
    job = find_job(job_id)
    expected = if_match("revision", "GET on this sentence")
    edit_body = json_body("the edit", 'send {"target": "…"}')
    change = parse(SentenceEdit, edit_body, Limits.of(extensions.settings()).context())
    owner = glossary_owner(current_owner())
    limits = thresholds(extensions.settings())

    terms = job_matcher(job.options, job.owner, extensions.glossaries())

    def edited(document: dict, at: datetime) -> Edited:  # type: ignore[type-arg]
        return apply_edit(document, article_id, index, change.target, owner, at, limits, terms.renderings)

    store = _revisions()
    try:
        saved = _refused_as_problem(lambda: store.save(job_id, article_id, index, expected, edited, owner))
    except EditConflict as conflict:
        detail = (
            f"Sentence {index} was saved by someone else since revision {expected}; it is now at revision "
            f"{conflict.current.revision}. Fix: merge your English with the current one and save again "
            f'with If-Match: "{conflict.current.revision}".'
        )
        current = conflict.current.model_dump(mode="json")
        raise Problem(412, "edit_conflict", detail, field="If-Match", current=current) from None
    Telemetry(extensions.redis(), metrics_prefix(extensions.settings())).edit_saved(*saved.counted)
    history = store.history(job_id, article_id, index)
    view = SentenceView(
        job_id=job_id, article=article_id, sentence=saved.after, revisions=history, proposals=saved.proposals
    )
    return answer(view, headers=etag(saved.after.revision))


@bp.put(f"{SENTENCE}/review")
def reviewed(job_id: str, article_id: str, index: int) -> Response:
    """An editor confirms the sentence's English as it stands; its revision (the ETag) does not change."""
    find_job(job_id)
    mark = parse(SentenceReview, json_body("the review", 'send {"reviewed": true}')).reviewed
    store = _revisions()
    document = _refused_as_problem(lambda: store.change(job_id, lambda d: review(d, article_id, index, mark)))
    _, found = find_sentence(document, article_id, index)
    view = SentenceView(job_id=job_id, article=article_id, sentence=found,
                        revisions=store.history(job_id, article_id, index))  # fmt: skip
    return answer(view, headers=etag(found.revision))


@bp.put("/articles/<path:article_id>/approval")
def approval(job_id: str, article_id: str) -> Response:
    """An editor marks the article's English final (XLIFF's ``final``), or takes that back."""
    document = _approved(job_id, article_id)
    [article] = [Article.model_validate(a) for a in document["articles"] if a["id"] == article_id]
    return answer(article.edits or EditReport(edited=0, sentences=0, rate=None, hter=None))


@bp.put("/approval")
def job_approval(job_id: str) -> Response:
    """Every article of the job marked final at once (or not): the editor's last step on a job."""
    document = _approved(job_id, None)
    return answer(EditReport.model_validate(document["edits"]))


def _approved(job_id: str, article_id: str | None) -> dict:  # type: ignore[type-arg]
    find_job(job_id)
    approved = parse(ArticleApproval, json_body("the approval", 'send {"approved": true}')).approved
    store = _revisions()
    return _refused_as_problem(lambda: store.change(job_id, lambda d: approve(d, article_id, approved)))


def _result(job_id: str) -> dict:  # type: ignore[type-arg]
    document = extensions.job_store().get_result(job_id)
    if document is None:
        detail = f"Job {job_id} has no result yet; only a succeeded job's result can be edited."
        raise Problem(409, "result_not_ready", detail)
    return document


def _refused_as_problem(call):  # type: ignore[no-untyped-def]
    try:
        return call()
    except EditRefused as refused:
        field = {"article_not_found": "article", "sentence_not_found": "index"}.get(refused.code)
        raise Problem(refused.status, refused.code, refused.detail, field=field) from None
