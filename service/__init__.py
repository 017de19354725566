"""Warta's HTTP API, job store and CLI.

``create_app`` is resolved lazily so that workers, which import the job store from here, do not pull
in Flask.
"""

from __future__ import annotations

from typing import Any

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from service.app import create_app

        return create_app
    raise AttributeError(name)
