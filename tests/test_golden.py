"""The requests of ``tests/golden.py`` give, field for field, the result documents, status documents,
downloads and benchmark reports recorded there (times, ids and the models' folder aside), on both
backends: a change of behaviour shows as the fields it changed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from service.app import create_app
from tests.golden import GOLDEN, compare, run_all, settings_for
from tests.helpers import child_env, warta_command
from workers.settings import Settings

pytestmark = pytest.mark.integration


@pytest.mark.parametrize("engine", ["ctranslate2", "transformers"])
def test_every_recorded_document_comes_out_the_same(tiny_models, redis_url, tmp_path: Path, engine: str):
    import dataclasses

    base = settings_for(tmp_path, tiny_models, redis_url, Settings)
    settings = dataclasses.replace(base, mt_backend=engine, sum_backend=engine)
    made = run_all(settings, create_app, child_env(settings), warta_command())
    recorded = {p.stem.removeprefix(f"{engine}-"): p for p in sorted(GOLDEN.glob(f"{engine}-*.json"))}
    missing = set(recorded) - set(made) - {"samples"}  # the samples only where ../shared is present
    assert not missing, f"cases no longer run: {sorted(missing)}"
    problems = [
        f"{name}: {problem}"
        for name, record in made.items()
        for problem in compare(json.loads(recorded[name].read_text(encoding="utf-8")), record)
    ]
    assert problems == [], "\n".join(problems[:60])
