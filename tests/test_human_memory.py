"""The human translation memory: its store on both databases (scoping, fuzzy matches, the adopted
suggestions of an earlier release), and ``translate_all`` in front of a model double (the logic around
the model: which texts reach it, with what origin and matches)."""

from __future__ import annotations

import random
import tracemalloc
from typing import Any

import numpy as np
import pytest
from rapidfuzz import process
from sqlalchemy import create_engine, text

from tests.test_fuzzy_matches import full_matrix
from workers.batch_translate import translate_all
from workers.human_memory import HumanMemoryTranslator
from workers.store import human_memory as human_memory_store
from workers.store.engine import open_engine
from workers.store.glossaries import SHARED
from workers.store.human_memory import HumanMemoryStore
from workers.translation_memory import LocalMemory, MemoTranslator, Usage

EDITED = "Harga beras naik di Jakarta pada hari Senin."
CLOSE = "Harga beras naik di Bandung pada hari Senin."


@pytest.fixture
def memory(database_url: str) -> HumanMemoryStore:
    return HumanMemoryStore(open_engine(database_url))


def test_a_keys_own_unit_wins_over_the_shared_one_and_no_key_reads_anothers(memory):
    memory.remember(SHARED, [(EDITED, "Shared."), ("Dua.", "Two.")], "import", "operator")
    memory.remember("a", [(EDITED, "Mine.")], "edit", "a")
    memory.remember("b", [("Tiga.", "Three.")], "edit", "b")
    mine = memory.exact("a", [EDITED, "Dua.", "Tiga."])
    assert {s: u.english for s, u in mine.items()} == {EDITED: "Mine.", "Dua.": "Two."}
    assert (mine[EDITED].shared, mine["Dua."].shared) == (False, True)
    assert mine[EDITED].changed_by == "a" and mine["Dua."].origin == "import"
    assert [u.sentence for u in memory.units("a")] == [EDITED]
    assert (
        memory.count(SHARED) == 2 and memory.forget("a") == 1 and memory.exact("a", [EDITED])[EDITED].shared
    )


def test_a_later_unit_for_the_same_sentence_replaces_the_earlier(memory):
    memory.remember("a", [(EDITED, "First.")], "edit", "a")
    memory.remember("a", [(EDITED, "Second.")], "suggest", "a")
    [unit] = memory.units("a")
    assert (unit.english, unit.origin) == ("Second.", "suggest")


def test_fuzzy_matches_reach_the_threshold_and_never_match_the_sentence_itself(memory):
    memory.remember("a", [(EDITED, "Rice prices rose in Jakarta on Monday."), ("Lain sekali.", "Other.")],
                    "edit", "a")  # fmt: skip
    found = memory.similar("a", [CLOSE, EDITED, "Sesuatu yang lain sama sekali."], 85)
    assert list(found) == [CLOSE]
    [match] = found[CLOSE]
    assert match.unit.sentence == EDITED and 85 <= match.score < 100
    assert memory.similar("a", [CLOSE], 101) == {} and memory.similar("b", [CLOSE], 85) == {}
    # WARTA_FUZZY_THRESHOLD=0 offers the closest units whatever their length (it divided by zero).
    assert memory.similar("a", [CLOSE], 0)[CLOSE][0].unit.sentence == EDITED


def _sentences(rng: random.Random, count: int) -> list[str]:
    words = ["".join(rng.choices("abdegiklmnprstu", k=rng.randint(2, 8))) for _ in range(2_000)]
    return [" ".join(rng.choices(words, k=rng.randint(6, 12))).capitalize() + "." for _ in range(count)]


def _nearly(rng: random.Random, sentence: str) -> str:
    at = rng.randrange(len(sentence) - 1)
    return sentence[:at] + "x" + sentence[at + 1 :]


def test_fuzzy_matches_read_in_pages_are_those_of_one_full_matrix(memory, monkeypatch):
    rng = random.Random(11)
    shared = _sentences(rng, 60)
    own = shared[:20] + _sentences(rng, 20)  # a key's own unit for a shared sentence wins
    memory.remember(SHARED, [(s, f"shared {i}") for i, s in enumerate(shared)], "import", "operator")
    memory.remember("k", [(s, f"own {i}") for i, s in enumerate(own)], "edit", "k")
    asked = [_nearly(rng, s) for s in rng.sample(shared + own, 30)] + shared[30:35]
    monkeypatch.setattr(human_memory_store, "UNIT_BLOCK", 7)
    found = memory.similar("k", asked, 60)
    units = [(s, f"own {i}") for i, s in enumerate(own)] + [(s, f"shared {i}") for i, s in enumerate(shared)]
    expected = full_matrix(asked, units, 60)
    assert {s: [(m.unit.english, m.score) for m in ms] for s, ms in found.items()} == expected
    assert len(found) >= 30 and all(
        m.unit.shared == m.unit.english.startswith("shared") for m in found[asked[0]]
    )


def test_fuzzy_matching_holds_blocks_of_scores_never_a_sentences_by_units_matrix(memory, monkeypatch):
    """2,000 sentences against 12,000 units: one float32 matrix of them is 96 MB. rapidfuzz allocates
    its matrices outside Python's allocator, so each is copied into a numpy buffer, which tracemalloc
    counts; the store's rows are Python objects it counts too."""
    rng = random.Random(5)
    units = _sentences(rng, 12_000)
    memory.remember(SHARED, [(s, "Shared.") for s in units[:6_000]], "import", "operator")
    memory.remember("k", [(s, "Own.") for s in units[6_000:]], "import", "k")
    asked = [_nearly(rng, s) for s in units[::60]] + _sentences(rng, 1_800)
    cdist = process.cdist
    monkeypatch.setattr(process, "cdist", lambda *args, **kwargs: np.array(cdist(*args, **kwargs)))
    tracemalloc.start()
    try:
        found = memory.similar("k", asked, 85)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(found) >= 200
    assert peak < 32_000_000, f"matching peaked at {peak / 1e6:.0f} MB"


def test_suggestions_of_an_earlier_release_are_adopted(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    old = create_engine(url)
    with old.begin() as conn:
        conn.execute(text("CREATE TABLE warta_suggestions (owner VARCHAR(32), source_language VARCHAR(8), "
                          "target_language VARCHAR(8), sentence_sha256 VARCHAR(64), sentence TEXT, "
                          "english TEXT, created_at DATETIME, PRIMARY KEY (owner, source_language, "
                          "target_language, sentence_sha256))"))  # fmt: skip
        conn.execute(text("INSERT INTO warta_suggestions VALUES ('', 'id', 'en', 'x', 'Satu.', 'One.', "
                          "'2026-01-01 00:00:00')"))  # fmt: skip
    store = HumanMemoryStore(open_engine(url))
    [unit] = store.units("-anonymous")
    assert (unit.sentence, unit.english, unit.origin) == ("Satu.", "One.", "suggest")


class _Model:
    """A model double: the logic around the model is under test, not the model."""

    model_id, max_input_tokens, backend, num_beams = "fake", 200, "fake", 1

    def __init__(self) -> None:
        self.asked: list[str] = []

    def count_tokens(self, text: str) -> int:
        return len(text.split())

    def translate_batches(self, batches: list[list[str]]) -> Any:
        for batch in batches:
            self.asked += batch
            yield [t.upper() for t in batch]

    def prefetch_links(self, pairs: list[tuple[str, str]]) -> None:
        return None

    def align(self, source: str, target: str, span: tuple[int, int]) -> tuple[int, int] | None:
        return None


def test_a_sentence_a_person_translated_never_reaches_the_model(memory):
    memory.remember("k", [("Satu.", "Fixed.")], "edit", "k")
    model, counts = _Model(), []
    done = translate_all(["Satu.", "Dua.", "Satu."], HumanMemoryTranslator(model, memory, "k", 85), 8,
                         counts.append)  # fmt: skip
    assert [t.text for t in done] == ["Fixed.", "DUA.", "Fixed."] and model.asked == ["Dua."]
    assert [t.origin for t in done] == ["human-memory", "machine", "human-memory"]
    assert done[0].human is not None and done[0].human.changed_by == "k" and counts[-1] == 3


def test_a_close_sentence_is_translated_by_the_model_and_offered_the_human_pair(memory):
    memory.remember("k", [(EDITED, "Rice prices rose in Jakarta on Monday.")], "edit", "k")
    model = _Model()
    [done] = translate_all([CLOSE], HumanMemoryTranslator(model, memory, "k", 85), 8, lambda _n: None)
    assert done.text == CLOSE.upper() and done.origin == "machine"
    assert [m.unit.english for m in done.matches] == ["Rice prices rose in Jakarta on Monday."]


def test_output_the_machine_memory_answers_is_of_origin_memory():
    store, model = LocalMemory(100), _Model()
    first = translate_all(["Dua."], MemoTranslator(model, store, "float32", Usage()), 8, lambda _n: None)
    again = translate_all(["Dua."], MemoTranslator(model, store, "float32", Usage()), 8, lambda _n: None)
    assert (first[0].origin, again[0].origin, model.asked) == ("machine", "memory", ["Dua."])
