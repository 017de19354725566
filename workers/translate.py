"""The translation backend on transformers: MarianMT (or any seq2seq model) through ``generate``.

It translates texts that already fit the model; splitting and batching belong to the pipeline, so a
second backend (CTranslate2) only has to offer the same three members.
"""

from __future__ import annotations

from typing import Any

import torch


class TransformersTranslator:
    backend = "transformers"

    def __init__(self, model: Any, tokenizer: Any, *, model_id: str, num_beams: int) -> None:
        self.model, self.tokenizer, self.model_id, self.num_beams = model, tokenizer, model_id, num_beams
        self.max_positions = int(getattr(model.config, "max_position_embeddings", 512) or 512)
        # Room for the end-of-sentence token the tokenizer appends.
        self.max_input_tokens = min(self.max_positions, tokenizer.model_max_length) - 1

    def count_tokens(self, text: str) -> int:
        return len(self.tokenizer(text, add_special_tokens=False).input_ids)

    def translate_batch(self, texts: list[str]) -> list[str]:
        if not texts:
            return []
        inputs = self.tokenizer(texts, return_tensors="pt", padding=True).to(self.model.device)
        longest = int(inputs["attention_mask"].sum(dim=1).max())
        with torch.inference_mode():
            output = self.model.generate(
                **inputs,
                num_beams=self.num_beams,
                # Translations run near the source length; the bound only stops a degenerate loop.
                max_new_tokens=min(self.max_positions, 2 * longest + 16),
                max_length=None,  # the checkpoint's max_length would otherwise compete with the bound
            )
        return [t.strip() for t in self.tokenizer.batch_decode(output, skip_special_tokens=True)]
