"""The result document as it is."""

from __future__ import annotations

import json
from typing import Any


def render(document: dict[str, Any]) -> bytes:
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode()
