"""``/v1/memory`` and ``warta tm``: a team's TMX in (written by translate-toolkit), its editors' work out
(read back by translate-toolkit), scoped by key as glossaries are. A real worker runs the jobs."""

from __future__ import annotations

import subprocess
from typing import Any

import pytest
from translate.storage import tmx as toolkit_tmx

from tests.helpers import child_env, warta_command
from tests.test_edits import ARTICLE, _job, _result, _url

TMX = {"Content-Type": "application/x-tmx+xml"}
FIRST = ARTICLE.split("\n")[0]
SEEDED = "Rice became dearer in Jakarta on Monday."


def _toolkit_tmx(pairs: list[tuple[str, str]]) -> bytes:
    store = toolkit_tmx.tmxfile(sourcelanguage="id", targetlanguage="en")
    for indonesian, english in pairs:
        store.addtranslation(indonesian, "id", english, "en")
    return bytes(store)


def _export(client: Any, headers: dict[str, str], query: str = "") -> list[tuple[str, str]]:
    exported = client.get(f"/v1/memory{query}", headers=headers)
    assert exported.status_code == 200 and exported.mimetype == "application/x-tmx+xml"
    return [(u.source, u.target) for u in toolkit_tmx.tmxfile.parsestring(exported.data).units]


@pytest.mark.integration
def test_an_imported_tmx_answers_the_next_job_and_an_edit_comes_back_out_in_the_export(served):
    client, app, _worker = served
    _, token = app.extensions["warta.keys"].create("desk")
    me = {"Authorization": f"Bearer {token}"}
    put = client.put("/v1/memory", data=_toolkit_tmx([(FIRST, SEEDED)]), headers={**me, **TMX})
    assert put.status_code == 200 and (put.json["imported"], put.json["units"]) == (1, 1), put.json
    job = _job(client, ARTICLE, me)
    first = _result(client, job, me)["articles"][0]["paragraphs"][0][0]
    assert (first["target"], first["origin"]) == (SEEDED, "human-memory")
    second = client.get(_url(job, 1), headers=me).json["sentence"]
    edited = client.patch(_url(job, 1), json={"target": "Supply will grow next month."},
                          headers={**me, "If-Match": f'"{second["revision"]}"'})  # fmt: skip
    assert edited.status_code == 200
    assert _export(client, me) == [(FIRST, SEEDED), (second["source"], "Supply will grow next month.")]
    assert client.get("/v1/memory", headers={**me, "Accept": "application/json"}).json["units"] == 2


def test_each_key_has_its_own_memory_and_only_an_admin_key_writes_the_shared_one(app, client):
    keys = app.extensions["warta.keys"]
    (_, mine), (_, theirs), (_, admin) = keys.create("a"), keys.create("b"), keys.create("ops", admin=True)
    me, them, ops = ({"Authorization": f"Bearer {t}"} for t in (mine, theirs, admin))
    seeded = client.put("/v1/memory", data=_toolkit_tmx([(FIRST, SEEDED)]), headers={**me, **TMX})
    assert seeded.status_code == 200
    assert _export(client, me) == [(FIRST, SEEDED)] and _export(client, them) == []
    refused = client.put("/v1/memory?shared=true", data=_toolkit_tmx([(FIRST, "X.")]), headers={**me, **TMX})
    assert refused.status_code == 403 and refused.json["field"] == "shared"
    shared = client.put("/v1/memory?shared=true", data=_toolkit_tmx([("Hujan.", "Rain.")]),
                        headers={**ops, **TMX})  # fmt: skip
    assert shared.status_code == 200 and shared.json["shared"] is True
    assert _export(client, them, "?shared=true") == [("Hujan.", "Rain.")] and _export(client, them) == []
    replaced = client.put("/v1/memory?replace=true", data=_toolkit_tmx([("Banjir.", "Floods.")]),
                          headers={**me, **TMX})  # fmt: skip
    assert (replaced.json["removed"], replaced.json["units"]) == (1, 1)
    gone = client.delete("/v1/memory", headers=me)
    assert gone.status_code == 200 and gone.json["removed"] == 1 and _export(client, me) == []
    assert client.delete("/v1/memory?shared=true", headers=them).status_code == 403


@pytest.mark.parametrize(
    ("data", "headers", "status", "field"),
    [
        (b"<tmx>", TMX, 422, "body"),
        (b'<!DOCTYPE tmx [<!ENTITY a "b">]><tmx/>', TMX, 422, "body"),
        (b"source\ttarget\n", {"Content-Type": "text/tab-separated-values"}, 415, "Content-Type"),
    ],
)
def test_a_bad_upload_is_refused_by_name(client, data, headers, status, field):
    refused = client.put("/v1/memory", data=data, headers=headers)
    assert refused.status_code == status and refused.json["field"] == field, refused.json
    assert client.put("/v1/memory?replace=maybe", data=data, headers=TMX).json["field"] == "replace"


def test_warta_tm_imports_into_the_shared_memory_and_exports_it(tmp_path):
    database = f"sqlite:///{tmp_path / 'warta.db'}"
    source = tmp_path / "team.tmx"
    source.write_bytes(
        _toolkit_tmx([(FIRST, SEEDED), ("Hujan turun. Jalan banjir.", "It rained. Roads flooded.")])
    )

    def warta(*args: str) -> subprocess.CompletedProcess[str]:
        command = warta_command("tm", *args, "--database-url", database)
        return subprocess.run(command, env=child_env(), capture_output=True, text=True, timeout=120)

    imported = warta("import", str(source))
    assert imported.returncode == 0 and "3 id→en units imported, 3 in the memory" in imported.stdout, (
        imported.stderr
    )
    out = tmp_path / "out.tmx"
    assert warta("export", str(out)).returncode == 0
    units = toolkit_tmx.tmxfile.parsestring(out.read_bytes()).units
    assert [(u.source, u.target) for u in units][1:] == [("Hujan turun.", "It rained."),
                                                         ("Jalan banjir.", "Roads flooded.")]  # fmt: skip
    (tmp_path / "bad.tmx").write_text("<tmx>", encoding="utf-8")
    bad = warta("import", str(tmp_path / "bad.tmx"))
    assert bad.returncode == 2 and "well-formed" in bad.stderr
