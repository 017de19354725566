"""Abstractive summaries with an mT5/T5 model through transformers ``generate``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import torch

# The XL-Sum authors' decoding settings for news (model card of csebuetnlp/mT5_multilingual_XLSum).
NO_REPEAT_NGRAM_SIZE = 2


@dataclass(frozen=True)
class Summary:
    text: str
    input_tokens: int
    input_truncated: bool


class TransformersSummarizer:
    backend = "transformers"

    def __init__(
        self,
        model: Any,
        tokenizer: Any,
        *,
        model_id: str,
        num_beams: int,
        max_new_tokens: int,
        max_input_tokens: int,
    ) -> None:
        self.model, self.tokenizer, self.model_id = model, tokenizer, model_id
        self.num_beams, self.max_new_tokens, self.max_input_tokens = (
            num_beams,
            max_new_tokens,
            max_input_tokens,
        )

    def summarize(self, text: str) -> Summary:
        """Summarize what fits the model's input window; the result says when input was cut."""
        text = " ".join(text.split())
        input_tokens = len(self.tokenizer(text).input_ids)
        inputs = self.tokenizer(
            text, return_tensors="pt", truncation=True, max_length=self.max_input_tokens
        ).to(self.model.device)
        with torch.inference_mode():
            output = self.model.generate(
                **inputs,
                num_beams=self.num_beams,
                max_new_tokens=self.max_new_tokens,
                no_repeat_ngram_size=NO_REPEAT_NGRAM_SIZE,
            )
        summary = self.tokenizer.decode(output[0], skip_special_tokens=True).strip()
        return Summary(summary, input_tokens, input_tokens > self.max_input_tokens)
