"""Documents (``workers/documents/``, ``service/documents.py``): read and rebuilt only by workers, a zip
checked from its directory before anything is unpacked, every story of a .docx translated, and the stored
files expiring. The API's answers here need no worker: that is the point."""

from __future__ import annotations

import dataclasses
import io
import time
import tracemalloc
import zipfile
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from tests.documents_data import (
    DELETED,
    FIELD_CODE,
    PLACES,
    exotic_docx,
    exotic_types,
    many_parts,
    texts_of,
    zip_bomb,
)
from workers.contract.limits import Limits
from workers.contract.result import SentencePair
from workers.documents.archive import ArchiveRefused, check_archive
from workers.documents.convert import rebuilt, segments
from workers.documents.formats import KINDS, DocumentError
from workers.documents.stage import DocumentJob, DocumentRefused
from workers.inline.carry import Translated
from workers.settings import Settings
from workers.store.documents import DocumentRecord, DocumentStore, documents
from workers.store.jobs import JobStore


def _deepl_upload(client: Any, name: str, data: bytes) -> Any:
    form = {"file": (io.BytesIO(data), name), "target_lang": "EN-US"}
    return client.post("/v2/document", data=form, content_type="multipart/form-data")


def _libre_upload(client: Any, name: str, data: bytes) -> Any:
    form = {"file": (io.BytesIO(data), name), "source": "id", "target": "en"}
    return client.post("/translate_file", data=form, content_type="multipart/form-data")


def test_every_story_of_a_docx_is_translated_once_but_never_deleted_text_or_field_codes() -> None:
    data = exotic_docx()
    lines = segments(data, KINDS["docx"], Limits())
    assert sorted(lines) == sorted(PLACES.values()), "each paragraph once, the text box's fallback copy too"
    upper = [Translated([SentencePair(source=line, target=line.upper())], lambda *_: None) for line in lines]
    english = rebuilt(data, KINDS["docx"], upper, Limits())
    texts = " | ".join(texts_of(english).values())
    for place, indonesian in PLACES.items():
        assert indonesian not in texts and indonesian.upper() in texts, place
    assert DELETED in texts and FIELD_CODE in texts
    assert texts.count(PLACES["text box"].upper()) == 2, "the fallback copy gets the same English"


def test_a_zip_bomb_is_refused_from_its_directory_and_the_api_unpacks_nothing(client: Any) -> None:
    bomb = zip_bomb(400 << 20)
    assert len(bomb) < 500_000
    tracemalloc.start()
    try:
        deepl = _deepl_upload(client, "bom.docx", bomb)
        libre = _libre_upload(client, "bom.docx", bomb)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert deepl.status_code == 400 and libre.status_code == 400
    for said in (deepl.json["message"], libre.json["error"]):
        assert "'word/media/zeros.bin'" in said and "50000000" in said and "WARTA_MAX_ARCHIVE_BYTES" in said
    assert peak < 20 << 20, f"the API process allocated {peak >> 20} MiB for a refused upload"


def test_part_count_and_compression_ratio_are_capped() -> None:
    with pytest.raises(ArchiveRefused, match=r"1001 parts; the cap is 1000 \(WARTA_MAX_ARCHIVE_PARTS\)"):
        check_archive(many_parts(1001), Limits())
    assert len(check_archive(many_parts(1000), Limits())) == 1000
    with pytest.raises(ArchiveRefused, match=r"'word/document.xml'.*the cap is 100 \(WARTA_MAX_COMPRESSION"):
        check_archive(zip_bomb(2 << 20, "word/document.xml"), Limits())


def _unreadable_docx() -> bytes:
    """A zip that looks like a .docx until its main part is parsed."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", exotic_types())
        archive.writestr("word/document.xml", "<w:document><unclosed>")
    return out.getvalue()


def test_an_upload_is_accepted_without_being_parsed_and_its_status_answers_at_once(client: Any) -> None:
    handle = _deepl_upload(client, "rusak.docx", _unreadable_docx())
    assert handle.status_code == 200, handle.json
    started = time.monotonic()
    status = client.post(f"/v2/document/{handle.json['document_id']}", data={"document_key": handle.json[
        "document_key"]})  # fmt: skip
    assert time.monotonic() - started < 1.0, "a status request does not wait for the job"
    assert status.json["status"] == "queued"


def test_translate_file_refuses_a_file_over_the_sync_cap(client: Any) -> None:
    answered = _libre_upload(client, "panjang.txt", b"Harga beras naik.\n" * 30_000)
    assert answered.status_code == 400
    said = answered.json["error"]
    assert "500000" in said and "WARTA_MAX_SYNC_FILE_BYTES" in said and "/v2/document" in said


@pytest.fixture
def stores(settings: Settings) -> Any:
    jobs = JobStore(settings.effective_database_url)
    yield jobs, DocumentStore(jobs.engine, settings.document_ttl_hours)
    jobs.close()


def _document_job(stores: Any, settings: Settings, data: bytes, fmt: str) -> DocumentJob:
    jobs, store = stores
    job = jobs.create_job([], ["translate"], {"clean": False, "force": True})
    record = DocumentRecord(job.id[:32], "", job.id, fmt, "libretranslate", "", datetime.now(UTC))
    store.add(record, "key", data)
    found = DocumentJob.of(jobs, settings, None, job.id)  # type: ignore[arg-type]
    assert found is not None
    return found


def test_the_worker_reads_a_document_into_articles_under_the_job_caps(
    stores: Any, settings: Settings
) -> None:
    text = "Harga beras naik.\n\nPresiden tiba di Jakarta.\n" * 3
    job = _document_job(stores, settings, text.encode(), "txt")
    articles = job.articles()
    assert [a.text for a in articles] == ["\n".join(["Harga beras naik.", "Presiden tiba di Jakarta."] * 3)]
    assert stores[0].get_articles(job.record.job_id) == articles, "stored with the job"
    assert stores[1].for_job(job.record.job_id).characters == 3 * (17 + 25)
    small = dataclasses.replace(settings, max_articles=2, max_article_chars=30)
    capped = _document_job(stores, small, text.encode(), "txt")
    with pytest.raises(DocumentRefused, match="6 articles exceed the cap of 2") as refused:
        capped.articles()
    assert refused.value.code == "too_many_articles"
    broken = _document_job(stores, settings, _unreadable_docx(), "docx")
    with pytest.raises(DocumentError, match=r"word/document\.xml") as unreadable:
        broken.articles()
    assert unreadable.value.code == "invalid_document"


def test_documents_expire_and_old_rows_are_deleted_when_new_ones_are_written(stores: Any) -> None:
    jobs, _ = stores
    store = DocumentStore(jobs.engine, ttl_hours=1)
    old = DocumentRecord("OLD", "", "j1", "txt", "deepl", "", datetime.now(UTC) - timedelta(hours=2))
    store.add(old, "k", b"Halo.")
    assert store.find("OLD", "k", "") is None and store.for_job("j1") is None
    assert store.original(old) is None, "an expired document is gone for every reader"
    fresh = DocumentRecord("NEW", "", "j2", "txt", "deepl", "", datetime.now(UTC))
    store.add(fresh, "k", b"Halo.")
    assert store.find("NEW", "k", "") == fresh and store.find("NEW", "wrong", "") is None
    with jobs.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(documents)).scalar() == 1
