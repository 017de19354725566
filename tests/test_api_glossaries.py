"""``/v1/glossaries``: every format round-trips, versions are kept, bad files name their line."""

from __future__ import annotations

import pytest

from glossary.formats import dump_glossary, parse_glossary
from glossary.model import Glossary, Term

MINE = Glossary("mine", (
    Term("sukamaju", "Sukamaju Regency", ("Kabupaten Sukamaju", "Kab. Sukamaju"), "place"),
    Term("ketua", "Speaker Budi Santoso", ("Ketua DPRD Budi Santoso",), "person"),
    Term("kpk", "Corruption Eradication Commission", ("KPK",), "organization"),
))  # fmt: skip
MIME = {
    "tsv": "text/tab-separated-values",
    "csv": "text/csv",
    "csv-sets": "text/csv",
    "json": "application/json",
}
INDONESIAN = "Presiden Rusia tiba di Pyongyang pada Selasa dan disambut oleh pemimpin Korea Utara."


def pairs(glossary: Glossary) -> set[tuple[str, str]]:
    return {(s, t.target) for t in glossary.terms for s in t.sources}


@pytest.mark.parametrize("fmt", ["tsv", "csv", "csv-sets", "json"])
def test_each_format_round_trips(client, fmt):
    body = dump_glossary(MINE, fmt)
    put = client.put(f"/v1/glossaries/mine?format={fmt}", data=body, content_type=MIME[fmt])
    assert put.status_code == 201, put.get_data(as_text=True)
    assert put.get_json()["version"] == 1 and put.headers["Location"] == "/v1/glossaries/mine"
    got = client.get(f"/v1/glossaries/mine?format={fmt}")
    assert got.status_code == 200 and got.mimetype == MIME[fmt]
    assert 'filename="mine.v1.' in got.headers["Content-Disposition"]
    assert pairs(parse_glossary(got.get_data(as_text=True), fmt)) == pairs(MINE)


def test_uploads_are_versioned_and_listed(client):
    client.put("/v1/glossaries/mine", data="Korut\tNorth Korea\n", content_type=MIME["tsv"])
    second = client.put("/v1/glossaries/mine", data="Korut\tDPRK\n", content_type=MIME["tsv"])
    assert second.status_code == 200 and second.get_json()["version"] == 2
    assert client.get("/v1/glossaries/mine?format=tsv").get_data(as_text=True) == "Korut\tDPRK\n"
    assert (
        client.get("/v1/glossaries/mine?format=tsv&version=1").get_data(as_text=True)
        == "Korut\tNorth Korea\n"
    )
    listed = {g["name"]: g for g in client.get("/v1/glossaries").get_json()["glossaries"]}
    assert listed["mine"]["version"] == 2 and listed["default"]["terms"] > 500


def test_accept_header_picks_the_format(client):
    client.put("/v1/glossaries/mine", data=dump_glossary(MINE, "json"), content_type=MIME["json"])
    response = client.get("/v1/glossaries/mine", headers={"Accept": "text/tab-separated-values"})
    assert response.mimetype == MIME["tsv"]


@pytest.mark.parametrize(
    ("fmt", "body", "line"),
    [
        ("tsv", "Korut\tNorth Korea\nAS United States\n", 2),
        ("csv", "Korut,North Korea\nAS,United,States\n", 2),
        ("json", '{"terms": [\n{"target": "X", "sources": ["Y"]},\n]}', 3),
    ],
)
def test_bad_files_are_422_naming_the_line(client, fmt, body, line):
    response = client.put("/v1/glossaries/mine", data=body, content_type=MIME[fmt])
    assert response.status_code == 422 and response.mimetype == "application/problem+json"
    problem = response.get_json()
    assert (
        problem["code"] == "invalid_glossary"
        and problem["line"] == line
        and f"line {line}" in problem["detail"]
    )


def test_bad_json_term_names_the_member(client):
    response = client.put("/v1/glossaries/mine", json={"terms": [{"target": "X", "sources": "Y"}]})
    assert response.status_code == 422 and response.get_json()["member"] == "terms[0].sources"


def test_wrong_type_unknown_name_and_read_only_default(client):
    assert client.put("/v1/glossaries/mine", data="x", content_type="application/pdf").status_code == 415
    assert client.get("/v1/glossaries/nothing").status_code == 404
    assert client.put("/v1/glossaries/Bad Name!", data="a\tb\n", content_type=MIME["tsv"]).status_code in (
        404,
        422,
    )
    assert client.put("/v1/glossaries/default", data="a\tb\n", content_type=MIME["tsv"]).status_code == 409
    assert client.delete("/v1/glossaries/default").status_code == 409
    assert client.get("/v1/glossaries/default?format=tsv").status_code == 200


def test_delete(client):
    client.put("/v1/glossaries/mine", data="Korut\tNorth Korea\n", content_type=MIME["tsv"])
    assert client.delete("/v1/glossaries/mine").status_code == 204
    assert client.get("/v1/glossaries/mine").status_code == 404
    assert client.delete("/v1/glossaries/mine").status_code == 404


def test_jobs_record_the_glossary_version_they_use(client):
    client.put("/v1/glossaries/mine", data="Korut\tNorth Korea\n", content_type=MIME["tsv"])
    job = client.post("/v1/jobs", json={"articles": [{"text": INDONESIAN}], "glossary": "mine"}).get_json()
    assert job["options"]["glossary"] == "mine" and job["options"]["glossary_version"] == 1
    unknown = client.post("/v1/jobs", json={"articles": [{"text": INDONESIAN}], "glossary": "theirs"})
    assert unknown.status_code == 422 and unknown.get_json()["field"] == "glossary"


@pytest.mark.parametrize("fmt", ["tsv", "csv"])
def test_line_numbers_are_the_editors_and_controls_are_refused_on_their_line(client, fmt):
    """``splitlines`` broke lines at \\v, \\f and U+2028, which editors show inside a line: the error
    named the wrong line. A NUL or other control in a cell reached the store (a 500) or the XML downloads."""
    sep = "\t" if fmt == "tsv" else ","
    shifted = f"Jakarta{sep}Jakarta\n\f\nBan\u2028dung{sep}Bandung\nSolo{sep}Surakarta{sep}x\n"
    refused = client.put(f"/v1/glossaries/lines?format={fmt}", data=shifted.encode())
    assert refused.status_code == 422 and refused.json["line"] == 4, refused.json
    control = f"Jakarta{sep}Jakarta\nBandung{sep}Band\x00ung\n"
    refused = client.put(f"/v1/glossaries/lines?format={fmt}", data=control.encode())
    assert refused.status_code == 422 and refused.json["line"] == 2 and "U+0000" in refused.json["detail"]


def test_the_glossary_page_edits_through_the_api_which_keeps_every_field(client):
    """The page's editor reads terms from ``/terms`` and saves them with PATCH: a term with a type and
    forms saved unchanged stays a person with its forms (a TSV round trip once made it `other`)."""
    rich = {"terms": [{"target": "Vladimir Putin", "sources": ["Putin"], "type": "person", "forms": ["Putin"],
                       "keep": True}]}  # fmt: skip
    assert client.put("/v1/glossaries/orang", json=rich).status_code == 201
    page = client.get("/glossaries/orang").get_data(as_text=True)
    assert 'data-editable="true"' in page and 'data-version="1"' in page and "<textarea" not in page
    listed = client.get("/v1/glossaries/orang/terms").json["terms"]
    saved = client.patch("/v1/glossaries/orang", json={"upsert": listed}, headers={"If-Match": '"1"'})
    assert saved.status_code == 200 and saved.json["version"] == 2, saved.json
    [term] = client.get("/v1/glossaries/orang?format=json").json["terms"]
    assert (term["type"], term["forms"], term["keep"]) == ("person", ["Putin"], True)
