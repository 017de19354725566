"""A store made by an older Warta (before API keys, before workers said which models they loaded) opens in
the current shape with every row kept."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import create_engine, inspect, text

from workers.settings import Settings
from workers.store.engine import utcnow
from workers.store.glossaries import GlossaryStore
from workers.store.jobs import JobStore

OLD_TABLES = [
    """CREATE TABLE warta_jobs (id VARCHAR(32) PRIMARY KEY, status VARCHAR(16) NOT NULL, tasks JSON NOT NULL,
       options JSON NOT NULL, stage VARCHAR(32) NOT NULL, done INTEGER NOT NULL, total INTEGER NOT NULL,
       attempts INTEGER NOT NULL, error_code VARCHAR(64), error_message TEXT, result TEXT,
       created_at TIMESTAMP WITH TIME ZONE NOT NULL, started_at TIMESTAMP WITH TIME ZONE,
       finished_at TIMESTAMP WITH TIME ZONE)""",
    """CREATE TABLE warta_glossaries (name VARCHAR(64), version INTEGER, terms TEXT NOT NULL,
       created_at TIMESTAMP WITH TIME ZONE NOT NULL, PRIMARY KEY (name, version))""",
    """INSERT INTO warta_jobs VALUES ('old1', 'queued', '["translate"]', '{}', 'queued', 0, 0, 0, NULL, NULL,
       NULL, '2025-01-01 00:00:00+00', NULL, NULL)""",
    """INSERT INTO warta_glossaries VALUES ('house', 1, '[{"sources": ["Warta"], "target": "Warta News"}]',
       '2025-01-01 00:00:00+00')""",
]


def test_an_older_store_gains_owners_and_keeps_its_jobs_and_glossaries(database_url):
    url = Settings(database_url=database_url).effective_database_url
    engine = create_engine(url)
    with engine.begin() as conn:
        for statement in OLD_TABLES:
            conn.execute(text(statement))
    engine.dispose()

    store = JobStore(url)
    job = store.get_job("old1")
    assert job is not None and job.status == "queued" and job.owner == ""
    glossaries = GlossaryStore(store.engine)
    assert glossaries.get("house").terms[0].target == "Warta News"
    assert glossaries.holder("house", "somekey") == ""
    assert [(g.name, g.version, g.terms) for g in glossaries.list()][1:] == [("house", 1, 1)], "counted once"
    assert glossaries.put(glossaries.get("house"), "house", owner="somekey") == 1
    assert set(inspect(store.engine).get_pk_constraint("warta_glossaries")["constrained_columns"]) == {
        "owner", "name", "version"}  # fmt: skip
    JobStore(url).close()  # a second open finds nothing left to change
    store.close()


OLD_WORKERS = [
    """CREATE TABLE warta_workers (name VARCHAR(200) PRIMARY KEY, heartbeat_at TIMESTAMP WITH TIME ZONE
       NOT NULL)""",
    "INSERT INTO warta_workers VALUES ('old-worker', :now)",
]


def test_an_older_store_gains_the_models_workers_loaded_and_keeps_its_workers(database_url):
    url = Settings(database_url=database_url).effective_database_url
    engine = create_engine(url)
    with engine.begin() as conn:
        for statement in OLD_WORKERS:
            conn.execute(text(statement), {"now": utcnow()})
    engine.dispose()

    store = JobStore(url)
    assert "models" in {c["name"] for c in inspect(store.engine).get_columns("warta_workers")}
    since = utcnow() - timedelta(minutes=1)
    assert store.live_workers(since) == 1 and store.live_models(since) == [None], "kept, and said nothing"
    store.beat("old-worker", {"translation": None, "summarization": "could not be loaded (OSError)"})
    store.beat("old-worker")
    assert store.live_models(since) == [
        {"translation": None, "summarization": "could not be loaded (OSError)"}
    ]
    JobStore(url).close()  # a second open finds nothing left to change
    store.close()
