"""JSON a client sent, parsed without letting its shape reach the interpreter's own limits.

Python's parser recurses once per nesting level and converts integers of any length until its digit
limit: a body nested 50,000 deep or holding a 5,000-digit number raised a ``RecursionError`` or a bare
``ValueError`` where a client should get a 400 naming the body. Every JSON input (job and benchmark
requests, JSON glossaries) goes through ``parse_json``; it lives in the lowest layer so all can.
"""

from __future__ import annotations

import json
import re
from typing import Any

from glossary.entry import SURROGATE

# Deeper than any request or glossary of the contract nests (a job's inline term is four levels down).
MAX_JSON_DEPTH = 64
_BRACKETS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def parse_json(text: str) -> Any:
    """The document; ``ValueError`` with a message fit for the client for anything the parser refuses,
    nesting past ``MAX_JSON_DEPTH`` and integers past Python's digit limit included."""
    if (depth := nesting(text)) > MAX_JSON_DEPTH:
        raise ValueError(f"it nests {depth} levels deep where {MAX_JSON_DEPTH} is the most")
    return json.loads(text)  # JSONDecodeError and the digit limit are ValueErrors


def nesting(text: str) -> int:
    """How deep ``text``'s arrays and objects nest, at most (brackets inside strings do not count)."""
    deepest = depth = 0
    for token in _BRACKETS.findall(text):
        if token in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif token in "]}":
            depth -= 1
    return deepest


def surrogate_in(value: Any, path: str = "") -> str | None:
    """The path of the first string (or member name) holding a lone surrogate (a ``\\ud800`` escape,
    which no store, file or model can take), else None; ``""`` is the document itself."""
    if isinstance(value, str):
        return path if SURROGATE.search(value) else None
    if isinstance(value, dict):
        children = [(f"{path}.{key}" if path else str(key), key, item) for key, item in value.items()]
    elif isinstance(value, list):
        children = [(f"{path}[{i}]", "", item) for i, item in enumerate(value)]
    else:
        return None
    for where, key, item in children:
        found = where if SURROGATE.search(key) else surrogate_in(item, where)
        if found is not None:
            return found
    return None
