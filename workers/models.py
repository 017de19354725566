"""Loading models once per worker process, by hub id or local directory.

Loading a full-size model takes seconds and hundreds of megabytes, so a worker keeps each model for
its whole life; ``loads`` counts real loads so that reuse can be observed from outside (it is reported
in every job result). A model that cannot be had raises ``ModelUnavailable`` naming the model, the
setting and the fix, which the job turns into the error code ``model_unavailable``; the registry keeps
the last failure of each role, so that the worker can say at every heartbeat which roles it can run
(``availability``), and ``/readyz`` can refuse readiness where no live worker can run a job.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from pathlib import Path
from typing import Any

from workers.settings import Settings, env_name
from workers.summarize import ChunkedSummarizer, TransformersSummarizer
from workers.translate import TokenizedTranslator, TransformersTranslator

log = logging.getLogger(__name__)

TRANSLATION, SUMMARIZATION = "translation", "summarization"
_SETTING_OF_ROLE = {TRANSLATION: "mt_model", SUMMARIZATION: "sum_model"}


class ModelUnavailable(RuntimeError):
    code = "model_unavailable"

    def __init__(self, role: str, model_id: str, reason: str, cause: str = "") -> None:
        setting = env_name(_SETTING_OF_ROLE[role])
        super().__init__(
            f"The {role} model {model_id!r} ({setting}) could not be loaded: {reason}. "
            f"Fix: download it once where the Hugging Face hub is reachable "
            f"(`hf download {model_id}`, then keep HF_HOME), or set {setting} to a local "
            f"directory that holds a saved model (`save_pretrained`)."
        )
        self.role, self.model_id = role, model_id
        # The kind of failure (an exception's class), without the message: the message names paths and
        # hosts, and this is what reaches the public ``/readyz``.
        self.cause = cause or "unknown error"


def load_seq2seq(role: str, model_id: str, device: str) -> tuple[Any, Any]:
    """Tokenizer and eval-mode model; the local cache is tried before the network."""
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    if _looks_like_path(model_id) and not Path(model_id).is_dir():
        raise ModelUnavailable(role, model_id, "no such directory", FileNotFoundError.__name__)
    last_error: Exception | None = None
    for local_only in (True, False):
        try:
            tokenizer = AutoTokenizer.from_pretrained(model_id, local_files_only=local_only)
            model = AutoModelForSeq2SeqLM.from_pretrained(model_id, local_files_only=local_only)
            return tokenizer, model.to(device).eval()
        except (OSError, ValueError, KeyError) as error:
            last_error = error
            if Path(model_id).is_dir():
                break
    reason = str(last_error).strip().splitlines()[0] if last_error else "unknown error"
    raise ModelUnavailable(role, model_id, reason, type(last_error).__name__ if last_error else "")


def _looks_like_path(model_id: str) -> bool:
    return model_id.startswith(("/", "./", "../", "~")) or Path(model_id).exists()


class ModelRegistry:
    """The models of one worker process, each loaded on first use and kept."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.loads: Counter[str] = Counter()
        self.load_seconds: dict[str, float] = {}
        self._models: dict[str, Any] = {}
        self._failures: dict[str, ModelUnavailable] = {}

    def translator(self) -> TokenizedTranslator:
        return self._get(TRANSLATION)

    def summarizer(self) -> ChunkedSummarizer:
        return self._get(SUMMARIZATION)

    def backend(self, role: str) -> str:
        return self.settings.mt_backend if role == TRANSLATION else self.settings.sum_backend

    def model_id(self, role: str) -> str:
        return getattr(self.settings, _SETTING_OF_ROLE[role])

    def preload(self) -> dict[str, str]:
        """Load every model now; returns the reason each unavailable one failed (empty: all ready)."""
        failures = {}
        for role in (TRANSLATION, SUMMARIZATION):
            if not self.model_id(role):
                continue  # no summarization model configured: summaries are extractive
            try:
                self._get(role)
            except ModelUnavailable as error:
                failures[role] = str(error)
        return failures

    def availability(self) -> dict[str, str | None]:
        """Each role, with None where this worker can run it now, else why not, in words fit for the
        public ``/readyz``, which puts the role's setting before them ("WARTA_MT_MODEL could not be loaded
        (OSError)"): the kind of failure only, since a model's path or host must stay in the worker's log.

        A role counts only once its model has loaded: a worker reports this after ``preload``, so it is
        never taken for one that can translate before it has proven it. Summaries need no model where
        none is configured (they are extractive)."""
        report: dict[str, str | None] = {}
        for role in (TRANSLATION, SUMMARIZATION):
            if role in self._models or (role == SUMMARIZATION and not self.model_id(role)):
                report[role] = None
            elif not self.model_id(role):
                report[role] = "is empty"
            elif role in self._failures:
                report[role] = f"could not be loaded ({self._failures[role].cause})"
            else:
                report[role] = "not loaded yet"
        return report

    def _get(self, role: str) -> Any:
        if role not in self._models:
            started = time.perf_counter()
            try:
                self._models[role] = self._build(role)
            except ModelUnavailable as error:
                self._failures[role] = error
                raise
            self._failures.pop(role, None)
            self.loads[role] += 1
            self.load_seconds[role] = round(time.perf_counter() - started, 3)
            log.info("loaded %s model %s in %.1fs", role, self.model_id(role), self.load_seconds[role])
        return self._models[role]

    def _build(self, role: str) -> Any:
        s = self.settings
        if self.backend(role) == "ctranslate2":
            return self._build_ct2(role)
        if s.threads:
            import torch

            torch.set_num_threads(s.threads)
        tokenizer, model = load_seq2seq(role, self.model_id(role), s.device)
        if role == TRANSLATION:
            return TransformersTranslator(model, tokenizer, model_id=s.mt_model, num_beams=s.mt_beams)
        return TransformersSummarizer(model, tokenizer, **self._summary_options())

    def _build_ct2(self, role: str) -> Any:
        from workers import ct2_engine
        from workers.summarize_ct2 import CTranslate2Summarizer
        from workers.translate_ct2 import CTranslate2Translator

        s, model_id = self.settings, self.model_id(role)
        try:
            stored = ct2_engine.stored_quantization(s.device, s.compute_type)
            path = ct2_engine.converted_copy(model_id, s.effective_model_cache, stored)
            engine = ct2_engine.open_engine(path, s.device, s.compute_type, s.threads)
            tokenizer = ct2_engine.load_tokenizer(path)
        except (OSError, ValueError, RuntimeError, KeyError) as error:
            reason = str(error).strip().splitlines()[0]
            raise ModelUnavailable(role, model_id, reason, type(error).__name__) from error
        if role == TRANSLATION:
            return CTranslate2Translator(engine, tokenizer, model_id=model_id, num_beams=s.mt_beams,
                                         max_positions=ct2_engine.max_positions(path))  # fmt: skip
        return CTranslate2Summarizer(engine, tokenizer, **self._summary_options())

    def _summary_options(self) -> dict[str, Any]:
        s = self.settings
        return {"model_id": s.sum_model, "num_beams": s.sum_beams, "max_new_tokens": s.sum_max_tokens,
                "max_input_tokens": s.sum_input_tokens}  # fmt: skip
