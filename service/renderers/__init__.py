"""One result document, every format a translator uses: one renderer a file, all of them pure.

A renderer takes the result document (the JSON the API serves) and returns bytes; nothing here reads
a file or a path a user named. ``RENDERERS`` maps a format to its renderer, media type and extension.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from service.renderers import html, markdown, plain, tmx, xliff
from service.renderers.json import render as render_json


@dataclass(frozen=True)
class Renderer:
    render: Callable[[dict[str, Any]], bytes]
    media_type: str
    extension: str


RENDERERS: dict[str, Renderer] = {
    "json": Renderer(render_json, "application/json", "json"),
    "md": Renderer(markdown.render, "text/markdown; charset=utf-8", "md"),
    "html": Renderer(html.render, "text/html; charset=utf-8", "html"),
    "tmx": Renderer(tmx.render, "application/x-tmx+xml", "tmx"),
    "xliff": Renderer(xliff.render, "application/xliff+xml", "xlf"),
    "txt": Renderer(plain.render, "text/plain; charset=utf-8", "txt"),
}
