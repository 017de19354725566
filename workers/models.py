"""Loading models once per worker process, by hub id or local directory.

Loading a full-size model takes seconds and hundreds of megabytes, so a worker keeps each model for
its whole life, or, with several translation models and ``WARTA_MT_MEMORY_MB`` set, until another pair's
model needs the room (the least recently used goes first); ``loads`` counts real loads so that reuse can
be observed from outside (it is reported in every job result). A model that cannot be had raises
``ModelUnavailable`` naming the model, the setting and the fix, which the job turns into the error code
``model_unavailable``; the registry keeps the last failure of each role, so that the worker can say at
every heartbeat which roles and pairs it can run (``availability``), and ``/readyz`` and the language
lists say what live workers can do.
"""

from __future__ import annotations

import logging
import time
from collections import Counter, OrderedDict
from pathlib import Path
from typing import Any

from workers.model_card import ModelCard, local_card, local_folder
from workers.model_table import FLAGSHIP, LanguagePair, ModelTable, ServedPairs, configured_routes
from workers.settings import Settings, env_name
from workers.summarize import ChunkedSummarizer, TransformersSummarizer
from workers.translate import TokenizedTranslator, TransformersTranslator

log = logging.getLogger(__name__)

TRANSLATION, SUMMARIZATION = "translation", "summarization"
_SETTING_OF_ROLE = {TRANSLATION: "mt_model", SUMMARIZATION: "sum_model"}
WEIGHT_SUFFIXES = (".safetensors", ".bin")


class PairNotServed(RuntimeError):
    """No configured model translates the pair."""

    code = "pair_not_served"

    def __init__(self, pair: LanguagePair, served: ServedPairs) -> None:
        super().__init__(
            f"No translation model here translates {pair.source} into {pair.target}; served: "
            f"{served.describe()}. Add the pair to {env_name('mt_models')} (`{pair}=MODEL`) and restart "
            "the workers."
        )
        self.pair = pair


class ModelUnavailable(RuntimeError):
    code = "model_unavailable"

    def __init__(self, role: str, model_id: str, reason: str, cause: str = "") -> None:
        setting = env_name(_SETTING_OF_ROLE.get(role, "mt_models"))
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


def weights_bytes(folder: Path) -> int:
    """The size of a model's weights on disk: what loading it adds to a worker, near enough."""
    return sum(p.stat().st_size for p in folder.iterdir() if p.suffix in WEIGHT_SUFFIXES and p.is_file())


class ModelRegistry:
    """The models of one worker process, each loaded on first use and kept (translation models within
    ``WARTA_MT_MEMORY_MB``).

    Roles name what a model does: ``summarization``, ``translation`` for the model that serves the
    flagship pair (id→en), and ``translation:MODEL`` for any other translation model.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.table = ModelTable.from_settings(settings)
        self.loads: Counter[str] = Counter()
        self.load_seconds: dict[str, float] = {}
        self._models: dict[str, Any] = {}
        self._translators: OrderedDict[str, TokenizedTranslator] = OrderedDict()
        self._views: dict[tuple[str, LanguagePair], TokenizedTranslator] = {}
        self._sizes: dict[str, int] = {}
        self._failures: dict[str, ModelUnavailable] = {}
        self._cards: dict[str, ModelCard] = {}

    def translator(self, pair: LanguagePair = FLAGSHIP) -> TokenizedTranslator:
        """The model for ``pair``, loaded if need be, asked for that pair."""
        model_id = self.route(pair)
        loaded = self._translator(model_id)
        card = self.card(model_id)
        if card is None:
            return loaded
        key = (model_id, pair)
        if key not in self._views:
            self._views[key] = loaded.steered(card.steering(pair.source, pair.target))
        return self._views[key]

    def summarizer(self) -> ChunkedSummarizer:
        return self._get(SUMMARIZATION)

    @property
    def flagship_model(self) -> str | None:
        """The model of the id→en pair, the one ``WARTA_MT_MODEL`` names by default."""
        return self.table.route(FLAGSHIP, self.card)

    def route(self, pair: LanguagePair) -> str:
        """The configured model for ``pair`` (one that failed to load is tried again: it raises
        ``ModelUnavailable``, which says why)."""
        found = self.table.route(pair, self.card)
        if found is None or not configured_routes(self.table, self.card).serves(pair):
            raise PairNotServed(pair, self.served())
        return found

    def card(self, model_id: str) -> ModelCard | None:
        """The model's card, read once its files are here (a hub model not downloaded yet has none until
        it loads): every request routes through it, and a hub id's files are looked up on disk."""
        if model_id not in self._cards:
            found = local_card(model_id)
            if found is None:
                return None
            self._cards[model_id] = found
        return self._cards[model_id]

    def served(self) -> ServedPairs:
        """The pairs of every configured model that has not failed to load."""
        failed = {self._model_of(role) for role in self._failures if role != SUMMARIZATION}
        routes = configured_routes(self.table, self.card).routes
        return ServedPairs(tuple(route for route in routes if route.model not in failed))

    def backend(self, role: str) -> str:
        return self.settings.sum_backend if role == SUMMARIZATION else self.settings.mt_backend

    def model_id(self, role: str) -> str:
        if role == SUMMARIZATION:
            return self.settings.sum_model
        return self._model_of(role) or ""

    def _model_of(self, role: str) -> str | None:
        return role.partition(":")[2] or self.flagship_model if role.startswith(TRANSLATION) else None

    def _role(self, model_id: str) -> str:
        return TRANSLATION if model_id == self.flagship_model else f"{TRANSLATION}:{model_id}"

    def preload(self) -> dict[str, str]:
        """Load every model now (translation models while they fit the memory budget); returns the
        reason each unavailable one failed (empty: all ready)."""
        failures = {}
        if self.settings.sum_model:  # none configured: summaries are extractive
            try:
                self._get(SUMMARIZATION)
            except ModelUnavailable as error:
                failures[SUMMARIZATION] = str(error)
        for model_id in self.table.models:
            if self._translators and not self._fits(self._sizes.get(model_id, 0)):
                break
            try:
                self._translator(model_id)
            except ModelUnavailable as error:
                failures[self._role(model_id)] = str(error)
        return failures

    def availability(self) -> dict[str, Any]:
        """Each role, with None where this worker can run it now, else why not, in words fit for the
        public ``/readyz``, which puts the role's setting before them ("WARTA_MT_MODEL could not be loaded
        (OSError)"): the kind of failure only, since a model's path or host must stay in the worker's log;
        and under ``pairs`` the routes it serves (``ServedPairs``).

        A role counts only once its model has loaded: a worker reports this after ``preload``, so it is
        never taken for one that can translate before it has proven it. Summaries need no model where
        none is configured (they are extractive)."""
        report: dict[str, Any] = {}
        if self._translators:
            report[TRANSLATION] = None
        elif not self.table.entries:
            report[TRANSLATION] = "is empty"
        elif TRANSLATION in self._failures:
            report[TRANSLATION] = f"could not be loaded ({self._failures[TRANSLATION].cause})"
        else:
            report[TRANSLATION] = "not loaded yet"
        if SUMMARIZATION in self._models or not self.settings.sum_model:
            report[SUMMARIZATION] = None
        elif SUMMARIZATION in self._failures:
            report[SUMMARIZATION] = f"could not be loaded ({self._failures[SUMMARIZATION].cause})"
        else:
            report[SUMMARIZATION] = "not loaded yet"
        report["pairs"] = self.served().to_json() if self._translators else []
        return report

    def _translator(self, model_id: str) -> TokenizedTranslator:
        if model_id in self._translators:
            self._translators.move_to_end(model_id)
            return self._translators[model_id]
        role = self._role(model_id)
        started = time.perf_counter()
        try:
            built = self._build_translator(model_id)
        except ModelUnavailable as error:
            self._failures[role] = error
            raise
        self._failures.pop(role, None)
        self._translators[model_id] = built
        self.loads[role] += 1
        self.load_seconds[role] = round(time.perf_counter() - started, 3)
        log.info("loaded translation model %s in %.1fs", model_id, self.load_seconds[role])
        return built

    def _fits(self, size: int) -> bool:
        budget = self.settings.mt_memory_mb * 1_000_000
        return not budget or sum(self._sizes.get(m, 0) for m in self._translators) + size <= budget

    def _make_room(self, model_id: str, size: int) -> None:
        """Unload the least recently used translation models until ``size`` more bytes fit the budget
        (a model larger than the whole budget still loads, alone)."""
        self._sizes[model_id] = size
        while self._translators and not self._fits(size):
            gone, _ = self._translators.popitem(last=False)
            self._views = {key: view for key, view in self._views.items() if key[0] != gone}
            log.info("unloaded translation model %s to make room for %s", gone, model_id)

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
            return self._build_ct2(role, s.sum_model)
        self._set_threads()
        tokenizer, model = load_seq2seq(role, s.sum_model, s.device)
        return TransformersSummarizer(model, tokenizer, **self._summary_options())

    def _build_translator(self, model_id: str) -> TokenizedTranslator:
        role, s = self._role(model_id), self.settings
        if s.mt_backend == "ctranslate2":
            built: TokenizedTranslator = self._build_ct2(role, model_id)
            return built
        self._set_threads()
        folder = local_folder(model_id)
        self._make_room(model_id, weights_bytes(folder) if folder else 0)
        tokenizer, model = load_seq2seq(role, model_id, s.device)
        return TransformersTranslator(model, tokenizer, model_id=model_id, num_beams=s.mt_beams)

    def _set_threads(self) -> None:
        if self.settings.threads:
            import torch

            torch.set_num_threads(self.settings.threads)

    def _build_ct2(self, role: str, model_id: str) -> Any:
        from workers import ct2_engine
        from workers.summarize_ct2 import CTranslate2Summarizer
        from workers.translate_ct2 import CTranslate2Translator

        s = self.settings
        try:
            stored = ct2_engine.stored_quantization(s.device, s.compute_type)
            path = ct2_engine.converted_copy(model_id, s.effective_model_cache, stored)
            if role != SUMMARIZATION:
                self._make_room(model_id, weights_bytes(path))
            engine = ct2_engine.open_engine(path, s.device, s.compute_type, s.threads)
            tokenizer = ct2_engine.load_tokenizer(path)
        except (OSError, ValueError, RuntimeError, KeyError) as error:
            reason = str(error).strip().splitlines()[0]
            raise ModelUnavailable(role, model_id, reason, type(error).__name__) from error
        if role != SUMMARIZATION:
            return CTranslate2Translator(engine, tokenizer, model_id=model_id, num_beams=s.mt_beams,
                                         max_positions=ct2_engine.max_positions(path))  # fmt: skip
        return CTranslate2Summarizer(engine, tokenizer, **self._summary_options())

    def _summary_options(self) -> dict[str, Any]:
        s = self.settings
        return {"model_id": s.sum_model, "num_beams": s.sum_beams, "max_new_tokens": s.sum_max_tokens,
                "max_input_tokens": s.sum_input_tokens}  # fmt: skip
