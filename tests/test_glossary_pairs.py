"""Glossaries per pair: the default glossary of every pair, stored glossaries with their pair, DeepL's
``/v2`` glossaries for any served pair and its ``/v3`` multilingual glossaries, driven by the real
``deepl`` client against a live server and worker serving id→en and the tiny en→es Marian."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import deepl
import pytest
from deepl.api_data import MultilingualGlossaryDictionaryEntries as Dictionary

from glossary.default import default_for, default_glossary
from glossary.model import Glossary, Term
from workers.contract.job import JobOptions
from workers.lang import profile
from workers.matchers import MatcherCache
from workers.model_table import FLAGSHIP, LanguagePair
from workers.stages import job_matcher
from workers.store.glossaries import SHARED, GlossaryStore
from workers.store.jobs import JobStore

EN_ES = LanguagePair("en", "es")
ENGLISH = "The president of Germany arrived in Madrid on Monday."


def _targets(glossary: Glossary) -> dict[str, str]:
    return {s: t.target for t in glossary.terms for s in t.sources}


def test_the_indonesian_english_default_glossary_is_unchanged():
    glossary = default_glossary()
    assert default_for("id", "en") is glossary
    assert len(glossary) == 847 and (glossary.source, glossary.target) == ("id", "en")
    names = _targets(glossary)
    assert names["Korea Utara"] == names["Korut"] == "North Korea"
    assert names["Pantai Gading"] == "Ivory Coast" and names["Tiongkok"] == "China"
    assert names["Jerman"] == "Germany" and names["Putin"] == "Putin"


def test_every_other_pair_has_cldr_names_in_both_languages():
    spanish = default_for("en", "es")
    assert (spanish.name, spanish.source, spanish.target) == ("default", "en", "es")
    names = _targets(spanish)
    assert names["Germany"] == "Alemania" and names["United States"] == "Estados Unidos"
    assert "Korut" not in names, "the curated Indonesian names are id→en's only"
    assert _targets(default_for("es", "en"))["Alemania"] == "Germany"
    assert default_for("en", "es") is spanish, "one object per pair: the matcher cache keeps its matcher"
    assert len(default_for("zz", "en")) == 0, "a language CLDR does not know has no names to give"


def test_a_job_matches_each_pair_with_its_own_glossary_and_language(tmp_path: Path):
    store = GlossaryStore(JobStore(f"sqlite:///{tmp_path / 'store.db'}").engine)
    spanish = Glossary("desk", (Term("madrid", "Madriz", ("Madrid",)),), source="en", target="es")
    version = store.put(spanish, "desk", SHARED)
    assert (store.get("desk").source, store.get("desk").target) == ("en", "es")
    cache = MatcherCache()
    options = JobOptions(glossary="desk", glossary_version=version, glossary_shared=True)
    matchers = job_matcher(options, "", store, cache)
    found = {m.text: m.term.target for m in matchers(EN_ES).find(ENGLISH)}
    assert found == {"Germany": "Alemania", "Madrid": "Madriz"}
    assert matchers(EN_ES) is job_matcher(options, "", store, cache)(EN_ES), "kept per version and pair"
    assert matchers(EN_ES).words == profile("en").words
    # The glossary is for en→es: an Indonesian article of the same job gets id→en's default alone.
    indonesian = {m.text: m.term.target for m in matchers(FLAGSHIP).find("Presiden Jerman tiba di Madrid.")}
    assert indonesian == {"Jerman": "Germany"}
    assert matchers(FLAGSHIP).words == profile("id").words
    assert job_matcher(JobOptions(glossary=None), "", store, cache)(EN_ES) is None


def test_v1_glossaries_take_a_pair_and_default_to_indonesian_english(served_with):
    client, _app, _worker = served_with()
    put = client.put("/v1/glossaries/es-desk?source_lang=EN&target_lang=es", data="Madrid\tMadriz\n",
                     content_type="text/tab-separated-values")  # fmt: skip
    assert put.status_code == 201, put.get_json()
    assert client.get("/v1/glossaries/es-desk").headers["X-Glossary-Languages"] == "en-es"
    plain = client.put("/v1/glossaries/plain", data="Jakarta\tJakarta City\n",
                       content_type="text/tab-separated-values")  # fmt: skip
    assert plain.status_code == 201
    assert client.get("/v1/glossaries/plain").headers["X-Glossary-Languages"] == "id-en"
    bad = client.put("/v1/glossaries/bad?source_lang=auto", data="Aceh,Aceh\n", content_type="text/csv")
    assert bad.status_code == 422 and bad.get_json()["field"] == "source_lang"
    listed = {
        g["name"]: (g["source_lang"], g["target_lang"])
        for g in client.get("/v1/glossaries").json["glossaries"]
    }
    assert listed["es-desk"] == ("en", "es") and listed["plain"] == ("id", "en")
    # A job names a glossary of its own pair: another pair's would silently apply to nothing.
    job = {
        "articles": [{"text": "Presiden Joko Widodo tiba di Jakarta pada hari Senin."}],
        "glossary": "es-desk",
    }
    refused = client.post("/v1/jobs", json=job)
    assert refused.status_code == 422 and refused.get_json()["code"] == "glossary_pair_mismatch"
    assert "en→es" in refused.get_json()["detail"] and refused.get_json()["field"] == "glossary"
    assert client.post("/v1/jobs", json={**job, "glossary": "plain"}).status_code == 202


def _terms(
    app: Any, key: str, glossary: str | None, source: str = "en", target: str = "es"
) -> dict[str, str]:
    """The terms ``/v1/translate`` reports for ENGLISH with ``glossary`` (a DeepL glossary's stored name)."""
    body = {"text": ENGLISH, "source_lang": source, "target_lang": target, "glossary": glossary}
    answer = app.test_client().post("/v1/translate", json=body, headers={"Authorization": f"Bearer {key}"})
    assert answer.status_code == 200, answer.get_json()
    return {t["source"]: t["target"] for t in answer.get_json()["translations"][0]["terms"]}


def test_deepl_v2_glossaries_keep_their_pair(spanish_served, tmp_path):
    url, key, app = spanish_served
    translator = deepl.Translator(key, server_url=url)
    pairs = {(p.source_lang, p.target_lang) for p in translator.get_glossary_languages()}
    assert {("id", "en"), ("en", "es")} <= pairs
    made = translator.create_glossary("Ferias", "EN", "ES", {"Madrid": "Madriz"})
    assert (made.source_lang, made.target_lang) == ("EN", "ES")
    listed = {g.glossary_id: (g.source_lang, g.target_lang) for g in translator.list_glossaries()}
    assert listed == {made.glossary_id: ("EN", "ES")}
    assert translator.get_glossary_entries(made) == {"Madrid": "Madriz"}
    assert _terms(app, key, made.glossary_id).items() >= {"Germany": "Alemania", "Madrid": "Madriz"}.items()
    # The tiny model's Spanish is noise: what the glossary did is read from the terms /v1 reports above.
    assert translator.translate_text(ENGLISH, source_lang="EN", target_lang="ES", glossary=made).text
    original, translated = tmp_path / "fair.txt", tmp_path / "fair.es.txt"
    original.write_text(f"{ENGLISH}\n", encoding="utf-8")
    translator.translate_document_from_filepath(original, translated, source_lang="EN", target_lang="ES",
                                                glossary=made)  # fmt: skip
    assert translated.read_text(encoding="utf-8").strip()
    with pytest.raises(deepl.DeepLException, match="en -> es, not id -> en"):
        translator.translate_text(
            "Harga beras naik.", source_lang="ID", target_lang="EN-US", glossary=made.glossary_id
        )
    with pytest.raises(deepl.DeepLException, match="Unsupported glossary language pair"):
        translator.create_glossary("Nein", "EN", "DE", {"Madrid": "Madrid"})


def test_deepl_v3_multilingual_glossaries(spanish_served):
    url, key, app = spanish_served
    client = deepl.DeepLClient(key, server_url=url)
    spanish = Dictionary("EN", "ES", {"Madrid": "Madriz"})
    english = Dictionary("ID", "EN-US", {"Jakarta": "Jakarta City"})
    made = client.create_multilingual_glossary("Desk", [spanish, english])
    assert made.name == "Desk" and len(made.glossary_id) == 36
    pairs = {(d.source_lang, d.target_lang): d.entry_count for d in made.dictionaries}
    assert pairs == {("EN", "ES"): 1, ("ID", "EN"): 1}
    assert [g.glossary_id for g in client.list_multilingual_glossaries()] == [made.glossary_id]
    assert client.translate_text(ENGLISH, source_lang="EN", target_lang="ES", glossary=made).text
    assert _terms(app, key, f"{made.glossary_id}.en-es")["Madrid"] == "Madriz"

    renamed = client.update_multilingual_glossary_name(made, "Foreign desk")
    assert (
        renamed.name == "Foreign desk"
        and client.get_multilingual_glossary(made.glossary_id).name == renamed.name
    )
    merged = client.update_multilingual_glossary_dictionary(
        made, Dictionary("EN", "ES", {"Monday": "Lunes", "Madrid": "Madrí"})
    )
    assert {(d.source_lang, d.target_lang): d.entry_count for d in merged.dictionaries}[("EN", "ES")] == 2
    entries = client.get_multilingual_glossary_entries(made, "EN", "ES").dictionaries[0]
    assert (entries.source_lang, entries.target_lang) == ("en", "es")
    assert entries.entries == "Madrid\tMadrí\nMonday\tLunes\n" or set(entries.entries.splitlines()) == {
        "Madrid\tMadrí", "Monday\tLunes"}  # fmt: skip

    replaced = client.replace_multilingual_glossary_dictionary(
        made, Dictionary("EN", "ES", {"Germany": "Germania"})
    )
    assert (replaced.source_lang, replaced.target_lang, replaced.entry_count) == ("EN", "ES", 1)
    stored = client.get_multilingual_glossary_entries(made, "EN", "ES").dictionaries[0].entries
    assert stored.strip() == "Germany\tGermania"
    # The stored dictionary wins over the pair's default glossary (CLDR's "Alemania").
    dictionary = f"{made.glossary_id}.en-es"
    assert _terms(app, key, dictionary)["Germany"] == "Germania"

    client.delete_multilingual_glossary_dictionary(made, source_lang="ID", target_lang="EN")
    left = client.get_multilingual_glossary(made.glossary_id).dictionaries
    assert [(d.source_lang, d.target_lang) for d in left] == [("EN", "ES")]
    with pytest.raises(deepl.DeepLException, match="no dictionary for id -> en"):
        client.translate_text("Harga beras naik.", source_lang="ID", target_lang="EN-US", glossary=made)
    # The client asks for the source itself; a request without one is refused here too.
    body = {"text": [ENGLISH], "target_lang": "ES", "glossary_id": made.glossary_id}
    unnamed = app.test_client().post(
        "/v2/translate", json=body, headers={"Authorization": f"DeepL-Auth-Key {key}"}
    )
    assert unnamed.status_code == 400 and "source_lang" in unnamed.get_json()["message"]
    assert client.list_glossaries() == [], "a multilingual glossary is not one of /v2's"

    client.delete_multilingual_glossary(made)
    assert client.list_multilingual_glossaries() == []
    with pytest.raises(deepl.GlossaryNotFoundException):
        client.get_multilingual_glossary(made.glossary_id)
    with pytest.raises(deepl.DeepLException):
        client.translate_text(ENGLISH, source_lang="EN", target_lang="ES", glossary=made.glossary_id)
