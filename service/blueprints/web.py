"""The web page: submit articles, follow jobs, read results side by side, manage glossaries.

Pages are rendered here from the same stores the API uses, for the same owner (the key in the log-in
cookie, or the anonymous owner); a little plain JavaScript (``static/warta.js``, then one file a page)
submits through the JSON API, refreshes progress and makes terms clickable. Everything is escaped by
Jinja, scripts come only from this server, and no page loads anything from elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, Response, redirect, render_template, request, url_for

from glossary.entry import TermType
from service import extensions
from service.auth import COOKIE, current_owner, same_origin_only, verified
from service.blueprints.jobs import describe_job, find_job, list_jobs, listing_args
from service.client import percent
from service.deepl_glossaries import records as deepl_records
from service.languages import served_pairs
from service.problems import Problem
from service.renderers import RENDERERS
from service.renderers.html import highlighted
from service.validation import parse
from workers.contract.enums import FINISHED, JobStatus
from workers.contract.job import JobListQuery
from workers.contract.result import Sentence
from workers.edits import sentence_state
from workers.languages import name as language_name
from workers.store.glossaries import glossary_owner
from workers.titles import shortened

bp = Blueprint("web", __name__)
PAGE_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
DOWNLOADS = [*RENDERERS, "zip"]
# Jobs a page of the submit page's list shows.
JOBS_A_PAGE = 20
# Terms a page of the glossary editor shows: a screenful to read, and a page of any glossary is as light.
TERMS_A_PAGE = 50


@bp.after_request
def _policy(response: Response) -> Response:
    if response.mimetype == "text/html":
        response.headers["Content-Security-Policy"] = PAGE_POLICY
    return response


def _page(template: str, **context: Any) -> str:
    return render_template(
        f"web/{template}", owner=current_owner(), keys_required=extensions.settings().require_api_key,
        finished=" ".join(FINISHED), language_name=language_name, **context,
    )  # fmt: skip


@bp.get("/")
def index() -> str:
    """The submit form above the list of the caller's jobs, a page of ``JOBS_A_PAGE`` at a time, searched
    and filtered by a plain GET form (an empty field filters nothing), as ``GET /v1/jobs`` lists them."""
    owner = current_owner()
    given = {name: value for name, value in request.args.items() if value.strip() and name != "limit"}
    query = parse(JobListQuery, given | {"limit": str(JOBS_A_PAGE)})
    listed = list_jobs(query)
    older = newer = None
    if len(listed) == JOBS_A_PAGE:
        older = url_for("web.index", **listing_args(query, after=listed[-1].id, limit=None))
    if query.after is not None:
        anchor = listed[0] if listed else find_job(query.after, field="after")
        above = list_jobs(query.model_copy(update={"limit": JOBS_A_PAGE + 1}), newer_than=anchor)
        after = above[JOBS_A_PAGE].id if len(above) > JOBS_A_PAGE else None
        newer = url_for("web.index", **listing_args(query, after=after, limit=None))
    glossaries = extensions.glossaries().list(glossary_owner(owner))
    served = served_pairs()
    return _page("index.html", jobs=[describe_job(j).model_dump(mode="json") for j in listed], filters=given,
                 percent=percent, statuses=list(JobStatus), older=older, newer=newer, glossaries=glossaries,
                 sources=served.sources(), targets=served.targets())  # fmt: skip


@bp.get("/jobs/<job_id>")
def job(job_id: str) -> str | tuple[str, int]:
    record = extensions.job_store().get_job(job_id)
    if record is None or record.owner != current_owner():
        return _page("missing.html", what=f"job {job_id}"), 404
    document = describe_job(record).model_dump(mode="json")
    if record.status == JobStatus.SUCCEEDED:
        document.update(extensions.job_store().get_result(job_id) or {})
    return _page("job.html", job=document, highlighted=highlighted, downloads=DOWNLOADS,
                 sentence_state=_state, shortened=shortened)  # fmt: skip


@bp.get("/jobs/<job_id>/rows/<path:article_id>")
def rows(job_id: str, article_id: str) -> str | tuple[str, int]:
    """One article's sentence rows as the job's page draws them: the page swaps them in after a save, a
    review or an approval, so flags, terms and states come from the same template as on loading."""
    store = extensions.job_store()
    record = store.get_job(job_id)
    document = store.get_result(job_id) if record and record.owner == current_owner() else None
    found = [a for a in (document or {}).get("articles", []) if a["id"] == article_id]
    if not found:
        return _page("missing.html", what=f"article {article_id} of job {job_id}"), 404
    return render_template("web/rows.html", article=found[0], highlighted=highlighted, sentence_state=_state)


def _state(sentence: dict[str, Any], approved: bool) -> str:
    return sentence_state(Sentence.model_validate(sentence), approved)


@bp.get("/glossaries")
def glossaries() -> str:
    mine = glossary_owner(current_owner())
    listed = extensions.glossaries().list(mine)
    return _page("glossaries.html", glossaries=listed, deepl_name=_deepl_names(mine))


@bp.get("/glossaries/<name>")
def glossary(name: str) -> str | tuple[str, int]:
    """The glossary's editor: its terms are read and saved a page and a term at a time through the API
    (``/v1/glossaries/{name}/terms`` and ``PATCH``), so a glossary of any size is edited here."""
    mine = glossary_owner(current_owner())
    found = next((g for g in extensions.glossaries().list(mine) if g.name == name), None)
    if found is None:
        return _page("missing.html", what=f"glossary {name}"), 404
    # The built-in default and the operator's shared glossaries are read here, never changed.
    return _page("glossary.html", glossary=found, editable=not found.shared,
                 deepl_name=_deepl_names(mine)(name), types=list(TermType),
                 page_size=TERMS_A_PAGE)  # fmt: skip


def _deepl_names(owner: str) -> Callable[[str], str | None]:
    """The name a DeepL client gave each of ``owner``'s glossaries: a ``/v2`` glossary is stored under its
    id, a ``/v3`` glossary's dictionary under its id and pair (``dictionary_name``); the page shows the
    client's name, not the id."""
    labels = {g: label.name for g, label in deepl_records().labels(owner).items()}
    multilingual = {label.glossary_id: label.name for label in deepl_records().multilingual(owner)}

    def named(name: str) -> str | None:
        glossary_id, dot, _pair = name.partition(".")
        return labels.get(name) or (multilingual.get(glossary_id) if dot else None)

    return named


@bp.route("/login", methods=["GET", "POST"])
def login() -> Response | str | tuple[str, int]:
    """Keep a key in an HttpOnly cookie so the pages and their downloads work as that key.

    Only a form of this site may log in: another site's form could otherwise log a visitor in with the
    attacker's key, and what the visitor then submits would land in the attacker's account.
    """
    target = local_path(request.values.get("next", "/"))
    if request.method == "GET":
        return _page("login.html", next=target, error=None)
    same_origin_only()
    try:
        owner = verified(request.form.get("key", "").strip())
    except Problem as refused:
        return _page("login.html", next=target, error=refused.detail), refused.status
    if owner is None:
        return _page("login.html", next=target, error="That key is unknown or revoked."), 401
    response = redirect(target)
    response.set_cookie(COOKIE, request.form["key"].strip(), httponly=True, samesite="Strict",
                        secure=request.is_secure, max_age=30 * 24 * 3600)  # fmt: skip
    return response


@bp.post("/logout")
def logout() -> Response:
    response = redirect(url_for("web.index"))
    response.delete_cookie(COOKIE)
    return response


def local_path(target: str) -> str:
    """Only a path on this site: a log-in link must not send anyone elsewhere.

    Browsers drop tabs and newlines from a URL and read a backslash as a slash, so ``/\t/evil.example``
    and ``/\\evil.example`` both lead off the site; anything but printable ASCII is refused with them.
    """
    printable = all(" " < c < "\x7f" for c in target) and "\\" not in target
    if not printable or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target
