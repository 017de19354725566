"""The stores: one database, one table group a module, each behind a store class.

``jobs.py`` (with ``job_tables.py``, ``recovery.py``, ``idempotency.py``) keeps jobs, ``glossaries.py``
named glossaries, ``benchmarks.py`` benchmark runs, ``api_keys.py`` API keys and ``human_memory.py``
the English people wrote for sentences, ``revisions.py`` editors' saves, ``documents.py`` uploaded
documents and their translations; ``engine.py`` opens the database and creates the tables, ``upgrade.py``
brings an older store up to date in place. Importing the package declares every table group, so the first
store opened creates them all.
"""

from workers.store import api_keys, benchmarks, deepl, glossaries, human_memory, job_tables, revisions  # noqa: F401
