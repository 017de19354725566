"""A zip of every format, for one download that has it all."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from typing import Any, Protocol


class _Renderer(Protocol):
    extension: str

    def render(self, document: dict[str, Any]) -> bytes: ...


def render_zip(document: dict[str, Any], renderers: Mapping[str, _Renderer], stem: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for renderer in renderers.values():
            archive.writestr(f"{stem}.{renderer.extension}", renderer.render(document))
    return buffer.getvalue()
