"""WARTA_MAX_REQUEST_BYTES holds for chunked bodies too: refused whole with 413, never cut and accepted."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import requests

from service.app import create_app
from tests.helpers import LiveServer

LIMIT = 50_000
TSV = "text/tab-separated-values"


def chunked(body: bytes, size: int = 4096) -> Iterator[bytes]:
    """A generator body: requests sends it with ``Transfer-Encoding: chunked`` and no length."""
    for start in range(0, len(body), size):
        yield body[start : start + size]


def glossary(terms: int) -> bytes:
    return "".join(f"istilah{n}\tterm{n}\n" for n in range(terms)).encode()


def test_chunked_bodies_past_the_limit_are_refused_on_every_endpoint(settings):
    app = create_app(dataclasses.replace(settings, max_request_bytes=LIMIT))
    big = glossary(4000)
    assert LIMIT < len(big) < 2 * LIMIT
    with LiveServer(app) as server:
        put = requests.put(
            f"{server.url}/v1/glossaries/big", data=chunked(big), headers={"Content-Type": TSV}, timeout=30
        )
        assert put.status_code == 413, put.text
        assert put.json()["code"] == "request_too_large" and put.json()["limit"] == LIMIT
        assert requests.get(f"{server.url}/v1/glossaries/big", timeout=10).status_code == 404
        memory = requests.put(f"{server.url}/v1/memory", data=chunked(b"<tmx>" + b" " * LIMIT + b"</tmx>"),
                              headers={"Content-Type": "application/x-tmx+xml"}, timeout=30)  # fmt: skip
        assert memory.status_code == 413 and memory.json()["code"] == "request_too_large", memory.text
        boundary = "warta-boundary"
        form = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n'
            f"Content-Type: text/plain\r\n\r\n{'Halo. ' * 10_000}\r\n--{boundary}--\r\n"
        ).encode()
        upload = requests.post(f"{server.url}/v2/document", data=chunked(form),
                               headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
                               timeout=30)  # fmt: skip
        assert upload.status_code == 413, upload.text
        jobs = requests.get(f"{server.url}/v1/jobs", data=chunked(big), timeout=30)
        assert jobs.status_code == 413, jobs.text
    app.extensions["warta.store"].close()


def test_chunked_bodies_within_the_limit_arrive_whole(settings):
    app = create_app(dataclasses.replace(settings, max_request_bytes=LIMIT))
    small = glossary(1000)
    assert len(small) < LIMIT
    with LiveServer(app) as server:
        put = requests.put(f"{server.url}/v1/glossaries/small", data=chunked(small),
                           headers={"Content-Type": TSV}, timeout=30)  # fmt: skip
        assert put.status_code == 201, put.text
        back = requests.get(f"{server.url}/v1/glossaries/small", headers={"Accept": TSV}, timeout=10)
        assert back.text.count("\n") >= 1000 and "istilah999\tterm999" in back.text
    app.extensions["warta.store"].close()
