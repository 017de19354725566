"""What DeepL's official client suite needs of a Warta serving every language through one tiny NLLB:
the parameters its client sends accepted, DeepL's language codes and variants served, the answers'
shapes, and a clean 4xx (never a 5xx or an HTML page) for what Warta does not do. The words a random
model writes are never checked."""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Iterator
from typing import Any

import deepl
import pytest
import requests
from deepl.api_data import MultilingualGlossaryDictionaryEntries as Dictionary

from service.app import create_app
from tests.helpers import LiveServer, WorkerProcess
from workers.settings import Settings

pytestmark = pytest.mark.integration
NONEXISTENT = "96ab91fd-e715-41a1-adeb-5d701f84a483"
# DeepL's targets the official suite names, its variants and languages only NLLB's tokens spell oddly.
TARGETS = [
    *("BG", "CS", "DA", "DE", "EL", "EN-GB", "EN-US", "ES", "ET", "FI", "FR", "HU", "IT", "JA", "KO", "LT"),
    *("LV", "NB", "NL", "PL", "PT-BR", "PT-PT", "RO", "RU", "SK", "SL", "SV", "ZH", "ZH-HANS", "ZH-HANT"),
]


@dataclasses.dataclass
class Served:
    url: str
    key: str


@pytest.fixture(scope="module")
def served(
    tmp_path_factory: pytest.TempPathFactory,
    tiny_models: dict[str, str],
    tiny_pair_models: dict[str, str],
    redis_url: str,
) -> Iterator[Served]:
    """Warta as acceptance runs it: ``*=`` the tiny NLLB beside the id→en Marian, keys required, a worker."""
    tmp = tmp_path_factory.mktemp("parity")
    settings = Settings(redis_url=redis_url, database_url=f"sqlite:///{tmp / 'warta.db'}", data_dir=str(tmp),
                        queue=f"parity-{tmp.name}", mt_beams=1, sum_beams=1, sum_max_tokens=16, rate_limit="",
                        submit_rate_limit="", auth_failure_limit="", sync_timeout=120.0, require_api_key=True,
                        mt_models=f"*={tiny_pair_models['nllb']}", mt_backend="transformers",
                        **tiny_models)  # fmt: skip
    app = create_app(settings)
    _, key = app.extensions["warta.keys"].create("parity")
    worker = WorkerProcess(settings, tmp / "worker.log")
    with LiveServer(app) as server:
        yield Served(server.url, key)
    worker.stop()
    app.extensions["warta.store"].close()


@pytest.fixture
def client(served: Served, monkeypatch: pytest.MonkeyPatch) -> deepl.DeepLClient:
    """DeepL's client with its retries off, so a 5xx fails at once."""
    monkeypatch.setattr(deepl.http_client, "max_network_retries", 0)
    return deepl.DeepLClient(served.key, server_url=served.url)


def _auth(served: Served) -> dict[str, str]:
    return {"Authorization": f"DeepL-Auth-Key {served.key}"}


def _clean_4xx(error: pytest.ExceptionInfo[deepl.DeepLException]) -> None:
    status = error.value.http_status_code
    assert status is not None and 400 <= status < 500 and "Unexpected status code" not in str(error.value)


def test_every_deepl_target_is_listed_and_translated_into(client: deepl.DeepLClient) -> None:
    listed = {language.code: language for language in client.get_target_languages()}
    assert set(TARGETS) <= set(listed) and "KO-HANG" not in listed
    assert listed["DE"].supports_formality and not listed["EN-US"].supports_formality
    results = [
        client.translate_text("Protonenstrahl", source_lang="EN" if code == "DE" else "DE", target_lang=code)
        for code in TARGETS
    ]
    assert all(result.text for result in results)
    sources = {language.code for language in client.get_source_languages()}
    assert {"EN", "DE", "JA", "KO", "NB", "ZH", "PT"} <= sources
    assert client.translate_text("Protonenstrahl", target_lang="pt-pt").text


def test_the_parameters_the_client_sends_are_accepted(client: deepl.DeepLClient) -> None:
    for model_type in deepl.ModelType:
        result = client.translate_text("proton beam", target_lang="DE", model_type=model_type)
        assert result.model_type_used == str(model_type).removeprefix("prefer_")
    client.translate_text("proton beam", target_lang="DE", tag_handling="html", tag_handling_version="v2",
                          outline_detection=False, splitting_tags=["p"], non_splitting_tags="span",
                          context="", preserve_formatting=True, split_sentences="nonewlines",
                          extra_body_parameters={"enable_beta_languages": True, "debug": "1"})  # fmt: skip
    with pytest.raises(deepl.DeepLException, match="tag_handling_version"):
        client.translate_text("proton beam", target_lang="DE", tag_handling="xml", tag_handling_version="v9")


def test_formality_is_taken_where_deepl_takes_it_and_said_unapplied(
    served: Served, client: deepl.DeepLClient
) -> None:
    for formality in ("less", "more", "Less", deepl.Formality.PREFER_MORE):
        client.translate_text("How are you?", target_lang="DE", formality=formality)
    with pytest.raises(deepl.DeepLException, match=r"formality.*target_lang"):
        client.translate_text("Test", target_lang="EN-US", formality="more")
    body = {"text": ["Hi"], "target_lang": "DE", "formality": "less"}
    answer = requests.post(f"{served.url}/v2/translate", headers=_auth(served), json=body, timeout=120)
    assert answer.status_code == 200 and answer.headers["Warta-Formality"].startswith("not-applied")


def test_ignored_tags_and_translate_no_are_kept_as_written(client: deepl.DeepLClient) -> None:
    xml = "<doc><title>A title</title><raw>Not <b>this</b> one.</raw><raw/></doc>"
    result = client.translate_text(xml, target_lang="DE", tag_handling="xml", ignore_tags="raw")
    assert "<raw>Not <b>this</b> one.</raw><raw/>" in result.text
    assert result.billed_characters == len(xml)
    page = '<h1>My heading</h1><p translate="no">My first paragraph.</p>'
    marked = client.translate_text(page, target_lang="DE", tag_handling="html")
    assert '<p translate="no">My first paragraph.</p>' in marked.text


def test_what_warta_does_not_do_is_a_clean_4xx(served: Served, client: deepl.DeepLClient) -> None:
    calls = [
        lambda: client.rephrase_text("proton beam", target_lang="EN-GB"),
        lambda: client.create_style_rule(name="Rule", language="en"),
        lambda: client.get_all_style_rules(),
        lambda: client.create_style_rule_custom_instruction("some-id", label="L", prompt="P"),
        lambda: client.list_translation_memories(),
        lambda: client.translate_text("Hi", target_lang="DE", custom_instructions=["Be brief"]),
        lambda: client.translate_text("Hi", target_lang="EN-US", style_rule=NONEXISTENT),
        lambda: client.translate_text("Hi", target_lang="EN-US", translation_memory=NONEXISTENT),
    ]
    for call in calls:
        with pytest.raises(deepl.DeepLException) as error:
            call()
        _clean_4xx(error)
    answer = requests.get(
        f"{served.url}/v3/unknown", headers={"Authorization": f"DeepL-Auth-Key {served.key}"}
    )
    assert answer.status_code == 404 and "/v3/unknown" in answer.json()["message"]


def test_an_unknown_file_type_says_invalid_file(client: deepl.DeepLClient, tmp_path: Any) -> None:
    source = tmp_path / "document.invalid"
    source.write_text("proton beam")
    with pytest.raises(deepl.DeepLException, match="Invalid file"):
        client.translate_document_from_filepath(source, tmp_path / "out.invalid", target_lang="DE")


def test_multilingual_dictionaries_keep_their_order_and_entries_their_tsv(client: deepl.DeepLClient) -> None:
    sent = [Dictionary("EN", "DE", {"Hello": "Hallo"}), Dictionary("DE", "EN", {"Hallo": "Hello"})]
    glossary = client.create_multilingual_glossary("parity", sent)
    try:
        for made in (glossary, client.get_multilingual_glossary(glossary.glossary_id)):
            assert [(d.source_lang, d.target_lang) for d in made.dictionaries] == [("EN", "DE"), ("DE", "EN")]
        client.replace_multilingual_glossary_dictionary(glossary, Dictionary("EN", "DE", {"Apple": "Apfel"}))
        entries = client.get_multilingual_glossary_entries(glossary, "EN", "DE").dictionaries[0].entries
        assert entries == deepl.convert_dict_to_tsv({"Apple": "Apfel"})
        client.translate_text(["Apfel"], source_lang="DE", target_lang="EN-US", glossary=glossary)
    finally:
        client.delete_multilingual_glossary(glossary)
    with pytest.raises(deepl.GlossaryNotFoundException):
        client.get_multilingual_glossary(NONEXISTENT)


def test_a_text_or_document_into_its_own_language_comes_back_as_it_is(client: deepl.DeepLClient) -> None:
    """DeepL takes EN into EN-US and PT into PT-BR: the text unchanged, as DeepL's own suite expects."""
    result = client.translate_text("proton beam", source_lang="EN", target_lang="EN-US")
    assert (result.text, result.detected_source_lang) == ("proton beam", "EN")
    assert client.translate_text("feixe", source_lang="PT", target_lang="PT-BR").text == "feixe"
    out = io.BytesIO()
    client.translate_document(io.BytesIO(b"proton beam\n"), out, source_lang="EN", target_lang="EN-GB",
                              filename="a.txt")  # fmt: skip
    assert out.getvalue() == b"proton beam\n"
