"""An article's text, ready for the models: normalized, cleaned, in paragraphs of sentences."""

from __future__ import annotations

from dataclasses import dataclass

from workers.lang import Language
from workers.text.clean import Cleaned, Removal, clean_lines
from workers.text.normalize import normalized_lines
from workers.text.segment import split_sentences


@dataclass(frozen=True)
class PreparedText:
    paragraphs: list[list[str]]
    removed: list[Removal]

    @property
    def clean_text(self) -> str:
        return "\n".join(" ".join(sentences) for sentences in self.paragraphs)

    @property
    def sentences(self) -> list[str]:
        return [s for paragraph in self.paragraphs for s in paragraph]


def prepare_text(text: str, *, clean: bool = True, language: Language = "id") -> PreparedText:
    """By the rules of the text's ``language`` (its profile: scraper noise, sentence splitting)."""
    lines = normalized_lines(text)
    cleaned = clean_lines(lines, language) if clean else Cleaned(lines, [])
    return PreparedText([split_sentences(p, language) for p in cleaned.paragraphs], cleaned.removed)
