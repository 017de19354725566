"""Main-content extraction from an article's HTML with trafilatura.

Scripts, styles, navigation, comments and boilerplate never reach the models: trafilatura keeps the
article body only, one paragraph per line, which is the shape the rest of the text pipeline expects.
"""

from __future__ import annotations

from dataclasses import dataclass

import trafilatura


@dataclass(frozen=True)
class Extracted:
    text: str
    title: str | None


def extract_article(html: str) -> Extracted:
    """The article text ('' when the page has no main content) and the page's title, if any."""
    # No ``deduplicate``: its memory of paragraphs lives in the process, so one client's pages would
    # change what is extracted from another's (after a few identical pages, nothing at all).
    text = trafilatura.extract(html, include_comments=False, include_tables=False, deduplicate=False) or ""
    metadata = trafilatura.extract_metadata(html)
    title = metadata.title.strip() if metadata and metadata.title else None
    lines = text.split("\n")
    if title and lines and lines[0].strip() == title:
        # The headline is the title, not the first paragraph of the body.
        text = "\n".join(lines[1:])
    return Extracted(text=text, title=title)
