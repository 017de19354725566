"""Many processes and threads on one store at once: the API's processes and every worker open the store
together at start, and clients upload the same glossary name in parallel. None of them may fail for
having come at the same moment as another."""

from __future__ import annotations

import multiprocessing
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier
from typing import Any

from sqlalchemy import inspect

from glossary.model import Glossary, Term
from workers.settings import Settings
from workers.store.engine import open_engine
from workers.store.glossaries import GlossaryStore

PROCESSES = 60
THREADS = 20


def _open_store(url: str, barrier: Any) -> None:
    """What an API process or a worker does at start, all of them released at the same instant."""
    from workers.store.deepl import DeepLStore
    from workers.store.human_memory import HumanMemoryStore
    from workers.store.jobs import JobStore

    barrier.wait(timeout=60)
    store = JobStore(url)
    GlossaryStore(store.engine)
    HumanMemoryStore(store.engine)
    DeepLStore(store.engine)
    store.engine.dispose()


def test_processes_starting_together_all_open_a_fresh_store(database_url):
    url = Settings(database_url=database_url).effective_database_url
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(PROCESSES)
    processes = [context.Process(target=_open_store, args=(url, barrier)) for _ in range(PROCESSES)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=120)
    failed = [p.exitcode for p in processes if p.exitcode != 0]
    assert failed == [], f"{len(failed)} of {PROCESSES} processes could not open the store"
    engine = open_engine(url)
    tables = set(inspect(engine).get_table_names())
    assert {"warta_jobs", "warta_glossaries", "warta_deepl_glossaries"} <= tables
    engine.dispose()


def test_every_table_is_created_whichever_store_module_was_imported(tmp_path):
    """A process that imports only the glossary store still creates the DeepL API's tables: a store
    opened later on the same engine must not find its table missing."""
    url = f"sqlite:///{tmp_path / 'warta.db'}"
    script = (
        "from workers.store.engine import open_engine\n"
        "from workers.store.glossaries import GlossaryStore\n"
        f"GlossaryStore(open_engine({url!r}))\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True, timeout=120)
    engine = open_engine(url)
    assert {"warta_deepl_glossaries", "warta_deepl_documents"} <= set(inspect(engine).get_table_names())
    engine.dispose()


def test_parallel_uploads_of_one_name_all_get_versions_of_their_own(database_url):
    url = Settings(database_url=database_url).effective_database_url
    engine = open_engine(url)
    store = GlossaryStore(engine)
    barrier = Barrier(THREADS)

    def upload(index: int) -> int:
        barrier.wait(timeout=60)
        glossary = Glossary("news", (Term(f"t{index}", f"word{index}", (f"kata{index}",)),))
        return store.put(glossary, "news", "owner")

    with ThreadPoolExecutor(THREADS) as pool:
        versions = list(pool.map(upload, range(THREADS)))
    assert sorted(versions) == list(range(1, THREADS + 1))
    engine.dispose()
