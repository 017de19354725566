"""Names outside the glossary get one rendering across the whole job."""

from __future__ import annotations

from glossary.matcher import Matcher
from tests.test_enforce import GLOSSARY, NameTranslator
from workers.batch_translate import translate_all
from workers.entities import unknown_entities


class MoodyTranslator(NameTranslator):
    """Spells "Santoso" as "Santosy" when the sentence mentions "kemarin", as a model might on a whim."""

    model_id = "moody"
    max_input_tokens = 100

    def __init__(self):
        super().__init__({})

    def count_tokens(self, text):
        return len(text.split())

    def translate_batches(self, batches):
        return ([self.translate(t) for t in texts] for texts in batches)

    def prefetch_links(self, pairs):
        return None

    def run(self, text):
        self.behaviour = {"Santoso": "mangle"} if "kemarin" in text else {}
        return super().run(text)


TEXTS = [
    "Budi Santoso tiba di Pyongyang.",
    "Rusia menolak, kata Budi Santoso kemarin.",
    "Budi Santoso bertemu dengan Kim Jong-un.",
]


def test_an_unknown_name_keeps_one_rendering_across_the_job():
    out = translate_all(
        TEXTS, MoodyTranslator(), 2, lambda _n: None, Matcher(GLOSSARY), consistent_entities=True
    )
    assert all("Budi Santoso" in t.text and "Santosy" not in t.text for t in out)
    uses = [e for t in out for e in t.entities]
    assert [u["status"] for u in uses] == ["applied", "repaired", "applied"]
    assert all(t.terms and all(not x["term_id"].startswith("entity:") for x in t.terms) for t in out[1:])
    [entry] = unknown_entities(uses)
    assert entry == {"source": "Budi Santoso", "target": "Budi Santoso", "type": "person", "occurrences": 3,
                     "repaired": 1, "missed": 0}  # fmt: skip


def test_without_consistency_the_whim_stays():
    out = translate_all(TEXTS, MoodyTranslator(), 2, lambda _n: None, Matcher(GLOSSARY))
    assert "Santosy" in out[1].text and not any(t.entities for t in out)
