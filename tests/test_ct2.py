"""The CTranslate2 backend against transformers on the same tiny models: conversion, parity, alignment."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import torch
from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

from tests.helpers import child_env, warta_command
from workers.ct2_convert import CONVERTED_MARK
from workers.ct2_engine import open_engine
from workers.models import ModelRegistry, ModelUnavailable
from workers.pieces import HuggingFacePieces, SentencePieceTokenizer
from workers.settings import Settings

SENTENCES = [
    "Presiden Rusia tiba di Pyongyang pada Selasa.", "Harga beras naik 4,8 persen.",
    "Kedua negara menandatangani perjanjian kerja sama.", "Ia disambut Kim Jong-un di bandara.",
    "Pemerintah menyatakan bahwa harga gula dan minyak naik.", "“Kami khawatir,” kata seorang pedagang.",
]  # fmt: skip


@pytest.fixture(scope="module")
def converted(tiny_models, tmp_path_factory):
    """Both tiny models through `warta models convert`, as a user would run it."""
    out = tmp_path_factory.mktemp("ct2")
    for role in ("mt_model", "sum_model"):
        command = warta_command(
            "models", "convert", tiny_models[role], str(out / role), "--quantization", "float32"
        )
        done = subprocess.run(command,
                              env=child_env(), capture_output=True, text=True, timeout=300)  # fmt: skip
        assert done.returncode == 0, done.stderr
    return {role: out / role for role in ("mt_model", "sum_model")}


def test_conversion_records_the_mt5_output_scale_correction(converted):
    mt5 = json.loads((converted["sum_model"] / CONVERTED_MARK).read_text())
    marian = json.loads((converted["mt_model"] / CONVERTED_MARK).read_text())
    assert mt5["unscaled_decoder_output"] is True and marian["unscaled_decoder_output"] is False
    assert marian["max_positions"] == 512 and marian["quantization"] == "float32"


def test_the_cache_keeps_one_copy_per_quantization(tiny_models, tmp_path):
    for compute_type in ("int8", "float32", "int8"):
        settings = Settings(
            mt_beams=1, compute_type=compute_type, **{**tiny_models, "model_cache": str(tmp_path)}
        )
        assert ModelRegistry(settings).translator().translate_batch(SENTENCES[:1])
    names = sorted(p.name.split("-")[1] for p in tmp_path.iterdir())
    assert names == ["float32", "int8"]


@pytest.mark.parametrize("role", ["mt_model", "sum_model"])
def test_greedy_tokens_are_identical_at_float32(tiny_models, converted, role):
    tokenizer = AutoTokenizer.from_pretrained(tiny_models[role])
    model = AutoModelForSeq2SeqLM.from_pretrained(tiny_models[role]).eval()
    engine = open_engine(converted[role], "cpu", "float32", 1)
    tokens = [tokenizer.convert_ids_to_tokens(tokenizer(s).input_ids) for s in SENTENCES]
    ours = engine.translate_batch(tokens, beam_size=1, max_decoding_length=12, min_decoding_length=12)
    inputs = tokenizer(SENTENCES, return_tensors="pt", padding=True)
    theirs = model.generate(**inputs, num_beams=1, do_sample=False, max_new_tokens=12, min_new_tokens=12,
                            max_length=None)  # fmt: skip
    # Marian's generation config forces </s> as the last token in transformers; compare the 11 before.
    same = sum(
        r.hypotheses[0][:11] == tokenizer.convert_ids_to_tokens(ids[1:12])
        for r, ids in zip(ours, theirs, strict=True)
    )
    assert same / len(SENTENCES) >= 0.95


@pytest.mark.parametrize("role", ["mt_model", "sum_model"])
def test_log_probabilities_agree_with_transformers(tiny_models, converted, role):
    """The trap in ../shared/MODELS.md: mT5 converted under transformers 5 scored off by nats."""
    tokenizer = AutoTokenizer.from_pretrained(tiny_models[role])
    model = AutoModelForSeq2SeqLM.from_pretrained(tiny_models[role]).eval()
    engine = open_engine(converted[role], "cpu", "float32", 1)
    source, target = SENTENCES[0], "The Russian president arrived."
    target_ids = tokenizer(text_target=target).input_ids
    [scored] = engine.score_batch([tokenizer.convert_ids_to_tokens(tokenizer(source).input_ids)],
                                  [tokenizer.convert_ids_to_tokens(target_ids[:-1])])  # fmt: skip
    with torch.inference_mode():
        logits = model(**tokenizer([source], return_tensors="pt"), labels=torch.tensor([target_ids])).logits
    expected = torch.log_softmax(logits[0], -1)[torch.arange(len(target_ids)), torch.tensor(target_ids)]
    assert scored.log_probs == pytest.approx(expected.tolist(), abs=1e-3)


def test_the_worker_converts_on_first_use_into_its_cache(tiny_models, tmp_path):
    settings = Settings(mt_backend="ctranslate2", mt_beams=1, **{**tiny_models, "model_cache": str(tmp_path)})
    translator = ModelRegistry(settings).translator()
    assert translator.backend == "ctranslate2" and translator.translate_batch(SENTENCES[:2])
    [entry] = list(tmp_path.iterdir())
    assert (entry / "model.bin").is_file() and entry.name.startswith("marian-")
    again = ModelRegistry(settings).translator()  # a second worker finds the copy
    assert again.translate_batch(SENTENCES[:1]) == translator.translate_batch(SENTENCES[:1])


def test_a_converted_directory_can_be_named_directly(converted, tiny_models):
    settings = Settings(mt_model=str(converted["mt_model"]), model_cache="/nonexistent", mt_beams=1)
    assert ModelRegistry(settings).translator().translate_batch(SENTENCES[:1])


def test_a_missing_model_is_unavailable_with_the_setting_named(tmp_path):
    settings = Settings(mt_model=str(tmp_path / "absent"), model_cache=str(tmp_path))
    with pytest.raises(ModelUnavailable, match="WARTA_MT_MODEL"):
        ModelRegistry(settings).translator()


def test_ct2_attention_gives_one_link_per_target_token_like_transformers(tiny_models):
    """Alignment (glossary repair) reads CTranslate2's attention teacher-forced on the target."""
    registries = [ModelRegistry(Settings(mt_backend=b, mt_beams=1, **tiny_models))
                  for b in ("transformers", "ctranslate2")]  # fmt: skip
    source, target = "Presiden Rusia tiba di Pyongyang.", "The Russian president arrived in Pyongyang."
    links = [r.translator().links(source, target) for r in registries]
    (hf_links, hf_source, hf_target), (ct_links, ct_source, ct_target) = links
    assert (hf_source, hf_target) == (ct_source, ct_target), "same tokenizer, same offsets"
    assert len(ct_links) == len(hf_links) == len(ct_target)
    assert all(0 <= link < len(ct_source) for link in ct_links)


@pytest.mark.parametrize("backend", ["transformers", "ctranslate2"])
def test_links_scored_in_one_batch_equal_links_scored_one_by_one(tiny_models, backend):
    pairs = [
        ("Presiden Rusia tiba di Pyongyang.", "The Russian president arrived in Pyongyang."),
        ("Harga beras naik.", "Rice prices rose sharply in the capital on Tuesday morning."),
    ]
    settings = Settings(mt_backend=backend, mt_beams=1, **tiny_models)
    batched, single = ModelRegistry(settings).translator(), ModelRegistry(settings).translator()
    batched.prefetch_links(pairs)
    assert all(batched.knows_links(pair) for pair in pairs)
    assert [batched.links(*p) for p in pairs] == [single.links(*p) for p in pairs]


@pytest.mark.parametrize("role", ["mt_model", "sum_model"])
def test_sentencepiece_pieces_equal_the_transformers_tokenizer(tiny_models, converted, role):
    """The CTranslate2 backends tokenize without transformers (no torch); the pieces must not differ."""
    ours = SentencePieceTokenizer.from_dir(converted[role])
    theirs = HuggingFacePieces(AutoTokenizer.from_pretrained(tiny_models[role]))
    texts = [*SENTENCES, "Harga  beras naik\tlagi — 4,8 persen!", "«Kami» ‘siap’"]
    for text in texts:
        assert ours.encode(text) == theirs.encode(text)
        assert ours.encode_target(text) == theirs.encode_target(text)
        assert ours.decode(ours.encode(text)) == theirs.decode(theirs.encode(text))
    assert [c for c in "“”‘’–—«»" if ours.is_unknown(c)] == [c for c in "“”‘’–—«»" if theirs.is_unknown(c)]
    assert ours.max_length == theirs.max_length


def test_a_ctranslate2_worker_does_not_import_torch(tiny_models):
    """Once the models are converted (that step needs torch), a worker runs without it: ~200 MB less."""
    ModelRegistry(Settings(**tiny_models)).preload()
    models = f"mt_model={tiny_models['mt_model']!r}, sum_model={tiny_models['sum_model']!r}"
    script = (
        "import sys; from workers.settings import Settings; from workers.models import ModelRegistry; "
        f"r = ModelRegistry(Settings({models}, model_cache={tiny_models['model_cache']!r})); r.preload(); "
        "t, s = r.translator(), r.summarizer(); "
        "print(t.translate_batch(['Harga naik.']), s.summarize('Harga naik.').text, 'torch' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", script], env=child_env(), capture_output=True, text=True,
                          timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("False")
