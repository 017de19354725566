"""`warta bench speed` in CI size: tiny models, two short articles, every row, ratio and probe produced.

The NLLB rows run on the tiny NLLB (``make_multilingual_models``), on the first article, as the full run
does on the first sample.
"""

from __future__ import annotations

import json
import subprocess

from tests.helpers import child_env, warta_command

ARTICLES = [
    "Presiden Rusia Vladimir Putin tiba di Pyongyang pada Selasa. Ia disambut Kim Jong-un di bandara.",
    "Harga beras naik 4,8 persen di Jakarta. Pemerintah menyatakan bahwa pasokan akan ditambah.",
]


def test_bench_speed_runs_every_engine_and_prints_the_ratios(tmp_path):
    samples = tmp_path / "samples"
    samples.mkdir()
    for i, text in enumerate(ARTICLES):
        (samples / f"{i}.id.txt").write_text(text, encoding="utf-8")
    command = warta_command("bench", "speed", "--tiny", "--samples", str(samples), "--work-dir",
                            str(tmp_path / "work"), "--output-tokens", "6", "--summary-tokens", "6",
                            "--beams", "2", "--output", str(tmp_path / "speed.json"))  # fmt: skip
    done = subprocess.run(command, env=child_env(), capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    report = json.loads((tmp_path / "speed.json").read_text())
    engines = {(r["kind"], r["backend"], r["task"]) for r in report["rows"]}
    assert engines == {(k, b, t) for k in ("raw", "warta") for b in ("transformers", "ctranslate2")
                       for t in ("translation", "summaries")}  # fmt: skip
    translation = [r for r in report["rows"] if r["task"] == "translation" and r["model"] == "marian"]
    assert {r["items"] for r in translation} == {4}, "every engine translated the same four sentences"
    nllb = [r for r in report["rows"] if r["model"] == "nllb"]
    assert {(r["kind"], r["backend"], r["task"]) for r in nllb} == {
        (k, b, "translation") for k in ("raw", "warta") for b in ("transformers", "ctranslate2")
    }
    assert {r["items"] for r in nllb} == {2}, "NLLB translated the first article's two sentences"
    assert report["setup"]["nllb_languages"] == "ind_Latn -> eng_Latn"
    assert all(r["items_per_s"] > 0 and r["p95_ms_per_job"] >= r["p50_ms_per_job"] for r in report["rows"])
    assert set(report["ratios"]) == {
        f"{task}: warta ctranslate2 / {other}" for task in ("translation", "summaries", "nllb translation")
        for other in ("warta transformers", "raw ctranslate2")
    }  # fmt: skip
    resubmission = report["resubmission"]
    assert resubmission["second"]["misses"] == resubmission["second"]["summary_misses"] == 0
    assert resubmission["first"]["model_seconds"] > 0 and report["worker_peak_rss_mb"] > 0
    assert report["worker_peak_rss_mb_with_nllb"] > 0
    assert "| marian | warta on ctranslate2 int8 | translation | 4 |" in done.stdout
    assert "| nllb | warta on ctranslate2 int8 | translation | 2 |" in done.stdout
    assert "worker with Marian, mT5 and NLLB int8" in done.stdout
    assert report["parity_float32_greedy"]["translation"]["items"] == 4
    assert report["parity_float32_greedy"]["translation"]["rate"] >= 0.95, "same weights, same greedy tokens"
    assert set(report["ct2_threads_sentences_per_s"]) == {"inter 2 x intra 1", "inter 1 x intra 2"}
