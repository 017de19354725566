"""The multi-article digest: one summary per story when a job holds several articles on it.

Articles are first grouped into stories by TF-IDF cosine similarity (single link above a threshold
measured by ``benchmarks/summarization/clustering.py``), so unrelated articles are never merged. For
each story with two or more articles, the most central sentences across all of them are chosen
(position-biased TextRank, as for one article), a sentence that repeats one already chosen is skipped
and counted as a confirmation instead, and each digest sentence lists the articles that state it. The
English comes from the articles' own, glossary-checked translations; the entities are the glossary
terms the articles contain, under their canonical English names. Articles are read by name, so a
saved result document serves as well as the pipeline's models.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from workers.contract.base import Document as ContractDocument
from workers.contract.result import Digest, DigestEntity, DigestSentence
from workers.extractive import centrality, tfidf_vectors

Document = Mapping[str, Any] | ContractDocument  # an ``Article`` of the result, or its JSON

SAME_STORY = 0.21  # article cosine similarity with name features; measured, see the module docstring
SAME_FACT = 0.35  # sentence cosine similarity above which two sentences state one fact
DIGEST_SENTENCES = 4
# The sentences a story's digest is chosen from: each article's lead, at most this many in all. News puts
# what matters first, and TextRank's matrices grow with the square of the sentences: a story of 6,000
# sentences held a worker 14 s in one step, and one of 20,000 (a job's cap) would take gigabytes.
DIGEST_POOL = 600


def group_articles(texts: list[str], threshold: float = SAME_STORY) -> list[list[int]]:
    """Stories as lists of article indexes (single-link clusters), in order of first appearance."""
    if not texts:
        return []
    vectors = tfidf_vectors(texts, names=True)
    similarity = vectors @ vectors.T
    parent = list(range(len(texts)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(texts)):
        for j in range(i + 1, len(texts)):
            if similarity[i, j] >= threshold:
                parent[root(j)] = root(i)
    groups: dict[int, list[int]] = {}
    for i in range(len(texts)):
        groups.setdefault(root(i), []).append(i)
    return list(groups.values())


def build_digests(documents: Sequence[Document]) -> list[Digest]:
    texts = [" ".join(s["source"] for p in d["paragraphs"] for s in p) for d in documents]
    return [_digest([documents[i] for i in group]) for group in group_articles(texts) if len(group) > 1]


def _digest(documents: list[Document]) -> Digest:
    leads = _leads(documents)
    sentences = [(d["id"], s) for d, lead in zip(documents, leads, strict=True) for s in lead]
    vectors = tfidf_vectors([s["source"] for _, s in sentences])
    scores = _story_centrality(leads, [s["source"] for _, s in sentences])
    chosen: list[int] = []
    for i in sorted(range(len(sentences)), key=lambda i: -scores[i]):
        if len(chosen) == DIGEST_SENTENCES:
            break
        if all(vectors[i] @ vectors[j] < SAME_FACT for j in chosen):
            chosen.append(i)
    picked = []
    for i in chosen:
        confirming = sorted(
            {sentences[j][0] for j in range(len(sentences)) if vectors[i] @ vectors[j] >= SAME_FACT}
        )
        picked.append(DigestSentence(source=sentences[i][1]["source"], target=sentences[i][1]["target"],
                                     article=sentences[i][0], stated_by=confirming))  # fmt: skip
    return Digest(
        articles=[d["id"] for d in documents],
        method="extractive-multi",
        source_lang_text=" ".join(p.source for p in picked),
        target_text=" ".join(p.target or "" for p in picked) if all(p.target for p in picked) else None,
        sentences=picked,
        entities=_entities(documents),
    )


def _leads(documents: list[Document]) -> list[list[Any]]:
    """Each article's first sentences, an equal share of ``DIGEST_POOL`` each."""
    share = max(1, DIGEST_POOL // len(documents))
    return [[s for p in d["paragraphs"] for s in p][:share] for d in documents]


def _story_centrality(leads: list[list[Any]], sentences: list[str]) -> np.ndarray:
    """TextRank over the whole story, each article's lead weighted as a single article's would be."""
    scores = np.array(centrality(sentences))
    positions = np.array([n for lead in leads for n in range(len(lead))])
    return scores * (1 + 1 / (1 + positions))


def _entities(documents: list[Document]) -> list[DigestEntity]:
    seen: dict[str, dict[str, Any]] = {}
    for document in documents:
        for sentence in (s for p in document["paragraphs"] for s in p):
            for term in sentence.get("terms", []):
                entry = seen.setdefault(term["canonical"], {"name": term["canonical"], "type": term["type"],
                                                             "articles": []})  # fmt: skip
                if document["id"] not in entry["articles"]:
                    entry["articles"].append(document["id"])
    ranked = sorted(seen.values(), key=lambda e: (-len(e["articles"]), e["name"]))
    return [DigestEntity(**entry) for entry in ranked]
