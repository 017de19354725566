"""Realistic data for the schemathesis run, and the rules ``/openapi.json`` states only in words.

The document marks what a member must hold with a ``format``: Indonesian text, an Indonesian page, the
name of a stored glossary, a TSV or CSV glossary file, a TMX file. Generating those needs strategies
of their own (schemathesis' advice for domain data), registered here. A few rules span several members
and JSON Schema cannot state them: article ids are unique within a job, no source belongs to two terms, a
``?format=`` must agree with the body's media type, and an ``Idempotency-Key`` names one request.
Generated *valid* requests are kept to those rules; each rule's refusal has its own test
(``test_api_validation.py``, ``test_api_glossaries.py``, ``test_idempotency.py``).
"""

from __future__ import annotations

import csv
import io
import re
import uuid
from typing import Any

import schemathesis
from hypothesis import strategies as st
from schemathesis.transport.requests import REQUESTS_TRANSPORT
from schemathesis.transport.wsgi import WSGI_TRANSPORT

from glossary.formats import GlossaryFormatError, parse_terms
from service.blueprints.glossaries import FORMAT_OF_MIME
from service.blueprints.jobs import MAX_KEY_LENGTH
from service.blueprints.memory import TMX_MIME
from service.openapi.paths import PRINTABLE
from workers.store.human_memory import Pair
from workers.tmx import write_tmx

SENTENCES = [
    "Presiden Joko Widodo meresmikan jalan tol baru di Jawa Tengah pada hari Senin pagi.",
    "Harga beras di pasar tradisional naik hampir lima persen dalam sebulan terakhir.",
    "Pemerintah menyiapkan cadangan pangan untuk menghadapi musim kemarau panjang tahun ini.",
    "Warga diminta waspada terhadap banjir karena hujan lebat diperkirakan turun hingga malam.",
    "Kedua negara menandatangani perjanjian kerja sama strategis di bidang pertahanan.",
    "Menteri Keuangan mengatakan pertumbuhan ekonomi kuartal ketiga lebih tinggi dari perkiraan.",
    "Polisi masih menyelidiki penyebab kebakaran yang menghanguskan puluhan rumah di kawasan itu.",
    "Ribuan penonton memadati stadion untuk menyaksikan pertandingan final liga sepak bola.",
]
GLOSSARIES = ("default", "newsroom")  # ``newsroom`` is made by the test's fixture
NAME = st.from_regex(r"[A-Z][a-z]{2,9}( [A-Z][a-z]{2,9})?", fullmatch=True)
VALID_KEY = re.compile(PRINTABLE)
PAIRS = st.dictionaries(NAME, NAME, min_size=1, max_size=6).map(lambda d: list(d.items()))


def _page(sentences: list[str]) -> str:
    paragraphs = "".join(f"<p>{s}</p>" for s in sentences)
    head = f"<head><title>{sentences[0][:40]}</title></head>"
    return f"<html>{head}<body><article>{paragraphs}</article></body></html>"


def _csv(pairs: list[tuple[str, str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(pairs)
    return out.getvalue()


def register_formats() -> None:
    text = st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=4)
    schemathesis.openapi.format("indonesian-text", text.map(" ".join) | text.map("\n".join))
    schemathesis.openapi.format(
        "indonesian-html", st.lists(st.sampled_from(SENTENCES), min_size=2, max_size=4).map(_page)
    )
    schemathesis.openapi.format("glossary-name", st.sampled_from(GLOSSARIES))
    # The pair the tests' deployment serves (id→en), spelled as clients spell it.
    schemathesis.openapi.format("source-language", st.sampled_from(["id", "ID", "in", "auto", "id-ID"]))
    schemathesis.openapi.format("target-language", st.sampled_from(["en", "EN", "en-GB", "EN-US"]))
    # The same pair in DeepL's spelling (a source by language, a target by variant).
    schemathesis.openapi.format("deepl-source", st.sampled_from(["ID", "id"]))
    schemathesis.openapi.format("deepl-target", st.sampled_from(["EN", "EN-GB", "EN-US", "en"]))
    # A memory's pair: either side named alone pairs with id→en's other side.
    schemathesis.openapi.format("language-code", st.sampled_from(["id", "ID", "in"]))
    schemathesis.openapi.format("glossary-source", st.sampled_from(["id", "ID", "in", "id-ID"]))
    schemathesis.openapi.format(
        "glossary-tsv", PAIRS.map(lambda pairs: "".join(f"{s}\t{t}\n" for s, t in pairs))
    )
    schemathesis.openapi.format("glossary-csv", PAIRS.map(_csv))
    memory = st.lists(st.tuples(st.sampled_from(SENTENCES), NAME), min_size=1, max_size=4)
    schemathesis.openapi.format("tmx", memory.map(lambda pairs: write_tmx(Pair(*p) for p in pairs).decode()))
    _send_tmx_as_it_is()


def _send_tmx_as_it_is() -> None:
    """schemathesis sends any ``+xml`` body through its XML serializer, which wraps a string in an element
    of its own; a TMX file is a whole document and goes as it is. Its serializer is put ahead of the
    XML one (the first that matches a media type is used)."""
    for transport in (REQUESTS_TRANSPORT, WSGI_TRANSPORT):
        xml = transport._serializers.get("application/xml")
        if xml is None or TMX_MIME in transport._serializers:
            continue
        transport.unregister_serializer("application/xml", "text/xml")

        def as_it_is(ctx: Any, value: Any, xml: Any = xml) -> dict[str, Any]:
            return {"data": value.encode()} if isinstance(value, str) else xml(ctx, value)

        transport.serializer(TMX_MIME)(as_it_is)
        transport.serializer("application/xml", "text/xml")(xml)


def _terms_agree(terms: Any) -> bool:
    try:
        parse_terms(terms)
    except GlossaryFormatError:
        return False
    return True


def _ids_unique(articles: list[dict[str, Any]]) -> bool:
    ids = [(a.get("id") or "").strip() or str(i + 1) for i, a in enumerate(articles)]
    return len(set(ids)) == len(ids)


def follows_the_stated_rules(case: Any) -> bool:
    """Whether a generated request keeps the rules the document states in words."""
    body = case.body if isinstance(case.body, dict | list) else None
    if case.operation.path == "/v1/jobs" and case.method.upper() == "POST" and isinstance(body, dict):
        return _ids_unique(body.get("articles") or []) and _terms_agree(body.get("terms", []))
    if case.operation.path == "/v1/translate" and case.method.upper() == "POST" and isinstance(body, dict):
        return _terms_agree(body.get("terms", []))
    if case.operation.path == "/v1/glossaries/{name}" and case.method.upper() == "PUT":
        wanted = (case.query or {}).get("format")
        given = FORMAT_OF_MIME.get((case.media_type or "").split(";")[0])
        if wanted is not None and wanted != given and not (wanted == "csv-sets" and given == "csv"):
            return False
        if isinstance(body, dict):
            return _terms_agree(body.get("terms"))
        if isinstance(body, list):
            return _terms_agree(body)
    return True


def install(schema: Any) -> None:
    """Register the formats and keep ``schema``'s valid requests to the stated rules."""
    register_formats()

    @schema.hook
    def filter_case(context: Any, case: Any) -> bool:
        return (
            case.meta is None or not case.meta.generation.mode.is_positive or follows_the_stated_rules(case)
        )

    @schema.hook
    def map_headers(context: Any, headers: dict[str, str] | None) -> dict[str, str] | None:
        key = (headers or {}).get("Idempotency-Key")
        if headers and key and VALID_KEY.match(key) and len(key) <= MAX_KEY_LENGTH:
            headers["Idempotency-Key"] = uuid.uuid4().hex  # a valid key, one request's own
        return headers
