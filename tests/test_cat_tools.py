"""The TMX and XLIFF downloads as CAT tools read them: translate-toolkit (the library behind Pootle,
Weblate's file formats and Virtaal) parses each back into exactly the job's source/target pairs, in
order, markup and quotes included."""

from __future__ import annotations

from translate.storage import tmx, xliff2

from service.renderers import RENDERERS
from tests.test_downloads import DOCUMENT, PAIRS, SUMMARY


def _pairs(store) -> list[tuple[str, str]]:
    return [(unit.source, unit.target) for unit in store.units if not unit.isheader()]


def test_translate_toolkit_reads_the_tmx_download_into_the_jobs_pairs():
    store = tmx.tmxfile(RENDERERS["tmx"].render(DOCUMENT), sourcelanguage="id", targetlanguage="en")
    assert _pairs(store) == [*PAIRS, *SUMMARY]


def test_translate_toolkit_reads_the_xliff_download_into_the_jobs_pairs():
    store = xliff2.Xliff2File(RENDERERS["xliff"].render(DOCUMENT))
    assert store.getsourcelanguage() == "id" and store.gettargetlanguage() == "en"
    assert _pairs(store) == [*PAIRS, *SUMMARY]
