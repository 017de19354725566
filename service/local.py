"""One job's work in this process, without a server, queue or store: ``warta translate``."""

from __future__ import annotations

from typing import Any

from glossary.default import DEFAULT_NAME
from service.glossary_store import BUILTIN_VERSION
from service.renderers import RENDERERS
from service.settings import Settings
from service.validation import parse_job_request


def translate_locally(
    articles: list[dict[str, Any]],
    tasks: list[str],
    settings: Settings,
    glossary: bool,
    force: bool,
    fmt: str,
) -> bytes:
    """The result of ``articles`` rendered in ``fmt``; input is checked as the API checks it."""
    from glossary.default import default_glossary
    from glossary.matcher import Matcher
    from workers.digest import build_digests
    from workers.jobs import pipeline_options
    from workers.models import ModelRegistry
    from workers.pipeline import run_pipeline

    payload = {
        "articles": articles,
        "tasks": tasks,
        "force": force,
        "glossary": "default" if glossary else None,
    }
    request = parse_job_request(
        payload, settings, lambda name: BUILTIN_VERSION if name == DEFAULT_NAME else None
    )
    registry = ModelRegistry(settings)
    documents = run_pipeline(
        request.articles,
        request.tasks,
        translator=registry.translator,
        summarizer=registry.summarizer,
        matcher=Matcher(default_glossary()) if glossary else None,
        progress=lambda stage, done, total: None,
        **pipeline_options(settings, request.options),
    )
    document = {"id": "local", "status": "succeeded", "tasks": request.tasks, "options": request.options,
                "articles": documents, "digests": build_digests(documents)}  # fmt: skip
    return RENDERERS[fmt].render(document)
