"""Summaries: extractive TextRank, and abstractive mT5 that never drops a chunk of a long article."""

from __future__ import annotations

import pytest

from workers.contract.article import ArticleInput
from workers.extractive import centrality, extract
from workers.models import ModelRegistry
from workers.pipeline import EXTRACTIVE, SummaryOptions, run_pipeline
from workers.settings import Settings

SENTENCES = [
    "Presiden Rusia tiba di Pyongyang untuk bertemu pemimpin Korea Utara.",
    "Cuaca di Jakarta cerah sepanjang hari.",
    "Pemimpin Korea Utara menyambut presiden Rusia di bandara Pyongyang.",
    "Kedua pemimpin membahas kerja sama militer Rusia dan Korea Utara.",
    "Harga cabai di pasar tradisional turun.",
]


def test_extractive_picks_the_central_sentences_in_reading_order():
    scores = centrality(SENTENCES)
    assert scores.index(max(scores)) in (0, 2, 3)
    assert min(scores) in (scores[1], scores[4])
    chosen = extract(SENTENCES, 2)
    assert len(chosen) == 2 and chosen == sorted(chosen, key=SENTENCES.index)
    assert "Cuaca di Jakarta cerah sepanjang hari." not in chosen
    assert extract(SENTENCES[:1], 3) == SENTENCES[:1]


@pytest.fixture(scope="module")
def summarizer(tiny_models, backend):
    """The real tiny mT5 summarizer, keeping a record of every round of texts it gives the model."""
    settings = Settings(
        sum_beams=1, sum_max_tokens=16, sum_input_tokens=256, sum_backend=backend, **tiny_models
    )
    model = ModelRegistry(settings).summarizer()
    model.rounds, generate_all = [], model._generate_all

    def recording(texts, max_new_tokens):
        model.rounds.append(list(texts))
        return generate_all(texts, max_new_tokens)

    model._generate_all = recording
    return model


def test_a_3000_word_article_is_summarized_in_chunks_and_no_chunk_is_dropped(summarizer):
    phrase = "Pemerintah menyatakan bahwa harga beras di pasar naik karena cuaca buruk dan panen gagal"
    words = phrase.split()
    sentences = [" ".join(words[(i % 5) :] + words[: (i % 5)]) + "." for i in range(3000 // len(words) + 1)]
    article = " ".join(sentences)
    assert len(article.split()) >= 3000
    result = summarizer.summarize(article)
    first = summarizer.rounds[0]
    assert len(first) == result.chunks > 1 and result.rounds >= 2 and not result.input_truncated
    assert " ".join(first) == article, "every sentence went into exactly one chunk"
    assert all(summarizer.count_tokens(chunk) <= summarizer.max_input_tokens for chunk in first)
    assert " ".join(summarizer.rounds[-1]) and result.text == result.text.strip()


def test_a_short_article_is_one_chunk(summarizer):
    summarizer.rounds.clear()
    result = summarizer.summarize(" ".join(SENTENCES))
    assert (result.chunks, result.rounds, len(summarizer.rounds)) == (1, 1, 1)


def test_extractive_summaries_through_the_pipeline(tiny_models, backend):
    registry = ModelRegistry(Settings(mt_beams=1, mt_backend=backend, **tiny_models))
    [doc] = run_pipeline(
        [ArticleInput("x", None, " ".join(SENTENCES))], ["summarize"], translator=registry.translator,
        summarizer=registry.summarizer, batch_size=4, progress=lambda *_: None,
        summary=SummaryOptions(method=EXTRACTIVE, length="medium"),
    )  # fmt: skip
    summary = doc["summary"]
    assert summary["method"] == "extractive" and summary["model"] == "textrank-tfidf"
    assert [s["source"] for s in summary["sentences"]] == extract(SENTENCES, 2)
    assert all(s["target"] for s in summary["sentences"])
