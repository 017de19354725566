"""Result documents recorded on known-good code, and the way to make them again.

The same requests must give the same result documents, status documents, downloads and benchmark
reports, field for field; only times, ids, process names and durations may differ. First recorded before
the contract redesign (issue 15, commit a421886), which had to change no behaviour; recorded again with
``python -m tests.golden`` after the hardening of issue 16, whose only changes to them were meant (progress
ends on the ``finish`` stage's counts, an anonymous job records ``glossary_shared``, CTranslate2 runs
in float32 here: its int8 kernels give other words on a CPU with other instructions), and again when
language pairs came (issue 26), whose only change was meant: the job's options and each article record
``source_lang`` and ``target_lang`` (the JSON download with them); every translation stayed; and when the
result contract became version 2 (fields named by role: ``title_target`` and ``target_text`` beside
``title_en`` and ``english_text``, with the same values; each summary's ``path``; the HTML download's
summary shown by the article's languages). A change to any
field must be one a commit says it makes; then record again. ``tests/test_golden.py`` compares.

Documents of the project's own articles are stored in full. The five ``../shared`` samples may not be
copied into the repository, so their documents are stored as a hash per field, which still shows which
field changed.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "data" / "golden"
SAMPLES = ROOT.parent / "shared" / "samples"
UNRELATED = ROOT / "tests" / "data" / "unrelated"
DOWNLOADS = ("md", "html", "tmx", "xliff", "txt", "json")
READABLE = ("md", "txt")  # kept as text; the larger formats as a hash

THREE = [
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
PAGE = (
    "<html><head><title>Putin tiba di Pyongyang</title><script>steal()</script></head><body><nav>Beranda"
    "</nav><article><h1>Putin tiba di Pyongyang</h1><p>KOMPAS.com - Presiden Rusia tiba di Pyongyang pada "
    "Selasa.</p><p>Baca juga: Kim Jong Un Rilis Lagu</p><p>Kedua negara menandatangani perjanjian kerja "
    "sama strategis di bidang pertahanan. [ns/rd]</p></article><footer>Hak cipta 2024</footer></body></html>"
)
# The same page twice would meet trafilatura's duplicate memory (issue 16), so the raw case has its own.
PAGE_RAW = PAGE.replace("Presiden Rusia", "Menteri Luar Negeri Rusia").replace("strategis", "ekonomi")
ENGLISH = "The Russian president arrived in Pyongyang on Tuesday and was welcomed by the North Korean leader."
LONG = " ".join(
    ["Pemerintah", "menyatakan", "bahwa", "harga", "beras,", "gula", "dan", "minyak", "naik"] * 60
)
TERMS = [
    {
        "target": "Sukamaju Regency",
        "sources": ["Kabupaten Sukamaju", "Sukamaju"],
        "type": "place",
        "forms": ["Sukamaju"],
    },
    {"id": "bmkg", "target": "BMKG", "sources": ["BMKG"], "type": "organization", "keep": True},
    {"target": "the toll road", "sources": ["jalan tol"], "case_sensitive": False},
]
NEWSROOM_TSV = "Pemerintah\tThe government\nBeras\tRice\nKorut\tNorth Korea (DPRK)\n"


def _unrelated(n: int) -> str:
    return (UNRELATED / f"{n}.id.txt").read_text(encoding="utf-8")


def cases() -> dict[str, dict[str, Any]]:
    """Each case: a request body, and what it needs first (a stored glossary)."""
    found = {
        "three": {"articles": THREE},
        "stories": {
            "articles": [{"id": f"u{n}", "text": _unrelated(n)} for n in range(1, 6)]
            + [{"id": "u1-again", "text": _unrelated(1).replace("\n", "\n\n", 1)}],
            "summary_method": "extractive",
            "summary_length": "long",
        },
        "terms": {
            "articles": [
                {
                    "id": "sukamaju",
                    "title": "Jalan tol di Kabupaten Sukamaju",
                    "text": "Bupati Sukamaju meresmikan jalan tol baru di Kabupaten Sukamaju pada Senin "
                    "(3/6). BMKG memperkirakan hujan. Jalan Tol itu sepanjang 12,5 km dan bernilai Rp 4,8 "
                    "triliun.",
                    "reference": "The Sukamaju regent opened a new toll road in Sukamaju Regency on Monday "
                    "(3/6).\nBMKG forecast rain.\nThe toll road is 12.5 km long and worth Rp 4.8 trillion.",
                    "reference_summary": "A toll road opened in Sukamaju.",
                },
            ],
            "terms": TERMS,
            "summary_length": 16,
        },
        "no-glossary": {"articles": THREE[:1], "glossary": None, "terms": TERMS[:1], "tasks": ["translate"]},
        "html": {"articles": [{"id": "page", "html": PAGE}], "tasks": ["translate"]},
        "html-raw": {"articles": [{"id": "page", "html": PAGE_RAW}], "tasks": ["translate"], "clean": False},
        "forced": {"articles": [{"text": ENGLISH}], "force": True, "tasks": ["translate"]},
        "newsroom": {
            "articles": THREE[1:],
            "glossary": "newsroom",
            "tasks": ["translate"],
            "_glossary": True,
        },
        "long": {"articles": [{"id": "long", "text": LONG + "."}], "tasks": ["translate"]},
        "summary-only": {"articles": THREE[:2], "tasks": ["summarize"], "summary_length": "short"},
    }
    if SAMPLES.is_dir():
        samples = sorted(SAMPLES.glob("*.txt"))
        found["samples"] = {
            "articles": [{"id": p.stem, "text": p.read_text(encoding="utf-8")} for p in samples]
        }
    return found


BENCHMARK = {
    "name": "golden",
    "pairs": [
        {"source": "Presiden Rusia tiba di Pyongyang.", "reference": "The Russian president arrived."},
        {"source": "Harga beras naik 4,8 persen.", "reference": "Rice prices rose 4.8 percent."},
        {
            "source": "Korea Utara dan Rusia menandatangani perjanjian.",
            "reference": "North Korea and Russia signed a treaty.",
        },
    ],
}

# Fields that differ between any two runs of the same request.
VOLATILE = re.compile(
    r"^(id|created_at|started_at|finished_at|links\..*|runtime\.(worker|pid|stage_seconds\..*|"
    r"models\.\w+\.load_seconds|translation_memory\.model_seconds)|"
    r"(speed|peak_rss_mb)(\..*)?|sentences\[\d+\]\.ms)$"
)
TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)?")


def flatten(value: Any, path: str = "") -> dict[str, Any]:
    """Every leaf of a JSON value by its path (``articles[0].paragraphs[1][0].target``)."""
    if isinstance(value, dict):
        if not value:
            return {path: {}}
        out: dict[str, Any] = {}
        for key, item in value.items():
            out.update(flatten(item, f"{path}.{key}" if path else key))
        return out
    if isinstance(value, list):
        if not value:
            return {path: []}
        out = {}
        for i, item in enumerate(value):
            out.update(flatten(item, f"{path}[{i}]"))
        return out
    return {path: value}


def steady(document: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    """The document's fields without those that differ between runs, ``names`` (the job id, the models'
    folder) replaced by placeholders."""
    return {
        k: steady_text(v, names) if isinstance(v, str) else v
        for k, v in flatten(document).items()
        if not VOLATILE.match(k)
    }


def steady_text(text: str, names: dict[str, str]) -> str:
    for name, placeholder in names.items():
        text = text.replace(name, placeholder)
    return TIMESTAMP.sub("<time>", text)


def digest(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, ensure_ascii=False, sort_keys=True).encode()).hexdigest()[:16]


def hashed(record: dict[str, Any]) -> dict[str, Any]:
    """A record with every value replaced by its hash: no text of ../shared is stored."""
    return {
        "status": {k: digest(v) for k, v in record["status"].items()},
        "result": {k: digest(v) for k, v in record["result"].items()},
        "downloads": {k: digest(v) for k, v in record["downloads"].items()},
    }


def run_all(
    settings: Any, create_app: Callable[[Any], Any], worker_env: dict[str, str], warta: list[str]
) -> dict[str, dict[str, Any]]:
    """Submit every case (and the benchmark) to an app on ``settings``, drain the queue with one
    ``warta worker --burst``, and collect what each answered; ``hashed`` for the ../shared samples."""
    app = create_app(settings)
    client = app.test_client()
    put = client.put(
        "/v1/glossaries/newsroom", data=NEWSROOM_TSV, headers={"Content-Type": "text/tab-separated-values"}
    )
    assert put.status_code == 201, put.get_json()
    submitted = {}
    for name, body in cases().items():
        body = {k: v for k, v in body.items() if not k.startswith("_")}
        response = client.post("/v1/jobs", json=body)
        assert response.status_code == 202, (name, response.get_json())
        submitted[name] = response.get_json()["id"]
    bench = client.post("/v1/benchmarks", json=BENCHMARK)
    assert bench.status_code == 202, bench.get_json()
    done = subprocess.run(
        [*warta, "worker", "--burst"],
        env=worker_env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    records: dict[str, dict[str, Any]] = {}
    models = {str(Path(settings.mt_model).parent): "<models>"}
    for name, job_id in submitted.items():
        names = {job_id: "<job>", **models}
        status = client.get(f"/v1/jobs/{job_id}").get_json()
        assert status["status"] == "succeeded", (name, status, done.stderr[-3000:])
        result = client.get(f"/v1/jobs/{job_id}/result").get_json()
        downloads = {}
        for fmt in DOWNLOADS:
            body = client.get(f"/v1/jobs/{job_id}/result?format={fmt}").get_data(as_text=True)
            body = steady(json.loads(body), names) if fmt == "json" else steady_text(body, names)
            downloads[fmt] = body if fmt in READABLE else digest(body)
        record = {"status": steady(status, names), "result": steady(result, names), "downloads": downloads}
        records[name] = hashed(record) if name == "samples" else record
    report_url = bench.headers["Location"] + "/report"
    report = client.get(report_url).get_json()
    html = client.get(report_url + "?format=html").get_data(as_text=True)
    records["benchmark"] = {
        "status": {},
        "result": steady(report, models),
        "downloads": {"html": digest(_bench_html_shape(steady_text(html, models)))},
    }
    app.extensions["warta.store"].close()
    return records


def _bench_html_shape(html: str) -> str:
    """The report page without its timings and memory figures, which differ between runs."""
    return re.sub(r"\d+(?:\.\d+)?", "<n>", html)


def settings_for(tmp: Path, tiny: dict[str, str], redis_url: str, settings_class: Any) -> Any:
    return settings_class(
        redis_url=redis_url,
        database_url=f"sqlite:///{tmp / 'golden.db'}",
        data_dir=str(tmp),
        queue=f"golden-{uuid.uuid4().hex[:8]}",
        # CTranslate2's int8 kernels differ by CPU (VNNI or not): float32 gives the same words everywhere.
        compute_type="float32",
        mt_beams=2,
        sum_beams=2,
        sum_max_tokens=24,
        rate_limit="",
        submit_rate_limit="",
        auth_failure_limit="",
        **tiny,
    )


def compare(recorded: dict[str, Any], made: dict[str, Any]) -> list[str]:
    """Every field where ``made`` differs from ``recorded``: changed, missing or new."""
    problems = []
    for part in ("status", "result", "downloads"):
        old, new = recorded.get(part, {}), made.get(part, {})
        for key in sorted(set(old) | set(new)):
            if key not in new:
                problems.append(f"{part}: {key} is gone (was {old[key]!r:.80})")
            elif key not in old:
                problems.append(f"{part}: {key} is new ({new[key]!r:.80})")
            elif old[key] != new[key]:
                problems.append(f"{part}: {key}: {old[key]!r:.80} -> {new[key]!r:.80}")
    return problems


def record_main(target: Path = GOLDEN) -> None:  # pragma: no cover - run by hand
    from service.app import create_app
    from service.embedded import EmbeddedRedis
    from tests.helpers import child_env, warta_command
    from workers.settings import Settings

    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        subprocess.run(
            warta_command("models", "make-tiny", str(tmp / "tiny")),
            check=True,
            env=child_env(),
            capture_output=True,
            timeout=300,
        )
        tiny = {
            "mt_model": str(tmp / "tiny" / "marian"),
            "sum_model": str(tmp / "tiny" / "mt5"),
            "model_cache": str(tmp / "tiny" / "ct2-cache"),
        }
        redis = EmbeddedRedis(tmp / "redis").start()
        try:
            for backend in ("ctranslate2", "transformers"):
                settings = settings_for(tmp / backend, tiny, redis.url, Settings)
                settings = dataclasses.replace(settings, mt_backend=backend, sum_backend=backend)
                (tmp / backend).mkdir()
                records = run_all(settings, create_app, child_env(settings), warta_command())
                target.mkdir(parents=True, exist_ok=True)
                for name, record in records.items():
                    path = target / f"{backend}-{name}.json"
                    path.write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
                    print(path, file=sys.stderr)
        finally:
            redis.stop()


if __name__ == "__main__":
    record_main(Path(sys.argv[1]) if len(sys.argv) > 1 else GOLDEN)
