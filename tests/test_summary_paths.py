"""Summaries by the languages the summarization model writes: in the source language and then translated,
from the translation in the target language, or extractive; the result says which (tiny real models)."""

from __future__ import annotations

import pytest

from workers.contract.article import ArticleInput
from workers.contract.enums import SummaryPath
from workers.model_table import FLAGSHIP, LanguagePair
from workers.models import ModelRegistry
from workers.pipeline import SummaryOptions, run_pipeline
from workers.settings import Settings
from workers.summary_paths import XLSUM_LANGUAGES, summary_languages, summary_path

SPANISH = LanguagePair("en", "es")
ENGLISH = ArticleInput("fair", "Trade fair opens", "The president opened the trade fair. Prices rose again.")


@pytest.mark.parametrize(
    ("method", "pair", "languages", "path"),
    [("abstractive", FLAGSHIP, XLSUM_LANGUAGES, SummaryPath.SOURCE),
     ("abstractive", LanguagePair("ms", "en"), XLSUM_LANGUAGES, SummaryPath.TARGET),
     ("abstractive", LanguagePair("ms", "jv"), XLSUM_LANGUAGES, SummaryPath.EXTRACTIVE),
     ("extractive", FLAGSHIP, XLSUM_LANGUAGES, SummaryPath.EXTRACTIVE),
     ("abstractive", LanguagePair("zh-Hant", "en"), XLSUM_LANGUAGES, SummaryPath.SOURCE)],
)  # fmt: skip
def test_the_path_follows_the_languages_the_model_writes(method, pair, languages, path):
    assert summary_path(method, pair, languages) == path


def test_the_setting_names_languages_and_empty_means_xlsum():
    assert summary_languages("") == XLSUM_LANGUAGES and len(XLSUM_LANGUAGES) == 45
    assert summary_languages("ES, pt-BR") == {"es", "pt"}
    with pytest.raises(ValueError, match="WARTA_SUM_LANGUAGES"):
        summary_languages("es,klingon")


@pytest.fixture(scope="module")
def registry(tiny_models, tiny_pair_models):
    settings = Settings(mt_beams=1, sum_beams=1, sum_max_tokens=12, mt_backend="transformers",
                        sum_backend="transformers", mt_models=f"en-es={tiny_pair_models['marian-en-es']}",
                        **tiny_models)  # fmt: skip
    return ModelRegistry(settings)


def _summary(registry, languages, tasks=("translate", "summarize")):
    [document] = run_pipeline(
        [ENGLISH], list(tasks), translator=registry.translator, summarizer=registry.summarizer, batch_size=4,
        progress=lambda *_: None, pair=SPANISH, summary=SummaryOptions(languages=frozenset(languages)),
    )  # fmt: skip
    assert document.source_lang == "en" and document.target_lang == "es"
    return document.summary, document


def test_a_source_the_model_writes_is_summarized_then_translated(registry):
    summary, _ = _summary(registry, {"en"})
    assert summary.path == SummaryPath.SOURCE and summary.method == "abstractive"
    assert summary.source_lang_text is not None and len(summary.sentences) >= 1


@pytest.mark.parametrize("tasks", [("translate", "summarize"), ("summarize",)])
def test_otherwise_the_translation_is_summarized_in_the_target(registry, tasks):
    summary, document = _summary(registry, {"es"}, tasks)
    assert summary.path == SummaryPath.TARGET and summary.method == "abstractive"
    assert summary.source_lang_text is None and summary.sentences == [] and summary.english_text
    assert summary.translation_model.endswith("marian-en-es")
    assert document.quality.reference_free.summary.compression_ratio is not None


def test_where_it_writes_neither_the_summary_is_extractive(registry):
    summary, document = _summary(registry, {"fr"})
    assert summary.path == SummaryPath.EXTRACTIVE and summary.method == "extractive"
    assert summary.source_lang_text in document.clean_text
