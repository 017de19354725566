"""LibreTranslate's own API tests, from its 1.9.6 wheel, run against Warta's app.

Its tests are AGPL-3.0, so none is copied into this repository: the wheel is downloaded at test time
(``pip download``, cached under ``test-artifacts/``), its ``tests/test_api/test_*.py`` unpacked into a
temporary folder beside a conftest of ours, whose ``app`` and ``client`` fixtures are Warta's app and its
test client (with a live worker), and pytest runs them in a subprocess. Warta serves id→en and, through a
second tiny MarianMT configured as ``en-es`` in ``WARTA_MT_MODELS``, the en→es its tests translate: every
test passes.
"""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from tests.helpers import child_env

pytestmark = pytest.mark.integration
VERSION = "1.9.6"
CACHE = Path(__file__).resolve().parents[1] / "test-artifacts" / "libretranslate-wheel"
CONFTEST = '''
import pytest

from service.app import create_app
from workers.settings import Settings


@pytest.fixture()
def app():
    """Warta's app, configured by the WARTA_* environment of the test that runs this suite."""
    app = create_app(Settings.from_env())
    app.config["TESTING"] = True
    yield app
    app.extensions["warta.store"].close()


@pytest.fixture()
def client(app):
    return app.test_client()
'''


def _wheel() -> Path:
    found = sorted(CACHE.glob(f"libretranslate-{VERSION}-*.whl"))
    if found:
        return found[0]
    CACHE.mkdir(parents=True, exist_ok=True)
    download = [
        sys.executable,
        "-m",
        "pip",
        "download",
        "--no-deps",
        f"libretranslate=={VERSION}",
        "-d",
        str(CACHE),
    ]
    done = subprocess.run(download, capture_output=True, text=True, timeout=300)
    found = sorted(CACHE.glob(f"libretranslate-{VERSION}-*.whl"))
    if done.returncode != 0 or not found:
        pytest.skip(
            f"could not download libretranslate=={VERSION} from the package index: {done.stderr[-500:]}"
        )
    return found[0]


def test_libretranslates_api_tests_pass(settings, start_worker, tiny_pair_models, tmp_path):
    suite = tmp_path / "lt_tests"
    suite.mkdir()
    with zipfile.ZipFile(_wheel()) as wheel:
        names = [n for n in wheel.namelist() if n.startswith("libretranslate/tests/test_api/test_")]
        for name in names:
            (suite / Path(name).name).write_bytes(wheel.read(name))
    assert len(names) >= 6, names
    (suite / "conftest.py").write_text(CONFTEST)
    (suite / "pytest.ini").write_text("[pytest]\n")
    settings = dataclasses.replace(
        settings, sync_timeout=60.0, mt_models=f"en-es={tiny_pair_models['marian-en-es']}"
    )
    start_worker(settings)
    report = tmp_path / "report.xml"
    env = child_env(settings, PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--junitxml={report}", str(suite)],
        cwd=suite, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    outcomes = {}
    for case in ET.parse(report).iter("testcase"):
        failed = case.find("failure") is not None or case.find("error") is not None
        outcomes[case.get("name")] = (
            "failed" if failed else "skipped" if case.find("skipped") is not None else "passed"
        )
    failed = {name for name, outcome in outcomes.items() if outcome != "passed"}
    assert not failed, run.stdout[-4000:]
    assert {"test_api_translate", "test_api_translate_batch"} <= set(outcomes)
    assert len(outcomes) >= 14, outcomes
