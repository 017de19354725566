"""DeepL's ignore_tags and translate="no": held out of the text the worker reads and put back as sent."""

from __future__ import annotations

from service.deepl_tags import Kept, hold_untranslated, tag_names


def test_an_ignored_element_is_held_out_whole_nested_ones_included_and_comes_back():
    kept = Kept()
    text = "<p>Harga <x>tetap <x>sama</x> di</x> pasar <x>dua</x></p>"
    held = hold_untranslated(text, {"x"}, html=False, kept=kept)
    assert "tetap" not in held and "dua" not in held and held.startswith("<p>Harga <x><!--warta-keep-")
    assert list(kept.contents.values()) == ["tetap <x>sama</x> di", "dua"]
    assert kept.restore(held.replace("Harga", "Price")) == text.replace("Harga", "Price")


def test_html_translate_no_is_kept_and_an_unclosed_element_is_left_as_sent():
    kept = Kept()
    held = hold_untranslated('<p translate="no">Tetap</p><p>Ubah</p>', set(), html=True, kept=kept)
    assert "Tetap" not in held and "<p>Ubah</p>" in held
    assert hold_untranslated("<x>tanpa akhir", {"x"}, html=False, kept=Kept()) == "<x>tanpa akhir"


def test_a_comment_the_client_sent_is_never_taken_for_a_held_content():
    kept = Kept()
    held = hold_untranslated("<x>a</x> <!--warta-keep-0000-0-->", {"x"}, html=False, kept=kept)
    assert kept.restore(held).endswith("<!--warta-keep-0000-0-->")


def test_tag_names_are_read_from_a_list_or_a_comma_separated_string():
    assert tag_names(["X", "y"]) == {"x", "y"} == tag_names("x, Y")
