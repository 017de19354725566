"""``warta serve`` (gunicorn) keeps what the app promises: chunked bodies past the limit are refused, and
a key sent in the query never reaches its access log."""

from __future__ import annotations

import dataclasses
import subprocess

import pytest
import requests

from tests.helpers import child_env, warta_command
from tests.test_body_limit import LIMIT, TSV, chunked, glossary
from tests.test_up import free_port, wait_for_health

pytestmark = pytest.mark.integration


def test_gunicorn_refuses_chunked_bodies_past_the_limit_and_logs_no_key(settings, tmp_path):
    port = free_port()
    log = tmp_path / "serve.log"
    limited = dataclasses.replace(settings, max_request_bytes=LIMIT)
    env = child_env(limited, WARTA_PORT=str(port), WARTA_WEB_WORKERS="1")
    key = "wk_0123456789ab_notarealkeynotarealkeynotarealkey"
    with log.open("wb") as out:
        process = subprocess.Popen(warta_command("serve"), env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            url = f"http://127.0.0.1:{port}"
            wait_for_health(url, process, log)
            big = requests.put(f"{url}/v1/glossaries/big", data=chunked(glossary(4000)),
                               headers={"Content-Type": TSV}, timeout=30)  # fmt: skip
            assert big.status_code == 413 and big.json()["code"] == "request_too_large", big.text
            small = requests.put(f"{url}/v1/glossaries/small", data=chunked(glossary(1000)),
                                 headers={"Content-Type": TSV}, timeout=30)  # fmt: skip
            assert small.status_code == 201, small.text
            refused = requests.post(f"{url}/translate?api_key={key}", data={"q": "Halo.", "source": "id",
                                    "target": "en"}, timeout=10)  # fmt: skip
            assert refused.status_code in (400, 401, 403), refused.text
        finally:
            process.terminate()
            process.wait(timeout=30)
    written = log.read_text()
    assert key not in written and "api_key=[redacted]" in written, written[-3000:]
