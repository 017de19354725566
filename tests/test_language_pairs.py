"""Language pairs as configuration: the model table, model cards, and translation of any served pair on
both backends, with the tiny models of every family (real transformers and CTranslate2 code)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from workers.languages import UnknownLanguage, closest, name, normalize
from workers.model_card import Family, Steering, read_card
from workers.model_table import (
    FLAGSHIP,
    LanguagePair,
    ModelEntry,
    ModelTable,
    ModelTableError,
    ServedPairs,
    parse_pair,
)
from workers.models import ModelRegistry, PairNotServed
from workers.settings import Settings
from workers.translation_memory import fingerprint

SPANISH = LanguagePair("en", "es")
TEXTS = ["Presiden tiba di Jakarta pada hari Senin.", "Harga beras naik lagi."]


@pytest.mark.parametrize(
    ("tag", "code"),
    [("IND", "id"), ("in-ID", "id"), ("zho_Hans", "zh-Hans"), ("EN-GB", "en"), ("PT-BR", "pt"),
     ("zsm_Latn", "ms"), ("spa", "es"), ("srp_Cyrl", "sr-Cyrl")],
)  # fmt: skip
def test_every_spelling_of_a_language_becomes_one_code(tag, code):
    assert normalize(tag) == code


@pytest.mark.parametrize("tag", ["", "xx", "english", "12", "auto", "mul"])
def test_what_names_no_one_language_is_refused(tag):
    with pytest.raises(UnknownLanguage):
        normalize(tag)


def test_a_bare_language_means_its_usual_script_and_names_come_from_cldr():
    assert closest("zh", ["zh-Hans", "zh-Hant"]) == "zh-Hans"
    assert closest("zh-Hant", ["zh-Hans"]) is None
    assert closest("pt", ["pt", "es"]) == "pt"
    assert name("id") == "Indonesian" and name("zh-Hans") == "Simplified Chinese"
    assert name("en", "id") == "Inggris"


def test_the_table_reads_pairs_and_many_to_many_entries_and_keeps_mt_model_as_id_en():
    settings = Settings(mt_model="opus-id-en", mt_models="en-es=opus-en-es, zh-Hans-en=zh-model ,*=nllb")
    table = ModelTable.from_settings(settings)
    assert table.entries == (
        ModelEntry(SPANISH, "opus-en-es"), ModelEntry(LanguagePair("zh-Hans", "en"), "zh-model"),
        ModelEntry(None, "nllb"), ModelEntry(FLAGSHIP, "opus-id-en"),
    )  # fmt: skip
    # An explicit id-en entry wins over the shorthand; with nothing set, exactly today's pair.
    assert ModelTable.from_settings(Settings(mt_models="id-en=better")).entries == (
        ModelEntry(FLAGSHIP, "better"),
    )
    assert ModelTable.from_settings(Settings()).entries == (ModelEntry(FLAGSHIP, Settings().mt_model),)
    assert parse_pair("zh-Hans-en") == LanguagePair("zh-Hans", "en")


@pytest.mark.parametrize("raw", ["en-es", "=model", "xx-en=model", "en-en=model", "english=model"])
def test_a_malformed_entry_names_the_setting_and_the_form(raw):
    with pytest.raises(ModelTableError, match="WARTA_MT_MODELS"):
        ModelTable.from_settings(Settings(mt_models=raw))


def test_cards_tell_each_family_by_its_language_tokens(tiny_models, tiny_pair_models):
    one_pair = read_card(Path(tiny_models["mt_model"]))
    assert (one_pair.family, one_pair.sources, one_pair.targets) == (Family.MARIAN, {"id": ""}, {"en": ""})
    assert read_card(Path(tiny_pair_models["marian-en-es"])).knows("en", "es")
    multi = read_card(Path(tiny_pair_models["marian-en-mul"]))
    assert multi.family == Family.MARIAN_MULTI and multi.sources == {"en": ""}
    assert multi.steering("en", "es") == Steering(source_prefix=(">>spa<<",))
    nllb = read_card(Path(tiny_pair_models["nllb"]))
    assert nllb.family == Family.NLLB and len(nllb.sources) >= 190 and nllb.knows("id", "en")
    assert nllb.steering("id", "en") == Steering(("ind_Latn",), ("eng_Latn",))
    assert nllb.targets["zh-Hans"] == "zho_Hans" and nllb.targets["ms"] == "zsm_Latn"
    m2m = read_card(Path(tiny_pair_models["m2m100"]))
    assert m2m.family == Family.M2M100 and m2m.steering("en", "es") == Steering(("__en__",), ("__es__",))


@pytest.mark.parametrize("family", ["marian-en-es", "marian-en-mul", "nllb", "m2m100"])
def test_every_family_translates_a_second_pair_on_both_backends(family, backend, settings, tiny_pair_models):
    entry = (
        f"en-es={tiny_pair_models[family]}" if family == "marian-en-es" else f"*={tiny_pair_models[family]}"
    )
    registry = ModelRegistry(dataclasses.replace(settings, mt_backend=backend, mt_models=entry))
    translator = registry.translator(SPANISH)
    texts = translator.translate_batch(TEXTS)
    assert len(texts) == 2 and all(isinstance(t, str) for t in texts)
    # No language token leaks into the text (the model's forced target token is dropped).
    assert not any(token in " ".join(texts) for token in ("spa_Latn", "__es__", ">>spa<<", "eng_Latn"))
    assert [len(n) for n in translator.hypotheses(TEXTS[:1], 2)] == [2]
    links, source_offsets, target_offsets = translator.links(TEXTS[0], texts[0] or "x")
    assert len(source_offsets) == len(translator._source(translator._model_text(TEXTS[0])))
    assert len(links) == len(target_offsets)
    # id→en stays the tiny Marian; the many-to-many model serves the rest.
    assert registry.translator().model_id == settings.mt_model


def test_one_many_to_many_model_serves_every_pair_it_knows_and_steers_each(settings, tiny_pair_models):
    registry = ModelRegistry(dataclasses.replace(settings, mt_backend="transformers", mt_model="",
                                                 mt_models=f"*={tiny_pair_models['nllb']}"))  # fmt: skip
    to_english, to_spanish = registry.translator(FLAGSHIP), registry.translator(LanguagePair("id", "es"))
    assert to_english.model is to_spanish.model  # one model loaded, two pairs
    assert registry.loads["translation"] == 1
    assert to_spanish.steering == Steering(("ind_Latn",), ("spa_Latn",))
    # The translation memory keeps the pairs of one model apart.
    assert fingerprint(to_english, "auto") != fingerprint(to_spanish, "auto")
    served = ServedPairs.from_json(registry.availability()["pairs"])
    assert served.serves(LanguagePair("ms", "zh-Hans")) and not served.serves(LanguagePair("en", "en"))
    assert "id" in served.sources() and "es" in served.targets("id")


def test_an_unserved_pair_says_what_is_served_and_how_to_add_it(settings):
    registry = ModelRegistry(settings)
    with pytest.raises(PairNotServed) as raised:
        registry.translator(SPANISH)
    message = str(raised.value)
    assert "id-en" in message and "en-es=MODEL" in message and "WARTA_MT_MODELS" in message


def test_the_memory_budget_unloads_the_least_recently_used_model(settings, tiny_pair_models):
    budget = dataclasses.replace(settings, mt_backend="transformers", mt_memory_mb=1,
                                 mt_models=f"en-es={tiny_pair_models['marian-en-es']}")  # fmt: skip
    registry = ModelRegistry(budget)
    registry.translator(FLAGSHIP)
    registry.translator(SPANISH)  # each tiny Marian is ~1 MB: only one fits
    assert list(registry._translators) == [tiny_pair_models["marian-en-es"]]
    registry.translator(FLAGSHIP)
    assert registry.loads["translation"] == 2
