"""One job in this process, without a server, queue or store: ``warta translate``.

The request is validated as the API validates it and runs through the same stages as a queued job
(``workers.stages.run_stages``); only where it goes differs: the result is rendered and returned.
"""

from __future__ import annotations

from typing import Any

from service.renderers import RENDERERS
from service.validation import parse
from workers.contract.limits import Limits
from workers.contract.request import JobRequest
from workers.contract.result import LocalResult
from workers.settings import Settings


def translate_locally(body: dict[str, Any], settings: Settings, fmt: str) -> bytes:
    """The result of the job ``body`` describes, rendered in ``fmt``."""
    from workers.models import ModelRegistry
    from workers.stages import job_matcher, run_stages

    registry = ModelRegistry(settings)
    # The pairs this machine's models serve (read from their files), so an unserved pair is refused here.
    context = {**Limits.of(settings).context(), "served": registry.served()}
    request = parse(JobRequest, body, context)
    options = request.options()
    outcome = run_stages(
        request.accepted_articles, request.tasks, options, settings=settings, translator=registry.translator,
        summarizer=registry.summarizer, matcher=job_matcher(options, "", None), progress=lambda *_: None,
    )  # fmt: skip
    document = LocalResult(**dict(outcome.items()), options=options, tasks=request.tasks)
    return RENDERERS[fmt].render(document.model_dump(mode="json"))
