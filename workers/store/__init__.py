"""The stores: one database, one table group a module, each behind a store class.

``jobs.py`` (with ``job_tables.py``, ``recovery.py``, ``idempotency.py``) keeps jobs, ``glossaries.py``
named glossaries, ``benchmarks.py`` benchmark runs, ``api_keys.py`` API keys and ``human_memory.py``
the English people wrote for sentences, ``revisions.py`` editors' saves, ``deepl.py`` what the DeepL API
keeps, ``documents.py`` uploaded documents and their translations; ``engine.py`` opens the database and
creates the tables, ``upgrade.py`` brings an older store up to date in place, ``locks.py`` serializes the
steps that two processes must not take at once. Importing the package (as importing any of its modules
does first) declares every table group here, in one place, so the first store opened creates them all,
whichever module a process happened to import.
"""

from workers.store import (  # noqa: F401
    api_keys,
    benchmarks,
    deepl,
    documents,
    glossaries,
    human_memory,
    job_tables,
    revisions,
)
