"""The layers import one way: ``service`` (and the benchmark tools) → ``workers`` → ``glossary``.

The rules are import-linter contracts in ``pyproject.toml``, checked here by the real ``lint-imports``.
What a contract cannot see, an import at module level against one inside a function, is checked by
importing every module of ``service`` in a fresh interpreter: the API process must never load a model
library (the workers do), nor may a worker's modules pull in Flask.
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MODEL_LIBRARIES = ("torch", "transformers", "ctranslate2")
WEB = ("flask", "werkzeug", "flask_limiter")


def modules_of(package: str) -> list[str]:
    found = [package]
    for info in pkgutil.walk_packages([str(ROOT / package)], prefix=f"{package}."):
        if not info.name.endswith("__main__"):
            found.append(info.name)
    return found


def loaded_after_importing(modules: list[str], watched: tuple[str, ...]) -> list[str]:
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        f"print(' '.join(sorted(m for m in {watched!r} if m in sys.modules)))\n"
    )
    command = [sys.executable, "-c", script]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.split()


def test_the_import_contracts_hold() -> None:
    command = [str(Path(sys.executable).parent / "lint-imports")]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:]
    assert "0 broken" in done.stdout


def test_no_module_of_the_api_loads_a_model_library_when_imported() -> None:
    assert loaded_after_importing(modules_of("service"), MODEL_LIBRARIES) == []


@pytest.mark.parametrize("package", ["workers", "glossary"])
def test_no_module_below_the_api_loads_flask(package: str) -> None:
    assert loaded_after_importing(modules_of(package), WEB) == []
