"""Documents keep their inline markup through translation (issue 27): an .html sentence with a bold name
and a link is translated whole, and its markup comes back around the words that render what it wrapped.
A real worker with the tiny models, and the translation memory, whose English is known exactly."""

from __future__ import annotations

import io
from typing import Any

import pytest

from workers.contract.limits import Limits
from workers.documents.convert import segments
from workers.documents.formats import DocumentFormat

pytestmark = pytest.mark.integration
SOURCE = "Presiden Joko Widodo tiba di Jakarta."
ENGLISH = "President Joko Widodo arrived in Jakarta."
LINK = '<a href="https://example.id/berita?id=1&amp;hal=2" title="Ibu kota">'
PARAGRAPH = f"<p>Presiden <b>Joko Widodo</b> tiba di {LINK}Jakarta</a>.</p>"
PAGE = f"<html><body>\n<h1>Berita</h1>\n{PARAGRAPH}\n</body></html>"


def _translated_file(client: Any, name: str, data: bytes, key: str) -> bytes:
    form = {"file": (io.BytesIO(data), name), "source": "id", "target": "en", "api_key": key}
    made = client.post("/translate_file", data=form, content_type="multipart/form-data")
    assert made.status_code == 200, made.json
    return client.get(made.json["translatedFileUrl"].removeprefix("http://localhost")).data  # type: ignore[no-any-return]


def test_a_sentence_with_inline_markup_is_one_line_to_translate() -> None:
    lines = segments(PAGE.encode(), DocumentFormat.HTML, Limits())
    assert lines == ["Berita", SOURCE]


def test_a_remembered_sentence_comes_back_with_its_bold_and_link_around_the_names(served_with: Any) -> None:
    client, app, _worker = served_with(suggestions=True)
    _, key = app.extensions["warta.keys"].create("desk")
    taught = client.post(
        "/suggest", json={"q": SOURCE, "s": ENGLISH, "source": "id", "target": "en", "api_key": key}
    )
    assert taught.json == {"success": True}
    english = _translated_file(client, "berita.html", PAGE.encode(), key).decode()
    assert f"<p>President <b>Joko Widodo</b> arrived in {LINK}Jakarta</a>.</p>" in english, english
    assert english.startswith("<html><body>\n<h1>") and english.endswith("</p>\n</body></html>")
