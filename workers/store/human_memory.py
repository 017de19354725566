"""The human translation memory: English a person wrote for a sentence, kept durably in the job store.

It is written by editors' saves (``PATCH .../sentences/{index}``), LibreTranslate's ``POST /suggest``
and TMX imports, and read before the model and the machine memory, which can never evict it (that one
lives in Redis under a size bound; this one is a table). It is scoped as the glossaries are: each key
has its own units, the operator's shared units (owner ``""``, written by ``warta tm import`` or an
admin key) are read by every key, and a key's own unit wins where both hold the sentence.

A sentence is stored as the text pipeline normalizes it, the form the result document and the model
see, so an exact look-up is one hash; its length is kept so that fuzzy candidates are read by a range
of lengths, never the whole table (two texts of lengths a < b cannot reach a ratio above 2a / (a + b)).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Column, DateTime, Integer, String, Table, Text, delete, func, inspect, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine, Row
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.sql import ColumnElement, Select

from workers.store.engine import aware, create_tables, metadata, utcnow
from workers.store.fuzzy_matches import UNIT_BLOCK, BestMatches
from workers.store.glossaries import ANONYMOUS, SHARED

human_memory = Table(
    "warta_human_memory",
    metadata,
    # A key's id, ANONYMOUS for clients without a key, or SHARED for the operator's units.
    Column("owner", String(32), primary_key=True),
    Column("source_language", String(8), primary_key=True),
    Column("target_language", String(8), primary_key=True),
    Column("sentence_sha256", String(64), primary_key=True),
    Column("sentence", Text, nullable=False),
    Column("english", Text, nullable=False),
    Column("length", Integer, nullable=False, index=True),
    # How it came: "edit", "suggest" or "import".
    Column("origin", String(16), nullable=False),
    # TMX's changeid: the key that saved it, or the user a TMX unit names.
    Column("changed_by", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("changed_at", DateTime(timezone=True), nullable=False),
)
# How many fuzzy matches a sentence is offered at most.
MATCHES_PER_SENTENCE = 3
# The length window's upper end where any length may match (a threshold of 0): past any sentence, and
# within the Integer column's range.
ANY_LENGTH = 10**9
# The table LibreTranslate's /suggest wrote before there was a human memory; adopted on first open.
FORMER_SUGGESTIONS = "warta_suggestions"


@dataclass(frozen=True)
class Pair:
    """A source sentence and a person's English for it, with who and when where a file says."""

    source: str
    target: str
    changed_by: str | None = None
    changed_at: datetime | None = None


@dataclass(frozen=True)
class HumanUnit:
    sentence: str
    english: str
    origin: str
    changed_by: str
    changed_at: datetime
    shared: bool = False


@dataclass(frozen=True)
class FuzzyMatch:
    unit: HumanUnit
    score: float


def _sha(sentence: str) -> str:
    return hashlib.sha256(sentence.encode()).hexdigest()


class HumanMemoryStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        create_tables(engine)
        _adopt_suggestions(engine)

    def remember(
        self,
        owner: str,
        units: Sequence[Pair | tuple[str, str]],
        origin: str,
        changed_by: str,
        at: datetime | None = None,
        languages: tuple[str, str] = ("id", "en"),
        conn: Connection | None = None,
    ) -> int:
        """Keep each pair as ``owner``'s, a sentence held before replaced (by a TMX's later unit too);
        who and when are the pair's own where it says (a TMX unit's), else ``changed_by`` and ``at``.
        With ``conn``, inside that transaction (an edit's save)."""
        now, (source, target) = at or utcnow(), languages
        pairs = [unit if isinstance(unit, Pair) else Pair(*unit) for unit in units]
        # A microsecond apart, so that an export lists a file's units in the file's order.
        rows = {
            _sha(p.source): {"owner": owner, "source_language": source, "target_language": target,
                             "sentence_sha256": _sha(p.source), "sentence": p.source, "english": p.target,
                             "length": len(p.source), "origin": origin,
                             "changed_by": (p.changed_by or changed_by)[:200],
                             "created_at": now + timedelta(microseconds=i), "changed_at": p.changed_at or now}
            for i, p in enumerate(pairs)
        }  # fmt: skip
        if not rows:
            return 0
        insert = (postgresql if self.engine.dialect.name == "postgresql" else sqlite).insert(human_memory)
        keys = ["owner", "source_language", "target_language", "sentence_sha256"]
        replaced = {name: insert.excluded[name] for name in ("english", "origin", "changed_by", "changed_at")}
        upsert = insert.on_conflict_do_update(index_elements=keys, set_=replaced)
        if conn is not None:
            conn.execute(upsert, list(rows.values()))
            return len(rows)
        with self.engine.begin() as own:
            own.execute(upsert, list(rows.values()))
        return len(rows)

    def exact(
        self, owner: str, sentences: list[str], languages: tuple[str, str] = ("id", "en")
    ) -> dict[str, HumanUnit]:
        """The unit for each of ``sentences`` that has one, ``owner``'s own over the shared one."""
        by_hash = {_sha(s): s for s in dict.fromkeys(sentences)}
        if not by_hash:
            return {}
        found: dict[str, HumanUnit] = {}
        query = self._scoped(owner, languages).where(human_memory.c.sentence_sha256.in_(list(by_hash)))
        with self.engine.connect() as conn:
            for row in sorted(conn.execute(query), key=lambda r: r.owner == owner):
                if row.sentence in by_hash.values():
                    found[row.sentence] = _unit(row, owner)
        return found

    def similar(
        self, owner: str, sentences: list[str], threshold: float, languages: tuple[str, str] = ("id", "en")
    ) -> dict[str, list[FuzzyMatch]]:
        """For each of ``sentences``, the units (other than its own sentence) whose source scores at
        least ``threshold`` (rapidfuzz's ratio, 0 to 100), best first, at most three. Scored in bounded
        blocks (``fuzzy_matches``): a worker's memory never grows with sentences times units."""
        wanted = [s for s in dict.fromkeys(sentences) if s.strip()]
        if not wanted or threshold > 100:
            return {}
        # A ratio of ``share`` needs a length within this window; a threshold of 0 takes every length.
        share = max(threshold, 0.0) / 100
        low = min(len(s) for s in wanted) * share / (2 - share)
        high = max(len(s) for s in wanted) * (2 - share) / share if share else ANY_LENGTH
        best: BestMatches[Row[Any]] = BestMatches(wanted, threshold, MATCHES_PER_SENTENCE)
        # The key's own units first: where both hold a sentence, the one added first is kept.
        for reader in dict.fromkeys([owner, SHARED]):
            for page in self._pages(reader, languages, int(low), int(high) + 1):
                best.add([row.sentence for row in page], page)
        return {
            sentence: [FuzzyMatch(_unit(row, owner), score) for row, score in found]
            for sentence, found in best.matches().items()
        }

    def _pages(self, owner: str, languages: tuple[str, str], low: int, high: int) -> Iterator[list[Row[Any]]]:
        """``owner``'s units of a length from ``low`` to ``high``, a page at a time in the primary key's
        order: a large memory is never all in a worker at once, and no read holds the database while
        the previous page is scored."""
        after = ""
        while True:
            query = (
                select(human_memory)
                .where(*_languages(languages), human_memory.c.owner == owner,
                       human_memory.c.length.between(low, high), human_memory.c.sentence_sha256 > after)
                .order_by(human_memory.c.sentence_sha256)
                .limit(UNIT_BLOCK)
            )  # fmt: skip
            with self.engine.connect() as conn:
                page = list(conn.execute(query))
            if page:
                yield page
            if len(page) < UNIT_BLOCK:
                return
            after = page[-1].sentence_sha256

    def units(self, owner: str, languages: tuple[str, str] = ("id", "en")) -> Iterator[HumanUnit]:
        """``owner``'s own units (only those: an export gives back what the key wrote), oldest first."""
        query = (
            select(human_memory)
            .where(*_languages(languages), human_memory.c.owner == owner)
            .order_by(human_memory.c.created_at, human_memory.c.sentence_sha256)
        )
        with self.engine.connect() as conn:
            for row in conn.execute(query):
                yield _unit(row, owner)

    def count(self, owner: str, languages: tuple[str, str] | None = None) -> int:
        """``owner``'s units, of one pair or (``languages`` None) of every pair."""
        with self.engine.connect() as conn:
            query = select(func.count()).select_from(human_memory).where(*_owned(owner, languages))
            return int(conn.execute(query).scalar() or 0)

    def forget(self, owner: str, languages: tuple[str, str] | None = None) -> int:
        """Delete ``owner``'s units of one pair or (``languages`` None) of every pair; returns how many
        there were."""
        with self.engine.begin() as conn:
            return conn.execute(delete(human_memory).where(*_owned(owner, languages))).rowcount

    def replace(
        self, owner: str, units: Sequence[Pair], origin: str, changed_by: str,
        languages: tuple[str, str] = ("id", "en"),
    ) -> tuple[int, int]:  # fmt: skip
        """``owner``'s memory of the pair made ``units`` alone, in one transaction (a reader never sees it
        empty); other pairs are kept. Returns how many units went and how many came."""
        with self.engine.begin() as conn:
            removed = conn.execute(delete(human_memory).where(*_owned(owner, languages))).rowcount
            return removed, self.remember(owner, units, origin, changed_by, languages=languages, conn=conn)

    def _scoped(self, owner: str, languages: tuple[str, str]) -> Select[Any]:
        return select(human_memory).where(*_languages(languages), human_memory.c.owner.in_({owner, SHARED}))


def _languages(languages: tuple[str, str]) -> tuple[ColumnElement[bool], ColumnElement[bool]]:
    source, target = languages
    return human_memory.c.source_language == source, human_memory.c.target_language == target


def _owned(owner: str, languages: tuple[str, str] | None) -> tuple[ColumnElement[bool], ...]:
    mine = human_memory.c.owner == owner
    return (mine,) if languages is None else (mine, *_languages(languages))


def _unit(row: Row[Any], reader: str) -> HumanUnit:
    return HumanUnit(row.sentence, row.english, row.origin, row.changed_by, aware(row.changed_at),
                     shared=row.owner == SHARED and reader != SHARED)  # fmt: skip


_adopted: set[str] = set()


def _adopt_suggestions(engine: Engine) -> None:
    """Move what an earlier release's ``warta_suggestions`` held into the human memory, once: a
    suggestion sent without a key stays the keyless clients' own."""
    url = str(engine.url)
    if url in _adopted:
        return
    _adopted.add(url)
    if not inspect(engine).has_table(FORMER_SUGGESTIONS):
        return
    owner = f"CASE WHEN owner = '' THEN '{ANONYMOUS}' ELSE owner END"
    copy = text(
        "INSERT INTO warta_human_memory (owner, source_language, target_language, sentence_sha256, "
        "sentence, english, length, origin, changed_by, created_at, changed_at) "
        f"SELECT {owner}, source_language, target_language, sentence_sha256, sentence, english, "
        f"LENGTH(sentence), 'suggest', {owner}, created_at, created_at FROM {FORMER_SUGGESTIONS}"
    )
    try:
        with engine.begin() as conn:
            conn.execute(copy)
            conn.execute(text(f"DROP TABLE {FORMER_SUGGESTIONS}"))
    except SQLAlchemyError:
        return  # another process adopted them first
