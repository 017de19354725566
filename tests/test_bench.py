"""`warta bench` end to end on the tiny model: JSON and HTML reports, and a bootstrap comparison."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from lxml import html as lxml_html
from sacrebleu.metrics import TER

from tests.helpers import child_env, warta_command

FLORES = Path(__file__).resolve().parents[2] / "shared" / "data" / "flores200-devtest"
DATASET = (
    "source\treference\n"
    "Presiden Rusia tiba di Pyongyang pada Selasa.\tThe Russian president arrived in Pyongyang on Tuesday.\n"
    "Harga beras naik 4,8 persen.\tRice prices rose 4.8 percent.\n"
    "Kedua negara menandatangani perjanjian.\tThe two countries signed an agreement.\n"
)


def bench(tiny_models, *args: str) -> subprocess.CompletedProcess[str]:
    env = child_env(WARTA_MT_MODEL=tiny_models["mt_model"], WARTA_SUM_MODEL=tiny_models["sum_model"],
                    WARTA_MODEL_CACHE=tiny_models["model_cache"],
                    WARTA_MT_BEAMS="1")  # fmt: skip
    return subprocess.run(warta_command("bench", *args), env=env, capture_output=True, text=True, timeout=600)


def test_bench_on_a_tsv_writes_json_and_html_reports(tiny_models, tmp_path):
    dataset = tmp_path / "mini.tsv"
    dataset.write_text(DATASET, encoding="utf-8")
    done = bench(tiny_models, "--dataset", str(dataset), "--output-dir", str(tmp_path / "run"))
    assert done.returncode == 0, done.stderr
    report = json.loads((tmp_path / "run" / "report.json").read_text(encoding="utf-8"))
    assert report["dataset"] == {"name": "mini.tsv", "lines": 3}
    assert set(report["scores"]) == {"bleu", "chrf", "ter"}
    assert report["scores"]["chrf"]["signature"].startswith("nrefs:1|case:mixed|eff:yes|nc:6|nw:2")
    assert set(report["speed"]) >= {"sentences_per_s", "source_tokens_per_s", "p50_ms_per_sentence",
                                    "p95_ms_per_sentence"}  # fmt: skip
    assert report["peak_rss_mb"] > 0 and len(report["sentences"]) == 3
    assert report["settings"]["glossary"] == "default"
    page = lxml_html.fromstring((tmp_path / "run" / "report.html").read_text(encoding="utf-8"))
    assert len(page.xpath("//svg")) == 3 and len(page.xpath("//rect")) == 20


def test_a_mismatched_dataset_is_a_usage_error(tiny_models, tmp_path):
    source, reference = tmp_path / "id.txt", tmp_path / "en.txt"
    source.write_text("Satu.\nDua.\n", encoding="utf-8")
    reference.write_text("One.\n", encoding="utf-8")
    done = bench(tiny_models, "--source", str(source), "--reference", str(reference))
    assert done.returncode == 2 and "2 source lines but 1 reference lines" in done.stderr


@pytest.mark.skipif(not FLORES.is_dir(), reason=f"{FLORES} not present")
def test_flores_first_50_lines_with_and_without_the_glossary_compared(tiny_models, tmp_path):
    files = ["--source", str(FLORES / "ind_Latn.devtest"), "--reference", str(FLORES / "eng_Latn.devtest")]
    for name, glossary in (("plain", "none"), ("glossary", "default")):
        done = bench(
            tiny_models, *files, "--limit", "50", "--glossary", glossary, "--output-dir", str(tmp_path / name)
        )
        assert done.returncode == 0, done.stderr
    compared = subprocess.run(
        warta_command("bench", "compare", str(tmp_path / "plain" / "report.json"),
                      str(tmp_path / "glossary" / "report.json"), "--samples", "200", "--output",
                      str(tmp_path / "compare.html")),
        env=child_env(), capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert compared.returncode == 0, compared.stderr
    assert "bleu:" in compared.stdout and "p = " in compared.stdout
    page = lxml_html.fromstring((tmp_path / "compare.html").read_text(encoding="utf-8"))
    assert "p-value" in page.text_content() and len(page.xpath("//circle")) == 50


def test_bench_on_xlsum_style_jsonl_scores_summaries_with_rouge(tiny_models, tmp_path):
    rows = [
        {"text": "Presiden Rusia tiba di Pyongyang pada Selasa. Ia disambut Kim Jong Un. Cuaca cerah.",
         "summary": "Presiden Rusia tiba di Pyongyang."},
        {"text": "Harga beras naik 4,8 persen bulan ini. Pedagang mengeluh. Pemerintah menyiapkan cadangan.",
         "summary": "Harga beras naik 4,8 persen."},
    ]  # fmt: skip
    dataset = tmp_path / "mini.jsonl"
    dataset.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    done = bench(tiny_models, "--dataset", str(dataset), "--summary-method", "extractive",
                 "--output-dir", str(tmp_path / "sum"))  # fmt: skip
    assert done.returncode == 0, done.stderr
    report = json.loads((tmp_path / "sum" / "report.json").read_text(encoding="utf-8"))
    assert report["dataset"]["kind"] == "summary" and set(report["scores"]) == {"rouge1", "rouge2", "rougeL"}
    from workers.extractive import extract
    from workers.quality.rouge import rouge
    from workers.text.prepare import prepare_text

    expected = [
        rouge(" ".join(extract(prepare_text(r["text"]).sentences, 1)), r["summary"])["rougeL"] for r in rows
    ]
    assert report["scores"]["rougeL"]["score"] == round(sum(expected) / len(expected), 2) > 50
    assert "articles_per_s" in report["speed"]
    assert "<svg" in (tmp_path / "sum" / "report.html").read_text(encoding="utf-8")


def test_bench_post_edits_reports_hter_as_sacrebleu_ter_on_the_same_pairs(tmp_path):
    rows = [
        ("Harga beras naik.", "Price of rice rise.", "Rice prices rose."),
        ("Hujan turun di Jakarta.", "It rained in Jakarta.", "It rained in Jakarta."),
        ("Presiden tiba.", "The president come.", "The president arrived."),
    ]
    dataset = tmp_path / "edits.tsv"
    dataset.write_text(
        "source\tmachine\thuman\n" + "".join("\t".join(r) + "\n" for r in rows), encoding="utf-8"
    )
    output = tmp_path / "hter.json"
    ran = subprocess.run(warta_command("bench", "post-edits", str(dataset), "--output", str(output)),
                         env=child_env(), capture_output=True, text=True, timeout=120)  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    report = json.loads(output.read_text(encoding="utf-8"))
    expected = TER().corpus_score([r[1] for r in rows], [[r[2] for r in rows]])
    assert (
        report["hter"]["score"] == round(expected.score, 1)
        and f"HTER {report['hter']['score']}" in ran.stdout
    )
    assert (report["lines"], report["edited"]) == (3, 2)
    by_index = {s["index"]: s["hter"] for s in report["sentences"]}
    assert by_index == {i: round(TER().sentence_score(r[1], [r[2]]).score, 1) for i, r in enumerate(rows)}
    (tmp_path / "bad.tsv").write_text("source\treference\nA\tB\n", encoding="utf-8")
    bad = subprocess.run(warta_command("bench", "post-edits", str(tmp_path / "bad.tsv")), env=child_env(),
                         capture_output=True, text=True, timeout=120)  # fmt: skip
    assert bad.returncode == 2 and "machine" in bad.stderr
