"""The tiny language-token models (``make_multilingual_models``) behave like their real families.

Services that translate between many languages put a language token somewhere: opus-mt-en-mul at the
start of the source (``>>spa<<``), NLLB-200 and M2M-100 at the start of the source (``ind_Latn``,
``__id__``) and as the first generated token (forced BOS). These tests pin, with the real transformers
and CTranslate2 code, where each family's token goes, so code built on the tiny models holds for the real
ones. Everything is built once per module; the models have random weights, so only token layouts and
the forced first token are checked, never the translations (int8 against float32 may pick other tokens).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import ctranslate2
import pytest
import sentencepiece as spm
import torch
from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

from benchmarks.tiny_models import (
    M2M100_DIR,
    MARIAN_EN_ES_DIR,
    MARIAN_EN_MUL_DIR,
    MARIAN_MUL_LANGUAGE_TOKENS,
    NLLB_DIR,
    NLLB_MADEUP_WORDS,
    make_multilingual_models,
)

TEXT = "Presiden Joko Widodo meresmikan jalan tol baru di Jawa Tengah."
CT2_FILES = {"config.json", "model.bin", "shared_vocabulary.json"}


@pytest.fixture(scope="module")
def models(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return make_multilingual_models(tmp_path_factory.mktemp("multilingual"))


@pytest.fixture(scope="module")
def converted(models: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each model through CTranslate2's converter at int8, with no files copied beside it."""
    out = tmp_path_factory.mktemp("ct2")
    converted = {}
    for name, path in models.items():
        converter = ctranslate2.converters.TransformersConverter(str(path))
        converted[name] = Path(converter.convert(str(out / name), quantization="int8"))
    return converted


def _load(path: Path) -> tuple[Any, Any]:
    return AutoTokenizer.from_pretrained(path), AutoModelForSeq2SeqLM.from_pretrained(path).eval()


def _greedy(model: Any, inputs: Any, **kwargs: Any) -> list[int]:
    with torch.inference_mode():
        return model.generate(**inputs, num_beams=1, max_new_tokens=6, **kwargs)[0].tolist()


def _ct2_greedy(directory: Path, source: list[str], prefix: list[str] | None = None) -> list[str]:
    translator = ctranslate2.Translator(str(directory), device="cpu", compute_type="int8")
    result = translator.translate_batch(
        [source], target_prefix=[prefix] if prefix else None, beam_size=1, max_decoding_length=6
    )
    return list(result[0].hypotheses[0])


def _ct2_vocabulary(directory: Path) -> list[str]:
    return list(json.loads((directory / "shared_vocabulary.json").read_text(encoding="utf-8")))


def test_directories_have_stable_names(models: dict[str, Path]) -> None:
    assert {name: path.name for name, path in models.items()} == {
        "marian-en-es": MARIAN_EN_ES_DIR, "marian-en-mul": MARIAN_EN_MUL_DIR,
        "nllb": NLLB_DIR, "m2m100": M2M100_DIR,
    }  # fmt: skip
    assert len({path.parent for path in models.values()}) == 1


def test_rebuilding_gives_the_same_weights(models: dict[str, Path], tmp_path: Path) -> None:
    """Golden outputs on these models need the same weights on every build."""
    again = make_multilingual_models(tmp_path)
    for name, path in models.items():
        assert (path / "model.safetensors").read_bytes() == (
            again[name] / "model.safetensors"
        ).read_bytes(), name


def test_marian_en_es_is_a_one_pair_opus_mt(models: dict[str, Path], converted: dict[str, Path]) -> None:
    tokenizer, model = _load(models["marian-en-es"])
    assert (type(tokenizer).__name__, tokenizer.source_lang, tokenizer.target_lang) == (
        "MarianTokenizer",
        "en",
        "es",
    )
    assert model.config.pad_token_id == model.config.decoder_start_token_id == len(tokenizer) - 1
    inputs = tokenizer(TEXT, return_tensors="pt")
    assert tokenizer.convert_ids_to_tokens(inputs.input_ids[0])[-1] == "</s>"
    output = _greedy(model, inputs)
    assert output[0] == model.config.decoder_start_token_id
    # CTranslate2 drops <pad> (it starts the decoder from a zero embedding instead).
    vocabulary = json.loads((models["marian-en-es"] / "vocab.json").read_text(encoding="utf-8"))
    assert _ct2_vocabulary(converted["marian-en-es"]) == [t for t in vocabulary if t != "<pad>"]
    source = tokenizer.convert_ids_to_tokens(inputs.input_ids[0])
    assert set(_ct2_greedy(converted["marian-en-es"], source)) <= set(vocabulary) - {"<pad>"}


def test_marian_en_mul_takes_the_target_language_as_the_first_source_token(
    models: dict[str, Path], converted: dict[str, Path]
) -> None:
    tokenizer, model = _load(models["marian-en-mul"])
    assert set(MARIAN_MUL_LANGUAGE_TOKENS) <= set(tokenizer.supported_language_codes)
    vocabulary = json.loads((models["marian-en-mul"] / "vocab.json").read_text(encoding="utf-8"))
    assert list(vocabulary)[:4] == ["</s>", "<unk>", ">>spa<<", ">>fra<<"]
    for token in MARIAN_MUL_LANGUAGE_TOKENS:
        assert tokenizer.tokenize(f"{token} Hello")[0] == token
    inputs = tokenizer(f">>spa<< {TEXT}", return_tensors="pt")
    pieces = tokenizer.convert_ids_to_tokens(inputs.input_ids[0])
    assert pieces[0] == ">>spa<<" and pieces[1].startswith("▁") and pieces[-1] == "</s>"
    assert pieces[1:] == tokenizer.convert_ids_to_tokens(tokenizer(TEXT).input_ids)
    # The language tokens are not special tokens: decoding keeps them even with skip_special_tokens.
    assert tokenizer.decode(inputs.input_ids[0], skip_special_tokens=True).startswith(">>spa<< ")
    # Only at the very start is it a language token; elsewhere sentencepiece splits it.
    assert ">>spa<<" not in tokenizer.tokenize(f"Hello >>spa<< {TEXT}")
    # The target side carries no language token: decoding starts from <pad> as in one-pair models.
    output = _greedy(model, inputs)
    assert output[0] == model.config.decoder_start_token_id
    assert _ct2_vocabulary(converted["marian-en-mul"])[2] == ">>spa<<"
    assert not set(_ct2_greedy(converted["marian-en-mul"], pieces)) & {"<pad>", *MARIAN_MUL_LANGUAGE_TOKENS}


def test_nllb_has_the_real_id_layout(models: dict[str, Path]) -> None:
    from transformers.models.nllb.tokenization_nllb import FAIRSEQ_LANGUAGE_CODES

    tokenizer, model = _load(models["nllb"])
    processor = spm.SentencePieceProcessor(model_file=str(models["nllb"] / "sentencepiece.bpe.model"))
    assert type(tokenizer).__name__ == "NllbTokenizer" and not tokenizer.legacy_behaviour
    assert tokenizer.convert_tokens_to_ids(["<s>", "<pad>", "</s>", "<unk>"]) == [0, 1, 2, 3]
    codes = tokenizer.convert_tokens_to_ids(list(FAIRSEQ_LANGUAGE_CODES))
    # As in nllb-200: codes right after the spm pieces (spm size + fairseq offset 1), <mask> last.
    assert codes == list(range(processor.get_piece_size() + 1, processor.get_piece_size() + 1 + 202))
    assert tokenizer.convert_tokens_to_ids("<mask>") == len(tokenizer) - 1
    assert model.config.vocab_size == len(tokenizer) + NLLB_MADEUP_WORDS
    config = model.config
    assert config.model_type == "m2m_100" and config.activation_function == "relu"
    assert config.scale_embedding and config.tie_word_embeddings
    assert (config.bos_token_id, config.pad_token_id, config.eos_token_id, config.decoder_start_token_id) == (
        0,
        1,
        2,
        2,
    )


def test_nllb_puts_the_source_code_first_and_forces_the_target_code(
    models: dict[str, Path], converted: dict[str, Path]
) -> None:
    tokenizer, model = _load(models["nllb"])
    tokenizer.src_lang = "ind_Latn"
    inputs = tokenizer(TEXT, return_tensors="pt")
    ids = inputs.input_ids[0].tolist()
    pieces = tokenizer.convert_ids_to_tokens(ids)
    assert pieces[0] == "ind_Latn" and pieces[-1] == "</s>"
    # A sentencepiece-only tokenizer gets the same ids with fairseq's offset of 1.
    processor = spm.SentencePieceProcessor(model_file=str(models["nllb"] / "sentencepiece.bpe.model"))
    assert ids[1:-1] == [i + 1 for i in processor.encode(TEXT)]
    assert pieces[1:-1] == processor.encode(TEXT, out_type=str)
    assert tokenizer.decode(ids, skip_special_tokens=True) == TEXT
    english = tokenizer.convert_tokens_to_ids("eng_Latn")
    output = _greedy(model, inputs, forced_bos_token_id=english)
    assert output[:2] == [2, english]  # decoder start </s>, then the forced language code
    assert not tokenizer.decode(output, skip_special_tokens=True).startswith("eng_Latn")
    tokenizer.tgt_lang = "eng_Latn"
    assert tokenizer.convert_ids_to_tokens(tokenizer(text_target="Hello").input_ids)[0] == "eng_Latn"

    ct2 = converted["nllb"]
    assert {p.name for p in ct2.iterdir()} == CT2_FILES
    vocabulary = _ct2_vocabulary(ct2)
    assert vocabulary == [
        *tokenizer.convert_ids_to_tokens(range(len(tokenizer))),
        "madeupword0",
        "madeupword1",
    ]
    assert _ct2_greedy(ct2, pieces, ["eng_Latn"])[0] == "eng_Latn"


def test_nllb_converts_with_its_sentencepiece_model_beside_it(
    models: dict[str, Path], tmp_path: Path
) -> None:
    """What a service that tokenizes with ``sentencepiece`` alone needs next to model.bin."""
    converter = ctranslate2.converters.TransformersConverter(
        str(models["nllb"]), copy_files=["sentencepiece.bpe.model"]
    )
    out = Path(converter.convert(str(tmp_path / "ct2"), quantization="int8"))
    assert {p.name for p in out.iterdir()} == CT2_FILES | {"sentencepiece.bpe.model"}
    processor = spm.SentencePieceProcessor(model_file=str(out / "sentencepiece.bpe.model"))
    source = ["zsm_Latn", *processor.encode(TEXT, out_type=str), "</s>"]
    assert _ct2_greedy(out, source, ["spa_Latn"])[0] == "spa_Latn"


def test_m2m100_puts_the_source_token_first_and_forces_the_target_token(
    models: dict[str, Path], converted: dict[str, Path]
) -> None:
    tokenizer, model = _load(models["m2m100"])
    assert type(tokenizer).__name__ == "M2M100Tokenizer"
    assert {"vocab.json", "sentencepiece.bpe.model"} <= {p.name for p in models["m2m100"].iterdir()}
    vocabulary = json.loads((models["m2m100"] / "vocab.json").read_text(encoding="utf-8"))
    assert len(tokenizer) == len(vocabulary) + 100
    assert tokenizer.convert_tokens_to_ids("__af__") == len(vocabulary)
    assert model.config.vocab_size == len(tokenizer) + tokenizer.num_madeup_words
    assert tokenizer.tokenize("__en__ Hello")[0] == "__en__"
    tokenizer.src_lang = "id"
    inputs = tokenizer(TEXT, return_tensors="pt")
    ids = inputs.input_ids[0].tolist()
    pieces = tokenizer.convert_ids_to_tokens(ids)
    assert pieces[0] == "__id__" and pieces[-1] == "</s>"
    processor = spm.SentencePieceProcessor(model_file=str(models["m2m100"] / "sentencepiece.bpe.model"))
    assert pieces[1:-1] == processor.encode(TEXT, out_type=str)
    # vocab.json is fairseq's frequency-ordered dictionary: look pieces up, no fixed offset from spm ids.
    assert ids[1:-1] == [vocabulary[p] for p in pieces[1:-1]] != [i + 1 for i in processor.encode(TEXT)]
    assert tokenizer.decode(ids, skip_special_tokens=True) == TEXT
    english = tokenizer.get_lang_id("en")
    assert english == tokenizer.convert_tokens_to_ids("__en__")
    output = _greedy(model, inputs, forced_bos_token_id=english)
    assert output[:2] == [2, english]

    ct2 = converted["m2m100"]
    assert {p.name for p in ct2.iterdir()} == CT2_FILES
    madeup = [f"madeupword{i}" for i in range(tokenizer.num_madeup_words)]
    assert _ct2_vocabulary(ct2) == [*tokenizer.convert_ids_to_tokens(range(len(tokenizer))), *madeup]
    assert _ct2_greedy(ct2, pieces, ["__en__"])[0] == "__en__"
