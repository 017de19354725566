"""``warta bench speed``: raw engines and Warta's pipeline on each backend, in one run, on the same text.

Full-size random models (``benchmarks.random_models``) with fixed output lengths stand in for the real
weights, which cannot be fetched here; timing depends on shapes, not on weights. Each of the five
sample articles is one job. Rows: raw transformers ``generate`` and raw CTranslate2
``translate_batch`` on the sentences Warta's segmenter finds, then Warta's pipeline on each backend
(segmentation, token batching, glossary, alignment, quality checks), for translation and for
summaries. Then a resubmission through the translation memory, and the peak RSS of a fresh worker
process with both int8 models running the five samples.

NLLB-200 rows follow: the same three engines translate id→en on a random NLLB-200-distilled-600M, steered
as Warta steers it (``ind_Latn`` before the source, ``eng_Latn`` forced first). The model is eight times
Marian's size, so these rows take the first ``nllb_jobs`` articles and ``nllb_beams`` beams to keep the
run short on two cores. A second fresh worker then loads Marian, mT5 and NLLB at int8 together (NLLB as a
``*`` model beside Marian's id→en, warmed up on id→ms) and reports its peak RSS.
"""

from __future__ import annotations

import dataclasses
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from glossary.default import default_glossary
from glossary.matcher import Matcher
from workers.benchmark import peak_rss_mb, percentile
from workers.contract.article import ArticleInput
from workers.model_table import FLAGSHIP, LanguagePair
from workers.models import ModelRegistry
from workers.pipeline import ABSTRACTIVE, SummaryOptions, run_pipeline
from workers.settings import Settings
from workers.text.prepare import prepare_text
from workers.translation_memory import LocalMemory, MemoSummarizer, MemoTranslator, Usage

RAW_BATCH = 8  # raw engines: 8 sentences a batch, the size MODELS.md measured best for beam 4
MARIAN, MT5, NLLB = "marian", "mt5", "nllb"
# NLLB-200's codes for id→en, which the raw engines are given as its documentation says; Warta reads the
# same from the model's card, and the run stops if it does not.
NLLB_SOURCE, NLLB_TARGET = "ind_Latn", "eng_Latn"
# The pair NLLB serves in the three-model worker, where Marian has id→en.
NLLB_WORKER_PAIR = LanguagePair("id", "ms")


@dataclass(frozen=True)
class SpeedSetup:
    mt_model: Path
    sum_model: Path
    articles: list[str]
    work_dir: Path
    beams: int = 4
    out_tokens: int = 40
    sum_tokens: int = 64
    threads: int = 2
    glossary: bool = True
    nllb_model: Path | None = None  # None: no NLLB rows
    nllb_jobs: int = 1
    nllb_beams: int = 2

    def settings(self, backend: str, compute_type: str) -> Settings:
        return Settings(
            mt_model=str(self.mt_model), sum_model=str(self.sum_model), mt_backend=backend,
            sum_backend=backend, compute_type=compute_type, threads=self.threads, mt_beams=self.beams,
            sum_beams=self.beams, sum_max_tokens=self.sum_tokens, model_cache=str(self.work_dir / "ct2"),
        )  # fmt: skip

    def nllb_settings(self, backend: str, compute_type: str) -> Settings:
        """NLLB as the id→en model, with its own beam width."""
        return dataclasses.replace(
            self.settings(backend, compute_type), mt_model=str(self.nllb_model), mt_beams=self.nllb_beams
        )

    @property
    def nllb_articles(self) -> list[str]:
        return self.articles[: self.nllb_jobs] if self.nllb_model else []


@dataclass
class Row:
    kind: str  # "raw" or "warta"
    backend: str
    compute_type: str
    task: str
    items: int
    output_tokens: int
    job_seconds: list[float]
    model: str = MARIAN

    def to_dict(self) -> dict[str, Any]:
        total = sum(self.job_seconds)
        prefix = "raw" if self.kind == "raw" else "warta on"
        engine = f"{prefix} {self.backend} {self.compute_type}"
        return {
            "kind": self.kind, "backend": self.backend, "engine": engine, "model": self.model,
            "task": self.task, "items": self.items, "seconds": round(total, 3),
            "items_per_s": round(self.items / total, 3),
            "tokens_per_s": round(self.output_tokens / total, 1),
            "p50_ms_per_job": round(1000 * statistics.median(self.job_seconds), 1),
            "p95_ms_per_job": round(1000 * percentile(self.job_seconds, 95), 1),
        }  # fmt: skip


def run_speed(setup: SpeedSetup, log: Callable[[str], None] = print) -> dict[str, Any]:
    sentences = [prepare_text(a).sentences for a in setup.articles]
    rows: list[Row] = []
    backends = {"transformers": setup.settings("transformers", "float32"),
                "ctranslate2": setup.settings("ctranslate2", "int8")}  # fmt: skip
    for backend, settings in backends.items():
        registry = ModelRegistry(settings)
        translator, summarizer = registry.translator(), registry.summarizer()
        translator.fixed_output_tokens, summarizer.fixed_output_tokens = setup.out_tokens, setup.sum_tokens
        engine = (backend, settings.compute_type)
        log(f"raw {backend}: translation")
        rows.append(_rows_of(engine, "translation", sentences, setup.out_tokens,
                             lambda batch, t=translator: _raw_translate(t, batch)))  # fmt: skip
        log(f"warta on {backend}: translation")
        rows.append(_warta(engine, "translation", setup, translator, summarizer))
        log(f"raw {backend}: summaries")
        rows.append(_rows_of(engine, "summaries", [[a] for a in setup.articles], setup.sum_tokens,
                             lambda batch, s=summarizer: _raw_summarize(s, batch), model=MT5))  # fmt: skip
        log(f"warta on {backend}: summaries")
        rows.append(_warta(engine, "summaries", setup, translator, summarizer, model=MT5))
        if backend == "transformers":
            log("greedy parity of the two backends at float32")
            parity = _parity(setup, [s for job in sentences for s in job], translator, summarizer)
        if backend == "ctranslate2":
            log("CTranslate2 threads: replicas or threads per replica")
            threads = _thread_split(setup, sentences, translator)
            log("resubmission through the translation memory")
            resubmission = _resubmission(setup, translator, summarizer)
        del registry, translator, summarizer
    rows += _nllb_rows(setup, log)
    log("peak RSS of a fresh worker with both int8 models")
    rss, rss_with_nllb = _worker_rss(setup), None
    if setup.nllb_model:
        log("peak RSS of a fresh worker with Marian, mT5 and NLLB int8")
        rss_with_nllb = _worker_rss(setup, with_nllb=True)
    table = [r.to_dict() for r in rows]
    return {
        "setup": _describe(setup, sentences),
        "rows": table,
        "ratios": _ratios(table),
        "resubmission": resubmission,
        "worker_peak_rss_mb": rss,
        "worker_peak_rss_mb_with_nllb": rss_with_nllb,
        "parity_float32_greedy": parity,
        "ct2_threads_sentences_per_s": threads,
    }


def _nllb_rows(setup: SpeedSetup, log: Callable[[str], None]) -> list[Row]:
    """Raw and Warta translation id→en on NLLB, transformers float32 then CTranslate2 int8.

    Warta's translator comes from ``ModelRegistry`` as a worker's does (CTranslate2: converted to int8
    through ``workers.ct2_convert`` into the work dir's cache); the raw rows use its engine and tokenizer.
    """
    if not setup.nllb_articles:
        return []
    sentences = [prepare_text(a).sentences for a in setup.nllb_articles]
    rows = []
    for backend, compute_type in (("transformers", "float32"), ("ctranslate2", "int8")):
        registry = ModelRegistry(setup.nllb_settings(backend, compute_type))
        translator = registry.translator(FLAGSHIP)
        steering = (translator.steering.source_prefix, translator.steering.target_prefix)
        if steering != ((NLLB_SOURCE,), (NLLB_TARGET,)):
            raise RuntimeError(f"{setup.nllb_model} is not steered as NLLB for id→en: {steering}")
        translator.fixed_output_tokens = setup.out_tokens
        engine = (backend, compute_type)
        log(f"raw {backend}: NLLB translation")
        rows.append(_rows_of(engine, "translation", sentences, setup.out_tokens,
                             lambda batch, t=translator: _raw_translate(t, batch, (NLLB_SOURCE, NLLB_TARGET)),
                             model=NLLB))  # fmt: skip
        log(f"warta on {backend}: NLLB translation")
        rows.append(_warta(engine, "translation", setup, translator, None, model=NLLB))
        del registry, translator
    return rows


def _rows_of(
    engine: tuple[str, str], task: str, jobs: list[list[str]], tokens_each: int,
    run: Callable[[list[str]], None], model: str = MARIAN,
) -> Row:  # fmt: skip
    seconds = []
    for job in jobs:
        started = time.perf_counter()
        run(job)
        seconds.append(time.perf_counter() - started)
    items = sum(map(len, jobs))
    return Row("raw", *engine, task, items, items * tokens_each, seconds, model)


def _raw_translate(translator: Any, job: list[str], languages: tuple[str, str] | None = None) -> None:
    """The engine alone, used as its documentation advises: the same tokenizer, no segmentation,
    glossary or alignment. CTranslate2 gets the whole job and sorts and splits it into batches of 8
    itself, run on its replicas side by side; transformers gets batches of 8 in turn.

    ``languages``: an NLLB model's source and target codes. CTranslate2 then reads the source code
    before the pieces and is forced to start with the target's (``target_prefix``); transformers sets
    ``src_lang`` and ``forced_bos_token_id``. Either way the forced token is one more decoded token, as
    it is in Warta's rows.
    """
    n = translator.fixed_output_tokens + (1 if languages else 0)
    if translator.backend == "ctranslate2":
        source_prefix, forced = ([languages[0]], [languages[1]]) if languages else ([], [])
        tokens = [[*source_prefix, *translator.pieces.encode(s)] for s in job]
        translator.engine.translate_batch(
            tokens, beam_size=translator.num_beams, max_decoding_length=n, min_decoding_length=n,
            max_batch_size=RAW_BATCH, target_prefix=[forced] * len(tokens) if forced else None,
        )  # fmt: skip
        return
    import torch

    steer: dict[str, Any] = {}
    if languages:
        translator.tokenizer.src_lang = languages[0]
        steer["forced_bos_token_id"] = translator.tokenizer.convert_tokens_to_ids(languages[1])
    for start in range(0, len(job), RAW_BATCH):
        inputs = translator.tokenizer(job[start : start + RAW_BATCH], return_tensors="pt", padding=True)
        with torch.inference_mode():
            translator.model.generate(**inputs, num_beams=translator.num_beams, max_new_tokens=n,
                                      min_new_tokens=n, max_length=None, **steer)  # fmt: skip


def _raw_summarize(summarizer: Any, batch: list[str]) -> None:
    """The first 512 tokens of each article, summarized once (no chunking, no translation)."""
    n, limit = summarizer.fixed_output_tokens, summarizer.max_input_tokens
    if summarizer.backend == "ctranslate2":
        tokens = [summarizer.pieces.encode(a)[:limit] for a in batch]
        summarizer.engine.translate_batch(tokens, beam_size=summarizer.num_beams, max_decoding_length=n,
                                          min_decoding_length=n, no_repeat_ngram_size=2)  # fmt: skip
        return
    import torch

    inputs = summarizer.tokenizer(batch, return_tensors="pt", padding=True, truncation=True, max_length=limit)
    with torch.inference_mode():
        summarizer.model.generate(**inputs, num_beams=summarizer.num_beams, max_new_tokens=n,
                                  min_new_tokens=n, no_repeat_ngram_size=2, max_length=None)  # fmt: skip


def _warta(
    engine: tuple[str, str], task: str, setup: SpeedSetup, translator: Any, summarizer: Any,
    model: str = MARIAN,
) -> Row:  # fmt: skip
    """Each sample article as one job through ``run_pipeline``, as a worker runs it (NLLB: the first
    ``nllb_jobs`` of them)."""
    tasks = ["translate"] if task == "translation" else ["summarize"]
    matcher = Matcher(default_glossary()) if setup.glossary else None
    seconds, items = [], 0
    for text in setup.nllb_articles if model == NLLB else setup.articles:
        started = time.perf_counter()
        [document] = _job([text], tasks, translator, summarizer, matcher, setup.sum_tokens)
        seconds.append(time.perf_counter() - started)
        items += sum(map(len, document["paragraphs"])) if task == "translation" else 1
    tokens = items * (setup.out_tokens if task == "translation" else setup.sum_tokens)
    return Row("warta", *engine, task, items, tokens, seconds, model)


def _job(
    texts: list[str],
    tasks: list[str],
    translator: Any,
    summarizer: Any,
    matcher: Matcher | None,
    sum_tokens: int,
) -> list[dict[str, Any]]:
    """One job of ``texts`` through ``run_pipeline``, as a worker runs it."""
    return run_pipeline(
        [ArticleInput(str(i), None, t) for i, t in enumerate(texts)], tasks,
        translator=lambda _pair: translator, summarizer=lambda: summarizer, batch_size=32,
        progress=lambda *_: None, matcher=matcher,
        summary=SummaryOptions(ABSTRACTIVE, sum_tokens),
    )  # fmt: skip


def _resubmission(setup: SpeedSetup, translator: Any, summarizer: Any) -> dict[str, Any]:
    """The five samples as one job, twice, through one memory: model seconds of each run."""
    memory = LocalMemory(1_000_000)
    runs = []
    for _ in range(2):
        usage = Usage()
        memo_translator = MemoTranslator(translator, memory, "int8", usage)
        memo_summarizer = MemoSummarizer(summarizer, memory, "int8", usage)
        tasks = ["translate", "summarize"]
        _job(
            setup.articles,
            tasks,
            memo_translator,
            memo_summarizer,
            Matcher(default_glossary()),
            setup.sum_tokens,
        )
        runs.append(usage.report())
    first, second = runs[0]["model_seconds"], runs[1]["model_seconds"]
    return {"first": runs[0], "second": runs[1], "ratio": round(second / first, 4) if first else None}


def _worker_rss(setup: SpeedSetup, with_nllb: bool = False) -> float:
    """A fresh process, as a worker: open both converted int8 models, run the five samples, report RSS.

    ``with_nllb``: NLLB is configured too (``WARTA_MT_MODELS=*=NLLB`` beside ``WARTA_MT_MODEL``'s
    Marian, which keeps id→en), and after the five samples the NLLB jobs are translated id→ms, so all
    three models are loaded and have run when the peak is read.
    """
    settings = setup.settings("ctranslate2", "int8")
    probe: dict[str, Any] = {"articles": setup.articles, "out_tokens": setup.out_tokens,
                             "sum_tokens": setup.sum_tokens}  # fmt: skip
    if with_nllb:
        settings = dataclasses.replace(settings, mt_models=f"*={setup.nllb_model}")
        probe |= {"nllb_pair": [NLLB_WORKER_PAIR.source, NLLB_WORKER_PAIR.target],
                  "nllb_articles": setup.nllb_articles}  # fmt: skip
    probe["settings"] = settings.to_env()
    done = subprocess.run([sys.executable, "-m", "benchmarks.speed"], input=json.dumps(probe),
                          capture_output=True, text=True, check=True, timeout=1800)  # fmt: skip
    return float(json.loads(done.stdout.strip().splitlines()[-1])["peak_rss_mb"])


def _probe() -> None:
    from workers.worker import limit_malloc_arenas

    limit_malloc_arenas()  # as `warta worker` does
    probe = json.loads(sys.stdin.read())
    settings = Settings.from_env(probe["settings"])
    registry = ModelRegistry(settings)
    translator, summarizer = registry.translator(), registry.summarizer()
    translator.fixed_output_tokens, summarizer.fixed_output_tokens = probe["out_tokens"], probe["sum_tokens"]
    matcher = Matcher(default_glossary())
    for text in probe["articles"]:
        _job([text], ["translate", "summarize"], translator, summarizer, matcher, probe["sum_tokens"])
    if "nllb_pair" in probe:
        nllb = registry.translator(LanguagePair(*probe["nllb_pair"]))
        if nllb is translator or nllb.model_id == translator.model_id:
            raise RuntimeError(f"{probe['nllb_pair']} was not routed to the NLLB model")
        nllb.fixed_output_tokens = probe["out_tokens"]
        for text in probe["nllb_articles"]:
            _job([text], ["translate"], nllb, summarizer, matcher, probe["sum_tokens"])
    print(json.dumps({"peak_rss_mb": peak_rss_mb()}))


def _ratios(rows: list[dict[str, Any]]) -> dict[str, float]:
    speed = {(r["kind"], r["backend"], r["model"], r["task"]): r["items_per_s"] for r in rows}
    ratios = {}
    for model, task, name in ((MARIAN, "translation", "translation"), (MT5, "summaries", "summaries"),
                              (NLLB, "translation", "nllb translation")):  # fmt: skip
        if ("warta", "ctranslate2", model, task) not in speed:
            continue
        ct2 = speed[("warta", "ctranslate2", model, task)]
        ratios[f"{name}: warta ctranslate2 / warta transformers"] = round(
            ct2 / speed[("warta", "transformers", model, task)], 2
        )
        ratios[f"{name}: warta ctranslate2 / raw ctranslate2"] = round(
            ct2 / speed[("raw", "ctranslate2", model, task)], 2
        )
    return ratios


def _describe(setup: SpeedSetup, sentences: list[list[str]]) -> dict[str, Any]:
    return {
        "mt_model": str(setup.mt_model), "sum_model": str(setup.sum_model), "jobs": len(setup.articles),
        "sentences": sum(map(len, sentences)), "beams": setup.beams, "output_tokens": setup.out_tokens,
        "summary_tokens": setup.sum_tokens, "threads": setup.threads, "glossary": setup.glossary,
        "nllb_model": str(setup.nllb_model) if setup.nllb_model else None,
        "nllb_jobs": len(setup.nllb_articles),
        "nllb_sentences": sum(len(prepare_text(a).sentences) for a in setup.nllb_articles),
        "nllb_beams": setup.nllb_beams, "nllb_languages": f"{NLLB_SOURCE} -> {NLLB_TARGET}",
    }  # fmt: skip


def format_table(report: dict[str, Any]) -> str:
    head = (
        "| model | engine | task | items | items/s | tokens/s | p50 ms/job | p95 ms/job |\n"
        + "|---" * 8
        + "|"
    )
    lines = [
        f"| {r['model']} | {r['engine']} | {r['task']} | {r['items']} | {r['items_per_s']} | "
        f"{r['tokens_per_s']} | {r['p50_ms_per_job']} | {r['p95_ms_per_job']} |"
        for r in report["rows"]
    ]
    ratios = [f"{name}: {value}x" for name, value in report["ratios"].items()]
    resub, setup = report["resubmission"], report["setup"]
    first, second = resub["first"]["model_seconds"], resub["second"]["model_seconds"]
    tail = [
        f"resubmitted job: {second} s of model time vs {first} s ({100 * (resub['ratio'] or 0):.2f} %)",
        f"worker with both int8 models, five samples: peak RSS {report['worker_peak_rss_mb']} MB",
        *(
            [
                f"worker with Marian, mT5 and NLLB int8, five samples then {setup['nllb_jobs']} NLLB job(s) "
                f"{NLLB_WORKER_PAIR}: peak RSS {report['worker_peak_rss_mb_with_nllb']} MB"
            ]
            if report.get("worker_peak_rss_mb_with_nllb")
            else []
        ),
        *(
            [
                f"NLLB rows: {setup['nllb_jobs']} job(s), {setup['nllb_sentences']} sentences, beam "
                f"{setup['nllb_beams']}, {setup['nllb_languages']}"
            ]
            if setup.get("nllb_model")
            else []
        ),
        *(
            f"float32 greedy, identical tokens, {role}: {p['identical']}/{p['items']} ({p['rate']:.1%})"
            for role, p in report["parity_float32_greedy"].items()
        ),
        "raw ctranslate2 int8 sentences/s by thread split: "
        + ", ".join(f"{k}: {v}" for k, v in report["ct2_threads_sentences_per_s"].items()),
    ]
    return "\n".join([head, *lines, "", *ratios, *tail])


if __name__ == "__main__":
    _probe()


def _parity(setup: SpeedSetup, sentences: list[str], translator: Any, summarizer: Any) -> dict[str, Any]:
    """Greedy tokens of transformers and of CTranslate2 at float32 on the same full-size weights.

    Both decode the same fixed number of tokens; transformers forces Marian's </s> as the last one,
    so the tokens before it are compared.
    """
    roles = (("translation", setup.mt_model, translator, sentences),
             ("summaries", setup.sum_model, summarizer, setup.articles))  # fmt: skip
    return {role: _parity_of(setup, path, model, texts) for role, path, model, texts in roles}


def _parity_of(setup: SpeedSetup, path: Path, model: Any, texts: list[str]) -> dict[str, Any]:
    import torch

    from workers.ct2_engine import converted_copy, open_engine

    n, limit = setup.out_tokens, model.max_input_tokens
    copy = converted_copy(str(path), setup.work_dir / "ct2", None)
    engine = open_engine(copy, "cpu", "float32", setup.threads)
    # Token strings by id as CTranslate2 has them: ids past the tokenizer's own (mt5 pads its vocabulary
    # to 250112) have no name in the tokenizer, so both outputs are compared through this list.
    names = [copy / "shared_vocabulary.json", copy / "target_vocabulary.json"]
    vocabulary = json.loads(next(p for p in names if p.is_file()).read_text(encoding="utf-8"))
    pieces = [model.pieces.encode(t) for t in texts]
    pieces = [p if len(p) <= limit else [*p[: limit - 1], model.pieces.eos] for p in pieces]
    ours = engine.translate_batch(pieces, beam_size=1, max_decoding_length=n, min_decoding_length=n,
                                  max_batch_size=RAW_BATCH)  # fmt: skip
    same = 0
    for start in range(0, len(texts), RAW_BATCH):
        inputs = model.tokenizer(texts[start : start + RAW_BATCH], return_tensors="pt", padding=True,
                                 truncation=True, max_length=limit)  # fmt: skip
        with torch.inference_mode():
            theirs = model.model.generate(
                **inputs, num_beams=1, do_sample=False, max_new_tokens=n, min_new_tokens=n, max_length=None,
                no_repeat_ngram_size=0,
            )  # fmt: skip
        for offset, ids in enumerate(theirs):
            tokens = [vocabulary[i] for i in ids[1:n].tolist()]
            same += ours[start + offset].hypotheses[0][: n - 1] == tokens
    return {"items": len(texts), "identical": same, "rate": round(same / len(texts), 4)}


def _thread_split(setup: SpeedSetup, sentences: list[list[str]], translator: Any) -> dict[str, float]:
    """Raw CTranslate2 sentences/s with the threads as replicas (inter) or inside one replica (intra)."""
    import ctranslate2

    from workers.ct2_engine import converted_copy

    path = converted_copy(str(setup.mt_model), setup.work_dir / "ct2", "int8")
    flat = [translator.pieces.encode(s) for job in sentences for s in job]
    speeds = {}
    for inter, intra in ((setup.threads, 1), (1, setup.threads)):
        engine = ctranslate2.Translator(
            str(path), compute_type="int8", inter_threads=inter, intra_threads=intra
        )
        started = time.perf_counter()
        engine.translate_batch(
            flat,
            beam_size=setup.beams,
            max_decoding_length=setup.out_tokens,
            min_decoding_length=setup.out_tokens,
            max_batch_size=RAW_BATCH,
        )
        speeds[f"inter {inter} x intra {intra}"] = round(len(flat) / (time.perf_counter() - started), 3)
    return speeds
