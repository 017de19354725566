"""Store errors are answered for what they are, and values a store cannot hold are refused before anything
is written, over SQLite and PostgreSQL: only a store that could not be reached is a 503 to retry."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask, Response
from sqlalchemy import create_engine, insert, text
from sqlalchemy.engine import Engine

from glossary.formats import parse_glossary
from service.app import create_app
from workers.settings import Settings
from workers.store.engine import utcnow
from workers.store.glossaries import GlossaryStore, glossaries
from workers.store.values import UnstorableValue

ENTRIES = "Jakarta\tJakarta City\n"


@pytest.fixture
def store_app(redis_url: str, database_url: str, tmp_path: Path) -> Iterator[Flask]:
    """The API over the parametrized store, without models: nothing here reaches a worker."""
    settings = Settings(
        redis_url=redis_url,
        database_url=database_url,
        data_dir=str(tmp_path),
        queue=f"test-{uuid.uuid4().hex[:8]}",
        rate_limit="",
        submit_rate_limit="",
        auth_failure_limit="",
    )
    app = create_app(settings)
    yield app
    app.extensions["warta.store"].close()


def _route(app: Flask, path: str, run: Callable[[], Any]) -> None:
    def view() -> Response:
        run()
        return Response(status=204)

    app.add_url_rule(path, path.strip("/").replace("/", "_"), view)


def _row(name: str) -> dict[str, Any]:
    return {"owner": "", "name": name, "version": 1, "terms": "[]", "term_count": 0, "created_at": utcnow()}


def test_only_an_unreachable_store_is_a_503(store_app, database_url, tmp_path):
    engine: Engine = store_app.extensions["warta.glossaries"].engine
    sqlite = database_url.startswith("sqlite")

    def conflict() -> None:
        with engine.begin() as conn:
            conn.execute(insert(glossaries).values(**_row("twice")))
            conn.execute(insert(glossaries).values(**_row("twice")))

    def bug() -> None:
        with engine.connect() as conn:
            conn.execute(text("SELECT * FROM no_such_table"))

    def unreachable() -> None:
        url = (
            f"sqlite:///{tmp_path}/no/such/dir/warta.db" if sqlite else "postgresql+psycopg://x@127.0.0.1:1/x"
        )
        with create_engine(url).connect() as conn:
            conn.execute(text("SELECT 1"))

    _route(store_app, "/test/conflict", conflict)
    _route(store_app, "/test/bug", bug)
    _route(store_app, "/test/unreachable", unreachable)
    client = store_app.test_client()

    refused = client.get("/test/conflict")
    assert (refused.status_code, refused.json["code"]) == (409, "store_conflict")
    assert "nothing was changed" not in refused.json["detail"]
    failed = client.get("/test/bug")
    assert (failed.status_code, failed.json["code"]) == (500, "internal_error")
    down = client.get("/test/unreachable")
    assert (down.status_code, down.json["code"]) == (503, "store_unavailable")


def test_a_value_the_database_refuses_is_a_400_not_a_503(store_app, database_url):
    if database_url.startswith("sqlite"):
        pytest.skip("SQLite keeps any length and NUL: only PostgreSQL refuses the value itself")
    engine: Engine = store_app.extensions["warta.glossaries"].engine

    def too_long() -> None:
        with engine.begin() as conn:
            conn.execute(insert(glossaries).values(**_row("x" * 65)))

    _route(store_app, "/test/too-long", too_long)
    answer = store_app.test_client().get("/test/too-long")
    assert (answer.status_code, answer.json["code"]) == (400, "invalid_value")


@pytest.mark.parametrize("name", ["x" * 1025, "Kota\x00Jakarta", "Kota \ud800"])
def test_a_deepl_glossary_name_the_store_cannot_hold_is_refused_before_anything_is_written(store_app, name):
    client = store_app.test_client()
    body = {"name": name, "source_lang": "id", "target_lang": "en", "entries": ENTRIES,
            "entries_format": "tsv"}  # fmt: skip
    answer = client.post("/v2/glossaries", json=body)
    assert answer.status_code == 400, answer.json
    assert "'name'" in answer.json["message"]
    assert client.get("/v2/glossaries").json["glossaries"] == []
    assert [g.name for g in store_app.extensions["warta.glossaries"].list("-anonymous")] == ["default"]
    made = client.post("/v2/glossaries", json={**body, "name": "Kota"})
    assert made.status_code == 201 and made.json["name"] == "Kota"


def test_a_glossary_name_or_owner_too_long_for_its_column_is_refused_before_writing(database_url):
    store = GlossaryStore(create_engine(Settings(database_url=database_url).effective_database_url))
    glossary = parse_glossary(ENTRIES, "tsv", "news")
    with pytest.raises(UnstorableValue, match="at most 64"):
        store.put(glossary, "n" * 65, "desk")
    with pytest.raises(UnstorableValue, match="owner"):
        store.put(glossary, "news", "o" * 33)
    assert [g.name for g in store.list("desk")] == ["default"]
    store.engine.dispose()
