"""Every surface takes the pair: jobs (``source_lang: auto`` per article), ``/v1/translate``, and DeepL's
client for a pair without Indonesian, against a live worker serving the tiny second models."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import time
from typing import Any

import deepl
import pytest

from workers.model_table import LanguagePair
from workers.models import ModelRegistry

pytestmark = pytest.mark.integration
INDONESIAN = "Presiden Joko Widodo tiba di Jakarta pada hari Senin untuk membuka pameran dagang."
SPANISH = "El presidente llegó a Madrid el lunes para inaugurar una feria comercial internacional."
ENGLISH = "The president arrived in London on Monday to open an international trade fair."


def _finished(client: Any, job_id: str, timeout: float = 180.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = client.get(f"/v1/jobs/{job_id}").get_json()
        if job["status"] in ("succeeded", "failed", "canceled"):
            return job
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} did not finish: {job}")


def test_a_job_of_two_languages_under_auto_translates_each_from_its_own(served_with, tiny_pair_models):
    pairs = f"*={tiny_pair_models['nllb']}"
    client, app, _worker = served_with(mt_models=pairs, mt_backend="transformers")
    body = {"articles": [{"id": "jakarta", "text": INDONESIAN}, {"id": "madrid", "text": SPANISH}],
            "tasks": ["translate"], "source_lang": "auto", "target_lang": "EN", "glossary": None}  # fmt: skip
    answer = client.post("/v1/jobs", json=body)
    assert answer.status_code == 202, answer.get_json()
    job = _finished(client, answer.get_json()["id"])
    assert job["status"] == "succeeded", job
    assert job["options"]["source_lang"] == "auto" and job["options"]["target_lang"] == "en"
    result = client.get(f"/v1/jobs/{job['id']}/result").get_json()
    found = {a["id"]: a for a in result["articles"]}
    assert found["jakarta"]["language"]["source_lang"] == "id"
    assert found["madrid"]["language"]["source_lang"] == "es"
    # Each article went through its own pair: id→en by the tiny Marian (its own entry wins), es→en by NLLB
    # (the names a model drops are put back around its words, so the model's text is within).
    registry = ModelRegistry(dataclasses.replace(app.extensions["warta.settings"], mt_backend="transformers"))
    pair_of_marian = LanguagePair("id", "en")
    for article, pair in (("jakarta", pair_of_marian), ("madrid", LanguagePair("es", "en"))):
        sentence = found[article]["paragraphs"][0][0]
        made = registry.translator(pair).translate_batch([sentence["source"]])[0]
        # The other model's text is not: NLLB (as ms→en) for the Indonesian, the Marian for the Spanish.
        other = registry.translator(LanguagePair("ms", "en") if pair.source == "id" else pair_of_marian)
        assert made in sentence["target"]
        assert other.translate_batch([sentence["source"]])[0] not in sentence["target"]


def test_a_job_refuses_an_unserved_pair_and_text_in_another_language(served_with):
    client, _app, _worker = served_with()
    refused = client.post("/v1/jobs", json={"articles": [{"text": INDONESIAN}], "target_lang": "de"})
    assert refused.status_code == 400
    problem = refused.get_json()
    assert problem["code"] == "pair_not_served" and problem["field"] == "target_lang"
    assert "id-en" in problem["detail"]
    wrong = client.post("/v1/jobs", json={"articles": [{"text": ENGLISH}], "source_lang": "id"})
    assert wrong.status_code == 422 and wrong.get_json()["code"] == "unsupported_language"
    bad = client.post("/v1/jobs", json={"articles": [{"text": INDONESIAN}], "source_lang": "indonesian"})
    assert bad.status_code == 422 and bad.get_json()["field"] == "source_lang"


def test_v1_translate_takes_the_pair(served_with, tiny_pair_models):
    client, _app, _worker = served_with(mt_models=f"en-es={tiny_pair_models['marian-en-es']}")
    answer = client.post("/v1/translate", json={"text": ENGLISH, "source_lang": "en", "target_lang": "es"})
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["translations"][0]["text"].strip()
    unserved = client.post("/v1/translate", json={"text": ENGLISH, "source_lang": "en", "target_lang": "de"})
    assert unserved.status_code == 400 and unserved.get_json()["code"] == "pair_not_served"


def test_deepl_python_translates_text_and_documents_for_a_pair_without_indonesian(spanish_served, tmp_path):
    url, key, _app = spanish_served
    translator = deepl.Translator(key, server_url=url)
    sources = {language.code for language in translator.get_source_languages()}
    targets = {language.code for language in translator.get_target_languages()}
    assert {"EN", "ID"} <= sources and {"ES", "EN-GB", "EN-US"} <= targets
    spanish = translator.translate_text(ENGLISH, source_lang="EN", target_lang="ES")
    assert spanish.text.strip() and spanish.detected_source_lang == "EN"
    guessed = translator.translate_text(ENGLISH, target_lang="ES")  # no source: identified, as DeepL does
    assert guessed.detected_source_lang == "EN"
    with pytest.raises(deepl.DeepLException, match="not served"):
        translator.translate_text(ENGLISH, source_lang="EN", target_lang="DE")
    original, translated = tmp_path / "fair.txt", tmp_path / "fair.es.txt"
    original.write_text(f"{ENGLISH}\n\nThe fair opens on Tuesday.\n", encoding="utf-8")
    translator.translate_document_from_filepath(original, translated, source_lang="EN", target_lang="ES")
    lines = translated.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3 and lines[0].strip() and lines[0] != ENGLISH


def test_the_language_lists_follow_what_live_workers_report(served_with, tiny_pair_models):
    client, _app, _worker = served_with(mt_models=f"en-es={tiny_pair_models['marian-en-es']}")
    languages = {entry["code"]: entry for entry in client.get("/languages").get_json()}
    assert languages["en"]["targets"] == ["en", "es"] and languages["id"]["targets"] == ["en", "id"]
    assert languages["es"]["name"] == "Spanish" and languages["es"]["targets"] == ["es"]


def test_the_human_memory_is_kept_by_pair_and_tmx_carries_its_languages(served_with, tiny_pair_models):
    from translate.storage import tmx as toolkit_tmx

    client, app, _worker = served_with(mt_models=f"en-es={tiny_pair_models['marian-en-es']}")
    _, token = app.extensions["warta.keys"].create("desk")
    me = {"Authorization": f"Bearer {token}"}
    spanish = "El presidente inauguró la feria comercial el lunes."
    store = toolkit_tmx.tmxfile(sourcelanguage="en", targetlanguage="es")
    store.addtranslation(ENGLISH, "en", spanish, "es")
    put = client.put("/v1/memory", data=bytes(store), headers={**me, "Content-Type": "application/x-tmx+xml"})
    assert put.status_code == 200, put.get_json()
    assert (put.json["source_lang"], put.json["target_lang"], put.json["imported"]) == ("en", "es", 1)
    # The person's Spanish answers the sentence for en→es, and id→en's memory is another one.
    answer = client.post("/v1/translate", json={"text": ENGLISH, "source_lang": "en", "target_lang": "es"},
                         headers=me)  # fmt: skip
    assert answer.get_json()["translations"][0]["text"] == spanish
    counted = client.get(
        "/v1/memory?source_lang=id&target_lang=en", headers={**me, "Accept": "application/json"}
    )
    assert counted.get_json()["units"] == 0
    exported = client.get("/v1/memory?source_lang=en&target_lang=es", headers=me)
    units = toolkit_tmx.tmxfile.parsestring(exported.data).units
    assert [(u.source, u.target) for u in units] == [(ENGLISH, spanish)]
    assert b'srclang="en"' in exported.data


NODE_PAIR_SCRIPT = """
const deepl = require('deepl-node');
const fs = require('fs');
(async () => {
  const t = new deepl.DeepLClient(process.env.KEY, {serverUrl: process.env.URL, maxRetries: 0});
  const text = await t.translateText(process.env.TEXT, 'en', 'es');
  const guessed = await t.translateText(process.env.TEXT, null, 'es');
  const sources = (await t.getSourceLanguages()).map(l => l.code);
  const targets = (await t.getTargetLanguages()).map(l => l.code);
  const terms = (entries) => new deepl.GlossaryEntries({entries});
  const g = await t.createGlossary('Ferias', 'en', 'es', terms({fair: 'feria'}));
  const used = await t.translateText(process.env.TEXT, 'en', 'es', {glossary: g});
  const m = await t.createMultilingualGlossary('Both', [
    {sourceLangCode: 'en', targetLangCode: 'es', entries: terms({fair: 'feria'})},
    {sourceLangCode: 'id', targetLangCode: 'en', entries: terms({pameran: 'fair'})},
  ]);
  const dict = await t.getMultilingualGlossaryDictionaryEntries(m, 'en', 'es');
  const viaV3 = await t.translateText(process.env.TEXT, 'en', 'es', {glossary: m});
  fs.writeFileSync(process.env.DOC, process.env.TEXT + '\\n\\nThe fair opens on Tuesday.\\n');
  await t.translateDocument(process.env.DOC, process.env.OUT, 'en', 'es');
  await t.deleteGlossary(g);
  await t.deleteMultilingualGlossary(m);
  console.log(JSON.stringify({text, guessed, sources, targets, used: used.text, dict: dict.entries.entries(),
                              dictionaries: m.dictionaries.length, viaV3: viaV3.text,
                              document: fs.readFileSync(process.env.OUT, 'utf8')}));
})().catch(e => { console.error(e); process.exit(1); });
"""


def test_deepl_node_translates_a_pair_without_indonesian_with_v2_and_v3_glossaries(spanish_served, tmp_path):
    from tests.test_deepl_api import _node_client

    url, key, _app = spanish_served
    cache = _node_client()
    script = tmp_path / "pair.js"
    script.write_text(NODE_PAIR_SCRIPT, encoding="utf-8")
    env = {"PATH": os.environ["PATH"], "KEY": key, "URL": url, "TEXT": ENGLISH,
           "DOC": str(tmp_path / "fair.txt"), "OUT": str(tmp_path / "fair.es.txt"),
           "NODE_PATH": str(cache / "node_modules")}  # fmt: skip
    run = subprocess.run(["node", str(script)], capture_output=True, text=True, timeout=180, env=env)
    assert run.returncode == 0, run.stderr[-2000:]
    answer = json.loads(run.stdout)
    assert answer["text"]["detectedSourceLang"] == "en" and answer["text"]["text"].strip()
    assert answer["guessed"]["detectedSourceLang"] == "en"
    assert {"en", "id"} <= set(answer["sources"]) and {"es", "en-GB", "en-US"} <= set(answer["targets"])
    assert answer["used"].strip() and answer["viaV3"].strip() and answer["dictionaries"] == 2
    assert answer["dict"] == {"fair": "feria"}
    assert len(answer["document"].splitlines()) == 3 and answer["document"].splitlines()[0].strip()
