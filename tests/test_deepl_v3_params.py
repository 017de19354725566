"""DeepL's ``/v3/glossaries`` parameters as models (``service/deepl_v3_params.py``): a dictionary's fault
is named down to its member, in DeepL's words, whether deepl-python sent JSON or deepl-node form fields,
and ``/openapi.json`` describes the operations by those models. ``tests/test_glossary_pairs.py`` drives
the operations themselves with DeepL's client."""

from __future__ import annotations

from typing import Any

from service.openapi import build
from workers.settings import Settings

JSON = "application/json"
DICTIONARY = {"source_lang": "ID", "target_lang": "EN-US", "entries": "Jakarta\tJakarta City"}


def test_a_dictionarys_fault_names_its_member_and_nothing_is_made(client: Any) -> None:
    sent = {"name": "Desk", "dictionaries": [DICTIONARY, {**DICTIONARY, "entries_format": "xls"}]}
    refused = client.post("/v3/glossaries", json=sent)
    assert refused.status_code == 400
    assert refused.get_json() == {
        "message": "Value for 'dictionaries[1].entries_format' not supported; send tsv or csv."
    }
    form = {"name": "Desk", **{f"dictionaries[0].{k}": v for k, v in DICTIONARY.items()}}
    unnamed = client.post("/v3/glossaries", data={**form, "dictionaries[0].entries": ""})
    assert unnamed.get_json()["message"] == "Parameter 'dictionaries[0].entries' not specified."
    assert client.get("/v3/glossaries").get_json() == {"glossaries": []}
    made = client.post("/v3/glossaries", data={**form, "dictionaries[0].entries_format": "TSV"})
    assert made.status_code == 201, made.get_json()
    assert made.get_json()["dictionaries"] == [{"source_lang": "id", "target_lang": "en", "entry_count": 1}]


def _ref(model: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{model}"}


def test_the_v3_operations_are_described_by_the_models() -> None:
    document = build(Settings(), "test")
    create = document["paths"]["/v3/glossaries"]["post"]
    assert create["requestBody"]["content"][JSON]["schema"] == _ref("DeepLV3GlossaryCreate")
    assert create["responses"]["201"]["content"][JSON]["schema"] == _ref("DeepLV3Glossary")
    schemas = document["components"]["schemas"]
    listed = schemas["DeepLV3GlossaryCreate"]["properties"]["dictionaries"]
    assert listed["items"] == _ref("DeepLV3Dictionary") and listed["minItems"] == 1
    assert schemas["DeepLV3Dictionary"]["properties"]["entries_format"]["enum"] == ["tsv", "csv"]
    entries = document["paths"]["/v3/glossaries/{glossary_id}/entries"]["get"]
    assert [p["name"] for p in entries["parameters"] if p["in"] == "query"] == ["source_lang", "target_lang"]
    assert "DeepLV3PairQuery" not in schemas, "a query is described as parameters"
