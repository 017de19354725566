"""Extractive summaries: the most central sentences, by TextRank over TF-IDF (Mihalcea and Tarau, 2004).

Needs no model, so it is what runs when no summarization model is configured or the user asks for it,
and it cannot invent anything: every summary sentence is a sentence of the article. Sentences are
scored by PageRank over their TF-IDF cosine-similarity graph; the chosen ones are returned in reading
order.
"""

from __future__ import annotations

import math
import re
from collections import Counter

import numpy as np

_WORD = re.compile(r"\w+")
DAMPING = 0.85
ITERATIONS = 50
MIN_WORD_CHARS = 3
_STOPWORDS_TEXT = """
    yang dan dengan untuk dari pada dalam ini itu akan tidak juga oleh sebagai telah karena atau ada
    adalah para saat sudah bisa dapat lebih kata ujar menurut bahwa mereka kami kita saya dia ia tersebut
    hingga antara namun tetapi serta setelah sejak masih harus belum pun lalu kemudian secara agar
    sangat hanya bagi tak tahun hari jika bila apa siapa bagaimana seperti sementara yakni yaitu the
"""
STOPWORDS = frozenset(_STOPWORDS_TEXT.split())


def tfidf_vectors(texts: list[str], names: bool = False) -> np.ndarray:
    """Unit-length TF-IDF rows (smoothed IDF, so words every text shares still count).

    With ``names``, capitalized words also count as name features of their own: two articles about
    Putin in Pyongyang share names more than they share verbs.
    """
    docs = [_features(text, names) for text in texts]
    vocabulary = sorted({w for d in docs for w in d})
    index = {w: i for i, w in enumerate(vocabulary)}
    df = Counter(w for d in docs for w in d)
    matrix = np.zeros((len(docs), len(vocabulary)))
    for row, doc in enumerate(docs):
        for word, count in doc.items():
            matrix[row, index[word]] = (1 + math.log(count)) * (
                math.log((1 + len(docs)) / (1 + df[word])) + 1
            )
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1, norms)


def _features(text: str, names: bool) -> Counter[str]:
    features: Counter[str] = Counter()
    for word in _WORD.findall(text):
        lowered = word.lower()
        if len(lowered) < MIN_WORD_CHARS or lowered in STOPWORDS:
            continue
        features[lowered] += 1
        if names and word[0].isupper():
            features["name:" + lowered] += 1
    return features


def centrality(sentences: list[str]) -> list[float]:
    """TextRank score of each sentence."""
    if len(sentences) < 2:
        return [1.0] * len(sentences)
    vectors = tfidf_vectors(sentences)
    similarity = vectors @ vectors.T
    np.fill_diagonal(similarity, 0.0)
    totals = similarity.sum(axis=1, keepdims=True)
    transition = np.where(totals > 0, similarity / np.where(totals == 0, 1, totals), 1 / len(sentences))
    # News puts what matters first: the random surfer restarts near the top (position-biased PageRank,
    # as in PacSum's observation that centrality alone ignores the lead bias of news).
    restart = 1 / np.arange(1, len(sentences) + 1)
    restart /= restart.sum()
    scores = np.full(len(sentences), 1 / len(sentences))
    for _ in range(ITERATIONS):
        scores = (1 - DAMPING) * restart + DAMPING * transition.T @ scores
    return scores.tolist()


def extract(sentences: list[str], count: int) -> list[str]:
    """The ``count`` most central sentences, in the order the article has them (earlier wins ties)."""
    scores = centrality(sentences)
    ranked = sorted(range(len(sentences)), key=lambda i: (-scores[i], i))[:count]
    return [sentences[i] for i in sorted(ranked)]
