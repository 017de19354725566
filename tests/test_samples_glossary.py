"""The five sample articles as one job: every key entity found wherever it is mentioned, one rendering.

Skipped where ``../shared/samples`` is absent. Runs the real pipeline on the tiny models: their
English is noise, so what is checked is what Warta guarantees around the model, not the model.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest

from glossary.default import default_glossary
from glossary.matcher import Matcher
from workers.contract.article import ArticleInput
from workers.models import ModelRegistry
from workers.pipeline import run_pipeline
from workers.settings import Settings
from workers.text.prepare import prepare_text

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "samples"

# English rendering(s) -> how the Indonesian articles mention the entity.
ENTITIES = {
    ("Vladimir Putin", "Putin"): r"\bPutin\b",
    ("Kim Jong Un",): r"Kim Jong[- ][Uu]n",
    (
        "North Korea",
    ): r"Korea Utara|\bKorut\b|Republik (?:Rakyat Demokratik|Demokratik Rakyat) Korea|\bDPRK\b",
    ("Russia",): r"\bRusia\b",
    ("United States",): r"Amerika Serikat|\bAS\b",
    ("United Nations",): r"(?<!Keamanan )\bPBB\b",
    ("UN Security Council",): r"Dewan Keamanan PBB",
    ("Pyongyang",): r"\bPyongyang\b",
    ("Moscow",): r"\bMoskwa\b|\bMoskow\b",
    ("Ukraine",): r"\bUkraina\b",
    ("South Korea",): r"Korea Selatan|\bKorsel\b",
    ("China",): r"\bChina\b|\bCina\b|\bTiongkok\b",
}


@pytest.mark.skipif(not SAMPLES.is_dir(), reason=f"{SAMPLES} not present")
def test_key_entities_are_found_in_every_article_with_one_rendering(tiny_models, backend):
    texts = [
        (SAMPLES / f"cluster-putin-pyongyang-{i}.id.txt").read_text(encoding="utf-8") for i in range(1, 6)
    ]
    articles = [ArticleInput(str(i), None, text) for i, text in enumerate(texts, 1)]
    registry = ModelRegistry(Settings(mt_beams=1, mt_backend=backend, **tiny_models))
    docs = run_pipeline(
        articles, ["translate"], translator=registry.translator, summarizer=registry.summarizer,
        batch_size=16, progress=lambda *_: None, matcher=Matcher(default_glossary()),
    )  # fmt: skip
    glossary = {t.id: t for t in default_glossary().terms}
    for renderings, mention in ENTITIES.items():
        targets_used: set[str] = set()
        for doc in docs:
            clean = prepare_text(doc["source_text"]).clean_text
            terms = [t for p in doc["paragraphs"] for s in p for t in s["terms"]]
            found = [t for t in terms if glossary[t["term_id"]].target in renderings]
            if re.search(mention, clean):
                assert found, f"{renderings[0]} is mentioned in article {doc['id']}, not found"
            targets_used |= {glossary[t["term_id"]].target for t in found}
            for term in found:
                if term["status"] != "missed":
                    assert term["target"].casefold() in {
                        r.casefold() for r in glossary[term["term_id"]].renderings
                    }
        assert targets_used <= set(renderings), f"{renderings[0]} rendered as {targets_used}"
    by_source = defaultdict(set)
    for doc in docs:
        for term in (t for p in doc["paragraphs"] for s in p for t in s["terms"]):
            by_source[term["source"]].add(glossary[term["term_id"]].target)
    assert all(len(targets) == 1 for targets in by_source.values()), "one English name per Indonesian name"
