"""Token-bounded batches: every sentence once, padding bounded, results back in order."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from workers.batch_translate import translate_all
from workers.batching import token_batches


@given(st.lists(st.integers(1, 300), max_size=80), st.integers(1, 2000), st.integers(1, 40))
def test_every_index_once_and_each_batch_within_budget(lengths, max_tokens, max_items):
    batches = token_batches(lengths, max_tokens, max_items)
    assert sorted(i for b in batches for i in b) == list(range(len(lengths)))
    for batch in batches:
        assert len(batch) <= max_items
        padded = max(lengths[i] for i in batch) * len(batch)
        assert padded <= max_tokens or len(batch) == 1, "only a sentence alone may exceed the budget"
        assert [lengths[i] for i in batch] == sorted((lengths[i] for i in batch), reverse=True)


def test_short_sentences_share_big_batches_and_long_ones_small():
    lengths = [100, 5, 5, 100, 5, 5, 5, 5]
    assert token_batches(lengths, max_tokens=200, max_items=32) == [[0, 3], [1, 2, 4, 5, 6, 7]]


class WordCountTranslator:
    """Tests the ordering around the model, not the model: output = input reversed word by word."""

    model_id, max_input_tokens = "reverse", 50

    def __init__(self):
        self.batches = []

    def count_tokens(self, text):
        return len(text.split())

    def translate_batches(self, batches):
        for batch in batches:
            self.batches.append(batch)
            yield [" ".join(reversed(t.split())) for t in batch]

    def align(self, source, target, span):
        return None

    def prefetch_links(self, pairs):
        return None


def test_results_come_back_in_the_callers_order_whatever_the_batching():
    texts = ["a b c d e f", "g", "h i", "j k l m", "n"]
    translator, done = WordCountTranslator(), []
    out = translate_all(texts, translator, batch_size=8, on_done=done.append, batch_tokens=8)
    assert [t.text for t in out] == [" ".join(reversed(t.split())) for t in texts]
    assert translator.batches[0] == ["a b c d e f"], "longest first"
    assert done[-1] == len(texts) and done == sorted(done)
