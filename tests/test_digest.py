"""The multi-article digest: one per story, never across stories."""

from __future__ import annotations

from pathlib import Path

import pytest

from glossary.default import default_glossary
from glossary.matcher import Matcher
from workers.contract.article import ArticleInput
from workers.digest import SAME_FACT, build_digests, group_articles
from workers.extractive import tfidf_vectors
from workers.models import ModelRegistry
from workers.pipeline import run_pipeline
from workers.settings import Settings
from workers.text.prepare import prepare_text

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "samples"
UNRELATED = sorted((Path(__file__).parent / "data" / "unrelated").glob("*.id.txt"))


def untranslated(article_id: str, text: str) -> dict:
    """A result document as a translate-free job produces it."""
    paragraphs = prepare_text(text).paragraphs
    return {"id": article_id, "paragraphs": [[{"source": s, "target": None, "terms": []} for s in p]
                                             for p in paragraphs]}  # fmt: skip


def test_unrelated_articles_make_no_digest():
    documents = [untranslated(p.stem, p.read_text(encoding="utf-8")) for p in UNRELATED]
    assert len(documents) == 5
    assert build_digests(documents) == []


def test_grouping_is_single_link_and_keeps_order():
    texts = [
        "Putin tiba di Pyongyang bertemu Kim.",
        "Harga beras naik di pasar.",
        "Kim menyambut Putin di Pyongyang.",
    ]
    assert group_articles(texts, threshold=0.3) == [[0, 2], [1]]


@pytest.mark.skipif(not SAMPLES.is_dir(), reason=f"{SAMPLES} not present")
def test_five_samples_make_one_digest_even_among_unrelated_articles(tiny_models):
    samples = [(f"s{i}", (SAMPLES / f"cluster-putin-pyongyang-{i}.id.txt").read_text(encoding="utf-8"))
               for i in range(1, 6)]  # fmt: skip
    others = [(p.stem, p.read_text(encoding="utf-8")) for p in UNRELATED]
    mixed = [samples[0], others[0], samples[1], others[1], samples[2], others[2], samples[3], others[3],
             samples[4], others[4]]  # fmt: skip
    registry = ModelRegistry(Settings(mt_beams=1, **tiny_models))
    documents = run_pipeline(
        [ArticleInput(i, None, t) for i, t in mixed], ["translate"], translator=registry.translator,
        summarizer=registry.summarizer, batch_size=16, progress=lambda *_: None,
        matcher=Matcher(default_glossary()),
    )  # fmt: skip
    [digest] = build_digests(documents)
    assert digest["articles"] == [f"s{i}" for i in range(1, 6)]
    assert 2 <= len(digest["sentences"]) <= 4 and digest["english_text"]
    vectors = tfidf_vectors([s["source"] for s in digest["sentences"]])
    assert all(vectors[i] @ vectors[j] < SAME_FACT for i in range(len(vectors)) for j in range(i))
    assert all(s["article"] in s["stated_by"] and set(s["stated_by"]) <= set(digest["articles"])
               for s in digest["sentences"])  # fmt: skip
    entities = {e["name"]: e for e in digest["entities"]}
    assert sorted(entities["North Korea"]["articles"]) == digest["articles"]
    assert sorted(entities["Russia"]["articles"]) == digest["articles"]
    assert entities["North Korea"]["type"] == "place"


def test_a_long_story_is_digested_from_each_articles_lead_in_bounded_memory():
    """Two articles of 3,000 sentences on one story: TextRank over all 6,000 took gigabytes' worth of
    dense matrices (and 14 s in one step of a job); the digest reads each article's lead only."""
    import tracemalloc

    def article(article_id: str) -> dict:
        sentences = [f"Putin bertemu Kim di Pyongyang membahas kata{article_id}{n} dan soal{n}." for n in
                     range(3000)]  # fmt: skip
        return {
            "id": article_id,
            "paragraphs": [[{"source": s, "target": s, "terms": []} for s in sentences]],
        }

    documents = [article("a"), article("b")]
    tracemalloc.start()
    [digest] = build_digests(documents)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 64 * 2**20, f"peak {peak / 2**20:.0f} MB"
    leads = {d["id"]: [s["source"] for s in d["paragraphs"][0][:1000]] for d in documents}
    assert len(digest.sentences) == 4 and all(s.source in leads[s.article] for s in digest.sentences)
