"""End to end over HTTP: a running API, real Redis, a real `warta worker` subprocess, both stores."""

from __future__ import annotations

import dataclasses
import subprocess
import time

import pytest
import requests

from tests.helpers import child_env, wait_for_job, warta_command

pytestmark = pytest.mark.integration

ARTICLES = [
    {
        "id": "moskwa",
        "title": "Putin tiba di Pyongyang",
        "text": "Presiden Rusia tiba di Pyongyang pada Selasa (18/6). Ia disambut Kim Jong-un.\n"
        "Kedua negara menandatangani perjanjian kerja sama strategis.",
    },
    {"text": "Harga beras naik 4,8 persen bulan ini. Pemerintah menyiapkan 11.000 ton cadangan."},
    {
        "id": "cuaca",
        "text": "BMKG memperkirakan hujan lebat di Jakarta.\n\nWarga diminta waspada banjir. "
        "“Siapkan payung,” kata petugas.",
    },
]


def submit(base_url: str, articles, tasks=("translate", "summarize"), **options) -> dict:
    body = {"articles": articles, "tasks": list(tasks), **options}
    response = requests.post(f"{base_url}/v1/jobs", json=body, timeout=10)
    assert response.status_code == 202, response.text
    assert response.headers["Location"].endswith(f"/v1/jobs/{response.json()['id']}")
    return response.json()


def expected_sentences(text: str) -> list[str]:
    from workers.text.prepare import prepare_text

    return prepare_text(text).sentences


def test_three_articles_end_to_end_and_the_models_load_once(live_app, start_worker):
    server, settings = live_app
    worker = start_worker(settings)
    job = submit(server.url, ARTICLES)
    finished = wait_for_job(server.url, job["id"])
    assert finished["status"] == "succeeded", worker.output()
    assert finished["progress"]["done"] == finished["progress"]["total"] > 0
    assert finished["started_at"] and finished["finished_at"] and finished["error"] is None

    result = requests.get(f"{server.url}/v1/jobs/{job['id']}/result", timeout=10).json()
    assert [a["id"] for a in result["articles"]] == ["moskwa", "2", "cuaca"]
    for submitted, article in zip(ARTICLES, result["articles"], strict=True):
        pairs = [s for paragraph in article["paragraphs"] for s in paragraph]
        assert [s["source"] for s in pairs] == expected_sentences(submitted["text"])
        assert all(isinstance(s["target"], str) for s in pairs)
        assert article["summary"]["source_lang_text"] is not None
        assert article["summary"]["english_text"] is not None
    assert len(result["articles"][2]["paragraphs"]) == 2

    page = (
        "<html><body><nav>Beranda</nav><article><p>"
        + ARTICLES[0]["text"].replace("\n", "</p><p>")
        + ("</p><p>Baca juga: Kim Jong Un Rilis Lagu</p></article><script>steal()</script></body></html>")
    )
    glossary = requests.put(f"{server.url}/v1/glossaries/desk", data="Pemerintah\tThe government\n",
                            headers={"Content-Type": "text/tab-separated-values"}, timeout=10)  # fmt: skip
    assert glossary.status_code == 201
    second = submit(server.url, [ARTICLES[1], {"html": page}], tasks=["translate"], glossary="desk")
    assert wait_for_job(server.url, second["id"])["status"] == "succeeded"
    again = requests.get(f"{server.url}/v1/jobs/{second['id']}/result", timeout=10).json()
    from_html = again["articles"][1]
    assert from_html["source_format"] == "html" and from_html["clean_text"] == ARTICLES[0]["text"]
    assert [r["reason"] for r in from_html["removed"]] == ["related_link"]
    report = again["articles"][0]["glossary_report"]
    assert report["glossary"]["name"] == "desk@1" and report["terms_found"] == 1  # "Pemerintah"
    assert again["runtime"]["pid"] == result["runtime"]["pid"] == worker.process.pid
    assert {role: m["loads"] for role, m in again["runtime"]["models"].items()} == {
        "translation": 1,
        "summarization": 1,
    }

    resubmitted = submit(server.url, ARTICLES)
    assert wait_for_job(server.url, resubmitted["id"])["status"] == "succeeded"
    third = requests.get(f"{server.url}/v1/jobs/{resubmitted['id']}/result", timeout=10).json()
    memory = third["runtime"]["translation_memory"]
    assert memory["misses"] == memory["summary_misses"] == 0 and memory["summary_hits"] == 3, memory
    assert memory["hits"] == result["runtime"]["translation_memory"]["misses"] > 0
    # The same English, now said to come from the translation memory.
    origins = {s.pop("origin") for a in third["articles"] for p in a["paragraphs"] for s in p}
    assert origins == {"memory"}
    assert {s.pop("origin") for a in result["articles"] for p in a["paragraphs"] for s in p} == {"machine"}
    assert [a["paragraphs"] for a in third["articles"]] == [a["paragraphs"] for a in result["articles"]]
    assert [a["summary"] for a in third["articles"]] == [a["summary"] for a in result["articles"]]
    metrics = requests.get(f"{server.url}/metrics", timeout=10)
    assert metrics.headers["Content-Type"].startswith("text/plain; version=0.0.4")
    values = dict(line.rsplit(" ", 1) for line in metrics.text.splitlines() if not line.startswith("#"))
    assert int(values["warta_translation_memory_hits_total"]) >= memory["hits"] + memory["summary_hits"]
    assert int(values["warta_translation_memory_misses_total"]) > 0
    assert values['warta_jobs{status="succeeded"}'] == "3" and values["warta_redis_up"] == "1"


def test_unavailable_model_is_reported_at_start_and_fails_the_job(live_app, start_worker, tmp_path):
    server, settings = live_app
    missing = str(tmp_path / "missing-marian")
    worker = start_worker(dataclasses.replace(settings, mt_model=missing))
    job = submit(server.url, ARTICLES[:1], tasks=["translate"])
    finished = wait_for_job(server.url, job["id"])
    assert finished["status"] == "failed"
    assert finished["error"]["code"] == "model_unavailable"
    assert missing in finished["error"]["message"] and "WARTA_MT_MODEL" in finished["error"]["message"]
    assert finished["attempts"] == 1
    assert "model_unavailable" in worker.output() and missing in worker.output()
    response = requests.get(f"{server.url}/v1/jobs/{job['id']}/result", timeout=10)
    assert response.status_code == 409


def test_worker_burst_mode_drains_the_queue_and_exits(settings, tmp_path):
    from service.app import create_app

    app = create_app(settings)
    job = (
        app.test_client()
        .post("/v1/jobs", json={"articles": ARTICLES[1:2], "tasks": ["translate"]})
        .get_json()
    )
    completed = subprocess.run(
        warta_command("worker", "--burst"),
        env=child_env(settings),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert completed.returncode == 0, completed.stderr
    assert app.extensions["warta.store"].get_job(job["id"]).status == "succeeded"


def test_a_benchmark_runs_as_a_job_on_its_own_queue(live_app, start_worker):
    server, settings = live_app
    pairs = [
        {"source": "Presiden Rusia tiba di Pyongyang.", "reference": "The Russian president arrived."},
        {"source": "Harga beras naik 4,8 persen.", "reference": "Rice prices rose 4.8 percent."},
    ]
    bad = requests.post(f"{server.url}/v1/benchmarks", json={"pairs": [{"source": "x"}]}, timeout=10)
    assert bad.status_code == 422 and bad.json()["field"] == "pairs[0].reference"
    response = requests.post(f"{server.url}/v1/benchmarks", json={"name": "mini", "pairs": pairs}, timeout=10)
    assert response.status_code == 202
    location = server.url + response.headers["Location"]
    assert requests.get(location + "/report", timeout=10).status_code == 409
    worker = start_worker(settings)
    deadline = time.monotonic() + 240
    while (status := requests.get(location, timeout=10).json())["status"] not in ("succeeded", "failed"):
        assert time.monotonic() < deadline, worker.output()
        time.sleep(0.3)
    assert status["status"] == "succeeded", status
    report = requests.get(location + "/report", timeout=10).json()
    assert report["dataset"] == {"name": "mini", "lines": 2} and set(report["scores"]) == {
        "bleu",
        "chrf",
        "ter",
    }
    page = requests.get(location + "/report?format=html", timeout=10)
    assert page.headers["Content-Type"].startswith("text/html") and "<svg" in page.text
