"""Model-based QE: the real ``comet-score`` on a tiny COMET model, and saying why when it cannot run."""

from __future__ import annotations

import json

import pytest

from tests.test_bench import DATASET, bench
from workers.contract.article import ArticleInput
from workers.models import ModelRegistry
from workers.pipeline import run_pipeline
from workers.quality.comet import CometScorer, add_model_scores
from workers.settings import Settings

ARTICLES = [
    ArticleInput("a", None, "Presiden Rusia tiba di Pyongyang. Ia disambut Kim Jong-un.",
                 reference="The Russian president arrived in Pyongyang.\nHe was welcomed by Kim Jong-un."),
    ArticleInput("b", None, "Harga beras naik 4,8 persen."),
]  # fmt: skip


@pytest.fixture(scope="module")
def documents(tiny_models):
    registry = ModelRegistry(Settings(mt_beams=1, **tiny_models))
    return lambda: run_pipeline(
        ARTICLES, ["translate"], translator=registry.translator, summarizer=registry.summarizer,
        batch_size=4, progress=lambda *_: None,
    )  # fmt: skip


def test_without_a_model_setting_the_result_says_qe_is_off_and_how_to_turn_it_on():
    result = CometScorer("comet-score", "").score(["Harga naik."], ["Prices rose."], None)
    assert result["available"] is False and "WARTA_COMET_MODEL" in result["reason"]


def test_a_missing_comet_command_is_named_with_the_fix():
    result = CometScorer("/nowhere/comet-score", "Unbabel/wmt22-cometkiwi-da").score(["a"], ["b"], None)
    assert result["available"] is False
    assert "/nowhere/comet-score" in result["reason"] and "WARTA_COMET_COMMAND" in result["reason"]


def test_every_article_of_a_job_says_why_when_comet_is_unavailable(documents):
    docs = documents()
    add_model_scores(docs, [a.reference for a in ARTICLES], CometScorer("comet-score", ""))
    assert all(d["quality"]["model_based"]["available"] is False for d in docs)
    assert not any("comet" in s for d in docs for p in d["paragraphs"] for s in p)


def test_comet_score_runs_on_a_tiny_model_and_scores_each_sentence(tiny_comet):
    command, model = tiny_comet
    sources = ["Presiden Rusia tiba.", "Harga beras naik\n4,8 persen."]
    result = CometScorer(command, model).score(sources, ["The president arrived.", "Rice prices rose."], None)
    assert result["available"] is True, result
    assert result["model"] == model and result["reference_based"] is False
    assert [type(s) for s in result["sentence_scores"]] == [float, float]
    assert result["score"] == pytest.approx(sum(result["sentence_scores"]) / 2, abs=1e-4)


def test_a_failing_comet_run_is_reported_not_raised(tiny_comet):
    command, _ = tiny_comet
    result = CometScorer(command, "/nowhere/model.ckpt").score(["Harga naik."], ["Prices rose."], None)
    assert result["available"] is False and result["reason"].startswith("comet-score failed: exit")


def test_a_job_gets_one_comet_run_and_each_article_its_own_mean(documents, tiny_comet):
    docs = documents()
    add_model_scores(docs, [a.reference for a in ARTICLES], CometScorer(*tiny_comet))
    for doc in docs:
        qe = doc["quality"]["model_based"]
        scores = [s["comet"] for p in doc["paragraphs"] for s in p]
        assert qe["available"] is True and qe["score"] == pytest.approx(sum(scores) / len(scores), abs=1e-4)
    # Article b has no reference, so COMET runs reference-free for the whole job.
    assert docs[0]["quality"]["model_based"]["reference_based"] is False


def test_bench_adds_the_comet_score_to_the_report(tiny_models, tiny_comet, tmp_path):
    dataset = tmp_path / "mini.tsv"
    dataset.write_text(DATASET, encoding="utf-8")
    command, model = tiny_comet
    done = bench(tiny_models, "--dataset", str(dataset), "--output-dir", str(tmp_path / "run"),
                 "--comet-command", command, "--comet-model", model)  # fmt: skip
    assert done.returncode == 0, done.stderr
    report = json.loads((tmp_path / "run" / "report.json").read_text(encoding="utf-8"))
    assert report["model_based"]["available"] is True and report["model_based"]["reference_based"] is True
    assert [s["comet"] for s in report["sentences"]] == report["model_based"]["sentence_scores"]
    assert "Model-based QE: COMET" in (tmp_path / "run" / "report.html").read_text(encoding="utf-8")
