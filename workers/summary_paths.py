"""Which way an article is summarized, by the languages the summarization model writes.

mT5-XLSum was trained on BBC articles in 45 languages (``XLSUM_LANGUAGES``, from the XL-Sum paper and
its model card). An article in one of them is summarized as written and the summary translated; one in
another language is translated first and summarized in the target language where the model writes that;
where it writes neither, the summary is extractive (sentences chosen from the article). A deployment
with another summarization model names its languages with ``WARTA_SUM_LANGUAGES``.
"""

from __future__ import annotations

from workers.contract.enums import SummaryMethod, SummaryPath
from workers.languages import UnknownLanguage, normalize
from workers.model_table import LanguagePair

XLSUM_LANGUAGES = frozenset({
    "am", "ar", "az", "bn", "cy", "en", "es", "fa", "fr", "gd", "gu", "ha", "hi", "id", "ig", "ja", "ko",
    "ky", "mr", "my", "ne", "om", "pa", "pcm", "ps", "pt", "rn", "ru", "si", "so", "sr-Cyrl", "sr-Latn",
    "sw", "ta", "te", "th", "ti", "tr", "uk", "ur", "uz", "vi", "yo", "zh-Hans", "zh-Hant",
})  # fmt: skip


def summary_languages(setting: str) -> frozenset[str]:
    """The languages of ``WARTA_SUM_LANGUAGES`` (empty: mT5-XLSum's); a code that names no language is
    refused with the setting's name."""
    if not setting.strip():
        return XLSUM_LANGUAGES
    try:
        return frozenset(normalize(code) for code in setting.split(",") if code.strip())
    except UnknownLanguage as error:
        raise ValueError(f"WARTA_SUM_LANGUAGES: {error}") from None


def summary_path(method: str, pair: LanguagePair, languages: frozenset[str]) -> SummaryPath:
    if method == SummaryMethod.EXTRACTIVE:
        return SummaryPath.EXTRACTIVE
    if pair.source in languages or pair.source.split("-")[0] in languages:
        return SummaryPath.SOURCE
    if pair.target in languages or pair.target.split("-")[0] in languages:
        return SummaryPath.TARGET
    return SummaryPath.EXTRACTIVE
