"""``/v1/memory``: the human translation memory in and out as TMX, so a team seeds it from the CAT tool
it has (OmegaT, memoQ, Trados, Weblate) and takes its editors' work back out.

``PUT`` merges a TMX into the memory (a sentence held before gets the file's English), as a CAT tool's
import does: replacing the memory with a file would silently drop the edits made since the export;
``?replace=true`` asks for that. Each key has its own memory; ``?shared=true`` is the operator's, which
every key reads and only an admin key writes. The memory is kept by pair: ``source_lang`` and
``target_lang`` name one (id→en where neither is named; an upload without them takes the TMX's own
``srclang`` and its other language).
"""

from __future__ import annotations

from typing import ClassVar

from flask import Blueprint, Response, request
from pydantic import BaseModel

from service import extensions
from service.answers import answer
from service.auth import current_owner, writer
from service.problems import Problem
from service.validation import parse
from workers.contract.job import QUERY
from workers.contract.memory import MemoryInfo
from workers.contract.pairs import LanguageCode
from workers.human_memory import sentence_pairs
from workers.store.glossaries import SHARED, glossary_owner
from workers.store.human_memory import HumanMemoryStore, Pair
from workers.tmx import TmxError, read_memory, write_tmx

bp = Blueprint("memory", __name__, url_prefix="/v1/memory")

TMX_MIME = "application/x-tmx+xml"
# What CAT tools and HTTP clients label a TMX file with.
TMX_MIMES = {TMX_MIME, "application/tmx+xml", "application/xml", "text/xml"}


class MemoryQuery(BaseModel):
    """``GET /v1/memory``'s query: the memory of one pair (id→en unless named)."""

    model_config = QUERY
    hints: ClassVar[dict[str, str]] = {
        "shared": "true or false (true: the operator's shared memory)",
        "source_lang": 'a language code such as "id"',
        "target_lang": 'a language code such as "en"',
    }

    shared: bool = False
    source_lang: LanguageCode | None = None
    target_lang: LanguageCode | None = None

    @property
    def languages(self) -> tuple[str, str] | None:
        """The pair named (either side defaulting to id→en's); None where neither is named."""
        if self.source_lang is None and self.target_lang is None:
            return None
        return self.source_lang or "id", self.target_lang or "en"


class MemoryWriteQuery(MemoryQuery):
    """``PUT`` and ``DELETE /v1/memory``'s query."""

    hints: ClassVar[dict[str, str]] = {
        **MemoryQuery.hints,
        "replace": "true or false (true: the file replaces the memory)",
    }

    replace: bool = False


def _store() -> HumanMemoryStore:
    return HumanMemoryStore(extensions.job_store().engine)


@bp.get("")
def export() -> Response:
    query = parse(MemoryQuery, request.args.to_dict())
    shared, languages = query.shared, query.languages or ("id", "en")
    owner = SHARED if shared else glossary_owner(current_owner())
    best = request.accept_mimetypes.best_match([TMX_MIME, "application/json"], default=TMX_MIME)
    if best == "application/json":
        return answer(MemoryInfo(units=_store().count(owner, query.languages), shared=shared,
                                 source_lang=languages[0] if query.languages else None,
                                 target_lang=languages[1] if query.languages else None))  # fmt: skip
    units = [
        Pair(u.sentence, u.english, u.changed_by, u.changed_at) for u in _store().units(owner, languages)
    ]
    response = Response(write_tmx(units, *languages), mimetype=TMX_MIME)
    name = "warta-shared-memory" if shared else "warta-memory"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.tmx"'
    response.headers["X-Memory-Units"] = str(len(units))
    return response


@bp.put("")
def upload() -> Response:
    query = parse(MemoryWriteQuery, request.args.to_dict())
    if request.mimetype not in TMX_MIMES:
        raise Problem(415, "unsupported_media_type", f"Send the memory as TMX ({TMX_MIME} or "
                      "application/xml).", field="Content-Type")  # fmt: skip
    try:
        read = read_memory(request.get_data(), query.source_lang, query.target_lang)
    except TmxError as error:
        raise Problem(422, "invalid_tmx", str(error), field="body") from None
    languages = (read.source, read.target)
    pairs = [p for unit in read.pairs for p in sentence_pairs(unit, languages)]
    if not pairs:
        raise Problem(422, "invalid_tmx", "No unit has text in both languages.", field="body")
    holder = writer(query.shared, "memory", "warta tm import")  # after the body's checks
    store = _store()
    removed = None
    if query.replace:
        removed, imported = store.replace(holder, pairs, "import", holder, languages)
    else:
        imported = store.remember(holder, pairs, "import", holder, languages=languages)
    return answer(MemoryInfo(units=store.count(holder, languages), shared=query.shared, imported=imported,
                             removed=removed, source_lang=read.source, target_lang=read.target))  # fmt: skip


@bp.delete("")
def forget() -> Response:
    query = parse(MemoryWriteQuery, request.args.to_dict())
    holder = writer(query.shared, "memory", "warta tm forget")
    languages = query.languages
    removed = _store().forget(holder, languages)
    return answer(MemoryInfo(units=0, shared=query.shared, removed=removed,
                             source_lang=languages[0] if languages else None,
                             target_lang=languages[1] if languages else None))  # fmt: skip
