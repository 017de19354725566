"""The README's error codes and security headers, checked against the code that answers them.

Codes are collected from the source (an AST walk), so a code added to the API without a README row, or a
row left for a code no longer answered, fails here. The compatible APIs (DeepL, LibreTranslate) answer in
their own shapes, without Warta's codes, so their modules are left out.
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

import pytest

from service.app import create_app
from service.blueprints.translate import STATUS_OF_FAILURE
from service.headers import ALWAYS, API_POLICY, HTML_POLICY
from tests.helpers import LiveServer

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
PACKAGES = ("service", "workers", "glossary")
# Modules whose errors reach clients only in DeepL's or LibreTranslate's shape.
COMPATIBLE = re.compile(r"^service/(blueprints/)?(deepl|libretranslate|documents\.py)")
# Calls that take the status first, then the code.
STATUS_FIRST = {"Problem", "EditRefused"}
# Calls that take the code first, with the status they give unless a ``status=`` says otherwise (a
# ``Failure`` is a job's, with no status of its own).
CODE_FIRST = {"refusal": 422, "Cap": 413, "_unauthorized": 401, "PydanticCustomError": 422, "Failure": 0}
# Calls whose code is passed on from somewhere this walk already reads (a cap's, a refusal's, a failure's,
# werkzeug's routing errors), by module: a new call of this kind elsewhere must say where its codes are.
RELAYS = {
    "service/app.py": "werkzeug's HTTP errors (ROUTING below) and the handlers that follow",
    "service/auth.py": "_unauthorized's callers",
    "service/blueprints/edits.py": "EditRefused",
    "service/blueprints/translate.py": "a worker's failure, FAILURES below",
    "service/validation.py": "refusal and Cap",
    "service/gunicorn_config.py": "gunicorn's own refusals of a malformed request, before Flask",
    "service/problems.py": "the Problem class itself",
    "workers/contract/base.py": "refusal itself",
    "workers/contract/limits.py": "Cap",
    "workers/failures.py": "an exception's code attribute",
    "workers/documents/stage.py": "a cap's code, for a document too large for one job",
}
# What werkzeug answers for a path or method the app has no route for.
ROUTING = {"not_found": {404}, "method_not_allowed": {405}}


def _name(call: ast.Call) -> str | None:
    func = call.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None


def _text(node: ast.AST | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _number(node: ast.AST | None) -> int | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, int) else None


def _keyword(call: ast.Call, name: str) -> ast.AST | None:
    return next((k.value for k in call.keywords if k.arg == name), None)


def scan() -> tuple[dict[str, set[int]], set[str], list[str]]:
    """(API code → statuses, job failure codes, calls that pass a code the walk cannot read)."""
    answered: dict[str, set[int]] = defaultdict(set)
    failures: set[str] = set()
    unread: list[str] = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            where = path.relative_to(ROOT).as_posix()
            if COMPATIBLE.match(where):
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ClassDef) and where.startswith("workers/"):
                    for statement in node.body:
                        if isinstance(statement, ast.Assign) and [
                            getattr(t, "id", None) for t in statement.targets
                        ] == ["code"]:
                            failures.add(str(_text(statement.value)))
                if not isinstance(node, ast.Call):
                    continue
                name, args = _name(node), node.args
                if name in STATUS_FIRST and len(args) >= 2:
                    status, code = _number(args[0]), _text(args[1])
                    if status and code:
                        answered[code].add(status)
                        continue
                elif name in CODE_FIRST and args:
                    code = _text(args[0])
                    if code and name == "Failure":
                        failures.add(code)
                    elif code:
                        answered[code].add(_number(_keyword(node, "status")) or CODE_FIRST[name])
                    if code:
                        continue
                else:
                    continue
                if where not in RELAYS:
                    unread.append(f"{where}:{node.lineno}: {ast.unparse(node)[:80]}")
    for code, statuses in ROUTING.items():
        answered[code] |= statuses
    return answered, failures, unread


def readme_table(header: str) -> list[list[str]]:
    """The rows of the README table whose header line is ``header``, cells stripped."""
    lines = README.read_text(encoding="utf-8").splitlines()
    start = lines.index(header) + 2
    rows = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split(" | ")])
    return rows


def _codes(cell: str) -> list[str]:
    return re.findall(r"`(\w+)`", cell)


def _statuses(cell: str) -> set[int]:
    return {int(status) for status in re.findall(r"\d{3}", cell)}


def documented(header: str) -> dict[str, set[int]]:
    table: dict[str, set[int]] = {}
    for row in readme_table(header):
        for code in _codes(row[0]):
            assert code not in table, f"{code} has two rows in the README"
            table[code] = _statuses(row[1])
    return table


def test_every_code_the_walk_reads_is_one_it_can_read():
    _answered, _failures, unread = scan()
    assert not unread, f"calls whose code this test cannot read; add their module to RELAYS: {unread}"


def test_the_readme_lists_exactly_the_codes_the_api_answers_with_their_statuses():
    answered, _failures, _unread = scan()
    table = documented("| code | status | when |")
    assert sorted(set(answered) - set(table)) == [], "answered by the API, missing from the README's table"
    assert sorted(set(table) - set(answered)) == [], "in the README's table, answered nowhere"
    wrong = {
        code: (sorted(table[code]), sorted(answered[code]))
        for code in answered
        if table[code] != answered[code]
    }
    assert not wrong, f"README status vs the code's: {wrong}"


def test_the_readme_lists_exactly_the_codes_a_job_fails_with_and_what_v1_translate_answers():
    _answered, failures, _unread = scan()
    table = documented("| failure code | status on `/v1/translate` | when |")
    assert set(table) == failures, (sorted(failures - set(table)), sorted(set(table) - failures))
    for code, statuses in table.items():
        assert statuses == {STATUS_OF_FAILURE.get(code, 500)}, code


def _header_rows() -> dict[tuple[str, str], str]:
    rows = readme_table("| header | value | on |")
    return {
        (_codes(header)[0] if _codes(header) else header.strip("`"), value.strip("`")): on
        for header, value, on in rows
    }


def test_the_readme_headers_are_the_ones_the_code_sets():
    from service.blueprints.openapi import DOCS_POLICY
    from service.blueprints.web import PAGE_POLICY
    from service.dashboard import POLICY as DASHBOARD_POLICY

    code = {*ALWAYS.items(), ("Cache-Control", "no-store")}
    code |= {
        ("Content-Security-Policy", policy)
        for policy in (API_POLICY, HTML_POLICY, PAGE_POLICY, DOCS_POLICY, DASHBOARD_POLICY)
    }
    assert set(_header_rows()) == code


@pytest.mark.integration
def test_live_responses_carry_the_headers_the_readme_names(settings):
    import requests

    from service.blueprints.openapi import DOCS_POLICY
    from service.blueprints.web import PAGE_POLICY

    rows = _header_rows()
    everywhere = {name: value for (name, value), on in rows.items() if on == "every response"}
    assert everywhere == ALWAYS
    app = create_app(settings)
    try:
        with LiveServer(app) as server:
            probe, jobs, page, docs = (
                requests.get(server.url + path, timeout=30) for path in ("/healthz", "/v1/jobs", "/", "/docs")
            )
            for answer in (probe, jobs, page, docs):
                for name, value in everywhere.items():
                    assert answer.headers.get(name) == value, (answer.url, name)
            assert (
                probe.headers["Content-Security-Policy"]
                == API_POLICY
                == jobs.headers["Content-Security-Policy"]
            )
            assert page.headers["Content-Security-Policy"] == PAGE_POLICY
            assert docs.headers["Content-Security-Policy"] == DOCS_POLICY
            assert jobs.headers["Cache-Control"] == "no-store" == page.headers["Cache-Control"]
            assert probe.headers.get("Cache-Control") != "no-store"
    finally:
        app.extensions["warta.store"].close()
