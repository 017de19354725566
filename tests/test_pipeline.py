"""The pipeline on the tiny real models: alignment kept, nothing lost, progress reaches its total."""

from __future__ import annotations

from collections import Counter

import pytest

from workers.batch_translate import translate_all
from workers.contract.article import ArticleInput
from workers.models import ModelRegistry
from workers.pipeline import run_pipeline

ARTICLES = [
    ArticleInput(
        "a",
        "Putin di Pyongyang",
        "Presiden Rusia tiba di Pyongyang. Ia disambut Kim Jong-un.\n\nKedua negara sepakat bekerja sama.",
    ),
    ArticleInput("b", None, "Harga beras naik 4,8 persen. “Kami khawatir,” kata seorang pedagang."),
]


@pytest.fixture(scope="module")
def registry(tiny_models, backend):
    from workers.settings import Settings

    return ModelRegistry(Settings(mt_beams=2, sum_beams=2, sum_max_tokens=16, mt_backend=backend,
                                  sum_backend=backend, **tiny_models))  # fmt: skip


def run(registry, articles, tasks, **options):
    events = []
    docs = run_pipeline(
        articles,
        tasks,
        translator=registry.translator,
        summarizer=registry.summarizer,
        batch_size=2,
        **options,
        progress=lambda *e: events.append(e),
    )
    return docs, events


def test_every_sentence_is_paired_with_its_translation_in_order(registry):
    docs, events = run(registry, ARTICLES, ["translate", "summarize"])
    assert [d["id"] for d in docs] == ["a", "b"]
    a, b = docs
    assert [[s["source"] for s in p] for p in a["paragraphs"]] == [
        ["Presiden Rusia tiba di Pyongyang.", "Ia disambut Kim Jong-un."],
        ["Kedua negara sepakat bekerja sama."],
    ]
    assert [s["index"] for p in a["paragraphs"] for s in p] == [0, 1, 2]
    assert all(isinstance(s["target"], str) for d in docs for p in d["paragraphs"] for s in p)
    assert isinstance(a["title_en"], str) and b["title_en"] is None
    for doc in docs:
        summary = doc["summary"]
        assert summary["method"] == "abstractive" and summary["input_truncated"] is False
        assert isinstance(summary["source_lang_text"], str) and isinstance(summary["english_text"], str)
    shared = [e for e in events if e[0] in ("translate", "summarize")]  # one count for both stages
    total = shared[-1][2]
    assert total == 1 + 5 + 2  # one title, five sentences, two summaries
    assert [done for _stage, done, _total in shared] == sorted(done for _s, done, _t in shared)
    assert shared[-1] == ("summarize", total, total)
    assert events[-1] == ("finish", 2, 2)  # then each article documented


def test_translate_only_skips_the_summarizer(registry):
    docs, events = run(registry, ARTICLES[1:], ["translate"])
    assert docs[0]["summary"] is None and ("translate", 2, 2) in events and events[-1] == ("finish", 1, 1)


def test_summarize_only_leaves_sentences_untranslated(registry):
    docs, events = run(registry, ARTICLES[:1], ["summarize"])
    assert all(s["target"] is None for p in docs[0]["paragraphs"] for s in p)
    assert docs[0]["title_en"] is None and docs[0]["summary"]["english_text"] is not None
    assert ("summarize", 1, 1) in events and events[-1] == ("finish", 1, 1)


class RecordingTranslator:
    """The real tiny translator, with a record of every text it was given."""

    def __init__(self, inner):
        self.inner, self.inputs = inner, []
        self.model_id, self.max_input_tokens = inner.model_id, inner.max_input_tokens

    def count_tokens(self, text):
        return self.inner.count_tokens(text)

    def translate_batches(self, batches):
        for batch in batches:
            self.inputs.extend(batch)
        return self.inner.translate_batches(batches)

    def align(self, source, target, span):
        return self.inner.align(source, target, span)

    def prefetch_links(self, pairs):
        self.inner.prefetch_links(pairs)


def test_a_2000_word_single_sentence_is_translated_whole(registry):
    translator = RecordingTranslator(registry.translator())
    words = ["Pemerintah", "menyatakan", "bahwa", "harga", "beras,", "gula", "dan", "minyak", "naik"]
    sentence = " ".join(words[i % len(words)] for i in range(2000)) + "."
    assert translator.count_tokens(sentence) > translator.max_input_tokens
    docs = run_pipeline(
        [ArticleInput("long", None, sentence)],
        ["translate"],
        translator=lambda _pair: translator,
        summarizer=registry.summarizer,
        batch_size=4,
        progress=lambda *_: None,
    )
    [[only]] = docs[0]["paragraphs"]
    assert only["source"] == sentence and only["target"]
    sent = " ".join(translator.inputs).split()
    assert Counter(sent) == Counter(sentence.split()), "every word went to the model exactly once"
    assert len(translator.inputs) > 1
    assert all(translator.count_tokens(t) <= translator.max_input_tokens for t in translator.inputs)


class UpperCaseTranslator:
    """A stand-in for the model, to test the splitting and re-joining around it."""

    model_id = "upper"
    max_input_tokens = 3

    def __init__(self):
        self.batches = []

    def count_tokens(self, text):
        return len(text.split())

    def translate_batches(self, batches):
        for texts in batches:
            self.batches.append(list(texts))
            yield [t.upper() for t in texts]

    def align(self, source, target, span):
        return span

    def prefetch_links(self, pairs):
        return None


def test_long_texts_are_split_translated_and_rejoined_in_order():
    translator, done = UpperCaseTranslator(), []
    texts = ["a b c d e f g", "h", "i j, k l"]
    out = translate_all(texts, translator, batch_size=2, on_done=done.append)
    assert [t.text for t in out] == ["A B C D E F G", "H", "I J, K L"]
    assert all(len(batch) <= 2 for batch in translator.batches)
    assert done == sorted(done) and done[-1] == 3


SCRAPED = ArticleInput(
    "scraped",
    None,
    "KOMPAS.com - Presiden Rusia tiba di Pyongyang.\n"
    "Baca juga: Kim Jong Un Rilis Lagu\n"
    "Ia disambut Kim. [ns/rd]",
)


def test_cleaning_is_reported_and_can_be_turned_off(registry):
    [doc], _ = run(registry, [SCRAPED], ["translate"])
    assert doc["clean_text"] == "Presiden Rusia tiba di Pyongyang.\nIa disambut Kim."
    assert [(r["reason"], r["text"]) for r in doc["removed"]] == [
        ("dateline_outlet", "KOMPAS.com - "),
        ("related_link", "Baca juga: Kim Jong Un Rilis Lagu"),
        ("credit_tag", " [ns/rd]"),
    ]
    assert [[s["source"] for s in p] for p in doc["paragraphs"]] == [
        ["Presiden Rusia tiba di Pyongyang."],
        ["Ia disambut Kim."],
    ]
    [raw], _ = run(registry, [SCRAPED], ["translate"], clean=False)
    assert raw["removed"] == [] and len(raw["paragraphs"]) == 3


def test_glossary_terms_are_reported_and_present_where_applied(registry):
    from glossary.default import default_glossary
    from glossary.matcher import Matcher

    article = ArticleInput(
        "g", "Putin ke Korea Utara", "Presiden Rusia tiba di Korea Utara. Jerman dan Rusia berselisih."
    )
    [doc], _ = run(registry, [article], ["translate"], matcher=Matcher(default_glossary()))
    report = doc["glossary_report"]
    assert report["glossary"]["name"] == "default"
    assert report["terms_found"] >= 5  # Korea Utara (title), Rusia, Korea Utara, Jerman, Rusia
    assert report["terms_applied"] + report["terms_missed"] == report["terms_found"]
    for sentence in (s for p in doc["paragraphs"] for s in p):
        for term in sentence["terms"]:
            assert sentence["source"][slice(*term["source_span"])] == term["source"]
            if term["status"] != "missed":
                assert sentence["target"][slice(*term["target_span"])] == term["target"]


def test_quality_reports_reference_scores_and_flags(registry):
    article = ArticleInput(
        "q", None, "Presiden Rusia tiba di Pyongyang. Harga naik 4,8 persen.",
        reference="The Russian president arrived in Pyongyang.\nPrices rose 4.8 percent.",
        reference_summary="Putin arrived in Pyongyang.",
    )  # fmt: skip
    [doc], _ = run(registry, [article], ["translate", "summarize"])
    quality = doc["quality"]
    scores = quality["reference_based"]["translation"]
    assert scores["level"] == "sentence" and len(scores["sentences"]) == 2
    assert scores["bleu"]["signature"].startswith("nrefs:1|case:mixed") and "chrF2++" not in scores
    assert set(quality["reference_based"]["summary"]) == {"rouge1", "rouge2", "rougeL", "signature"}
    assert set(quality["reference_free"]["flag_rates"]) >= {"numbers", "untranslated", "repetition"}
    assert "compression_ratio" in quality["reference_free"]["summary"]
    assert all(isinstance(s["flags"], list) for p in doc["paragraphs"] for s in p)
