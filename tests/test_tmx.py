"""TMX in and out of the human memory, read and written against translate-toolkit, the library CAT-tool
pipelines (Pootle, Weblate's import) use for TMX."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from translate.storage import tmx as toolkit_tmx

from workers.human_memory import sentence_pairs
from workers.store.human_memory import Pair
from workers.tmx import TmxError, read_tmx, write_tmx


def _toolkit_file(pairs: list[tuple[str, str]], source: str = "id", target: str = "en") -> bytes:
    store = toolkit_tmx.tmxfile(sourcelanguage=source, targetlanguage=target)
    for indonesian, english in pairs:
        store.addtranslation(indonesian, source, english, target)
    return bytes(store)


def test_a_file_translate_toolkit_writes_is_read_with_its_doctype():
    data = _toolkit_file([("Harga beras naik.", "Rice prices rose."), ("Hujan turun.", "It rained.")])
    assert b"<!DOCTYPE" in data
    assert [(p.source, p.target) for p in read_tmx(data)] == [
        ("Harga beras naik.", "Rice prices rose."), ("Hujan turun.", "It rained."),
    ]  # fmt: skip


def test_what_is_written_translate_toolkit_reads_back_with_who_and_when():
    at = datetime(2026, 11, 30, 8, 15, tzinfo=UTC)
    data = write_tmx([Pair("Harga beras naik.", "Rice prices rose.", "desk", at), Pair("Hujan.", "Rain.")])
    store = toolkit_tmx.tmxfile.parsestring(data)
    assert [(u.source, u.target) for u in store.units] == [("Harga beras naik.", "Rice prices rose."),
                                                            ("Hujan.", "Rain.")]  # fmt: skip
    assert read_tmx(data)[0] == Pair("Harga beras naik.", "Rice prices rose.", "desk", at)


def test_language_codes_inline_codes_and_whitespace_as_cat_tools_write_them():
    data = """<?xml version="1.0"?>
<tmx version="1.1"><header srclang="EN-US"/><body>
  <tu creationid="omegat" creationdate="20250102T030405Z">
    <tuv lang="EN-US"><seg>The <bpt i="1">&lt;b&gt;</bpt>rice<ept i="1">&lt;/b&gt;</ept> price
      rose.</seg></tuv>
    <tuv xml:lang="in_ID"><seg>Harga <hi>beras</hi> naik.</seg></tuv>
  </tu>
  <tu><tuv xml:lang="id"><seg>Hanya satu bahasa.</seg></tuv></tu>
</body></tmx>"""
    [pair] = read_tmx(data)
    assert (pair.source, pair.target) == ("Harga beras naik.", "The rice price rose.")
    assert pair.changed_by == "omegat" and pair.changed_at == datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"<tmx><body><tu>", "well-formed"),
        (b"<xliff/>", "<tmx>"),
        (b'<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY a "aaaaaaaa">]><tmx><body/></tmx>', "entity"),
        (b'<!DOCTYPE tmx [<!ENTITY a SYSTEM "file:///etc/passwd">]><tmx>&a;</tmx>', "entity"),
        (_toolkit_file([("Hello.", "Bonjour.")], "en", "fr"), "languages found: en, fr"),
    ],
)
def test_what_is_not_an_indonesian_english_tmx_is_refused_with_the_reason(data, says):
    with pytest.raises(TmxError, match=says):
        read_tmx(data)


def test_inline_elements_nested_thousands_deep_are_read_as_their_text():
    """A walk of its own, not Python's stack: 1,500 nested ``<hi>`` were a RecursionError, a 500 from
    ``PUT /v1/memory`` and a crash of ``warta tm import``."""
    deep = "<hi>" * 1500 + "beras" + "</hi>" * 1500
    data = f"""<tmx version="1.4"><body><tu>
      <tuv xml:lang="id"><seg>Harga {deep} <ph>&lt;br/&gt;</ph>naik.</seg></tuv>
      <tuv xml:lang="en"><seg>Rice prices rose.</seg></tuv>
    </tu></body></tmx>"""
    [pair] = read_tmx(data)
    assert (pair.source, pair.target) == ("Harga beras naik.", "Rice prices rose.")


def test_a_unit_of_several_sentences_is_kept_sentence_by_sentence_where_the_english_has_as_many():
    split = sentence_pairs(Pair("Harga naik. Warga  protes.", "Prices rose. People protested."))
    assert [(p.source, p.target) for p in split] == [("Harga naik.", "Prices rose."),
                                                      ("Warga protes.", "People protested.")]  # fmt: skip
    whole = sentence_pairs(Pair("Harga naik. Warga protes.", "Prices rose and people protested."))
    assert [(p.source, p.target) for p in whole] == [("Harga naik. Warga protes.",
                                                      "Prices rose and people protested.")]  # fmt: skip


def test_a_large_file_is_read_as_a_stream_each_unit_dropped_once_read():
    """30,000 units (4 MB): the whole tree took about three times the memory of the pairs read."""
    import tracemalloc

    units = "".join(
        f'<tu><tuv xml:lang="id"><seg>Harga beras naik {n} persen.</seg></tuv>'
        f'<tuv xml:lang="en"><seg>Rice rose {n} percent.</seg></tuv></tu>'
        for n in range(30_000)
    )
    data = f'<tmx version="1.4"><header srclang="id"/><body>{units}</body></tmx>'.encode()
    tracemalloc.start()
    pairs = read_tmx(data)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert len(pairs) == 30_000 and pairs[-1].target == "Rice rose 29999 percent."
    assert peak < 20 * 2**20, f"peak {peak / 2**20:.0f} MB"
