"""The browser tests' fixtures: Debian's Chromium driven by Playwright, a live Warta with a worker, and
each page's errors and last screenshot (``test-artifacts/``). Loaded by ``conftest.py`` for every
browser test file."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from service.app import create_app
from tests.helpers import LiveServer

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def samples() -> list[Path]:
    """The five ../shared samples (one news event) where they are beside the repo, else five articles
    the project ships."""
    shared = sorted((ROOT.parent / "shared" / "samples").glob("*.txt"))
    return shared[:5] if len(shared) >= 5 else sorted((ROOT / "tests" / "data" / "unrelated").glob("*.txt"))


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One Chromium for the whole run; each test opens its own context (cookies, storage) in it."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (`make test` installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture
def page_errors() -> list[str]:
    """What the page reported as errors; a test that provokes one on purpose takes it off the list."""
    return []


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest, page_errors: list[str]) -> Iterator[Any]:
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    errors = page_errors
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    yield page
    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}-last.png"))
    context.close()
    assert errors == [], f"the page reported errors: {errors}"


@pytest.fixture
def web(settings: Any, start_worker: Any) -> Iterator[tuple[str, Any]]:
    app = create_app(settings)
    start_worker(settings)
    with LiveServer(app) as server:
        yield server.url, app
    app.extensions["warta.store"].close()


def shot(page: Any, name: str) -> None:
    """What a person sees at that moment (the viewport), not the whole page: long results are tall."""
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))
