"""Loading models by directory, once per process, and saying clearly when one cannot be had."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import pytest

from tests.helpers import child_env
from workers.models import ModelRegistry, ModelUnavailable, load_seq2seq


def test_tiny_models_load_through_the_real_classes(tiny_models):
    tokenizer, model = load_seq2seq("translation", tiny_models["mt_model"], "cpu")
    assert type(model).__name__ == "MarianMTModel" and type(tokenizer).__name__ == "MarianTokenizer"
    tokenizer, model = load_seq2seq("summarization", tiny_models["sum_model"], "cpu")
    assert type(model).__name__ == "MT5ForConditionalGeneration"


def test_marian_tokenizer_follows_the_opus_mt_layout(tiny_models):
    tokenizer, model = load_seq2seq("translation", tiny_models["mt_model"], "cpu")
    assert tokenizer.convert_tokens_to_ids("</s>") == 0 and tokenizer.convert_tokens_to_ids("<unk>") == 1
    assert tokenizer.pad_token_id == model.config.vocab_size - 1 == model.config.decoder_start_token_id
    assert tokenizer("Presiden tiba di Jakarta.").input_ids[-1] == 0


def test_registry_loads_each_model_once(settings):
    registry = ModelRegistry(settings)
    assert registry.translator() is registry.translator()
    assert registry.summarizer() is registry.summarizer()
    assert dict(registry.loads) == {"translation": 1, "summarization": 1}


def test_a_missing_directory_names_the_model_the_setting_and_the_fix(settings, tmp_path):
    missing = str(tmp_path / "no-such-model")
    registry = ModelRegistry(dataclasses.replace(settings, sum_model=missing))
    with pytest.raises(ModelUnavailable) as raised:
        registry.summarizer()
    message = str(raised.value)
    assert missing in message and "WARTA_SUM_MODEL" in message and "Fix:" in message
    assert raised.value.code == "model_unavailable"
    assert registry.preload() == {"summarization": message}
    assert registry.availability() == {
        "translation": None,
        "summarization": "could not be loaded (FileNotFoundError)",
        "pairs": [{"model": settings.mt_model, "sources": ["id"], "targets": ["en"]}],
    }


def test_availability_names_the_kind_of_failure_not_the_path(settings, tmp_path):
    junk = tmp_path / "private" / "junk"
    junk.mkdir(parents=True)
    (junk / "config.json").write_text("{}")
    registry = ModelRegistry(dataclasses.replace(settings, mt_model=str(junk), sum_model=""))
    assert registry.availability() == {"translation": "not loaded yet", "summarization": None, "pairs": []}
    assert set(registry.preload()) == {"translation"}
    reason = registry.availability()["translation"]
    assert reason is not None and reason.startswith("could not be loaded (") and "private" not in reason
    assert registry.availability()["pairs"] == []


def test_an_unreachable_hub_id_is_unavailable_not_a_crash():
    # HF_HUB_OFFLINE is read when huggingface_hub is imported, hence a fresh interpreter.
    code = (
        "from workers.models import load_seq2seq, ModelUnavailable\n"
        "try:\n    load_seq2seq('translation', 'warta-tests/no-such-model', 'cpu')\n"
        "except ModelUnavailable as error:\n    print(error)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=child_env(), capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "warta-tests/no-such-model" in done.stdout and "WARTA_MT_MODEL" in done.stdout
