"""The translation backend on transformers: MarianMT (or any seq2seq model) through ``generate``.

It translates texts that already fit the model; splitting, batching and the glossary belong to the
pipeline, so a second backend (CTranslate2) only has to offer the same members: ``count_tokens``,
``translate_batch`` and ``align``.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import torch

from workers.alignment import Span, aligned_span, piece_offsets

# Typographic punctuation some vocabularies lack (opus-mt-id-en has no “ ” ‘ ’): given to the model as
# the ASCII it knows, one character for one, so offsets into the text stay valid.
ALIGNMENT_CACHE = 256  # sentence pairs; one scoring pass serves every term and name of a sentence
ASCII_FALLBACK = {"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "«": '"', "»": '"', "–": "-", "—": "-"}


class TransformersTranslator:
    backend = "transformers"

    def __init__(self, model: Any, tokenizer: Any, *, model_id: str, num_beams: int) -> None:
        self.model, self.tokenizer, self.model_id, self.num_beams = model, tokenizer, model_id, num_beams
        self.max_positions = int(getattr(model.config, "max_position_embeddings", 512) or 512)
        # Room for the end-of-sentence token the tokenizer appends.
        self.max_input_tokens = min(self.max_positions, tokenizer.model_max_length) - 1
        self._fallback = str.maketrans({c: a for c, a in ASCII_FALLBACK.items() if self._unknown(c)})
        self._links = lru_cache(maxsize=ALIGNMENT_CACHE)(self._links_uncached)

    def _unknown(self, char: str) -> bool:
        ids = self.tokenizer(char, add_special_tokens=False).input_ids
        return self.tokenizer.unk_token_id in ids

    def _model_text(self, text: str) -> str:
        return text.translate(self._fallback)

    def count_tokens(self, text: str) -> int:
        return len(self.tokenizer(self._model_text(text), add_special_tokens=False).input_ids)

    def translate_batch(self, texts: list[str]) -> list[str]:
        if not texts:
            return []
        inputs = self.tokenizer([self._model_text(t) for t in texts], return_tensors="pt", padding=True)
        inputs = inputs.to(self.model.device)
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

    def align(self, source: str, target: str, span: tuple[int, int]) -> tuple[int, int] | None:
        """The words of ``target`` that the model's cross-attention ties to ``source[span]``.

        Each target token is linked to the source token it attends to most, averaged over layers and
        heads in one pass teacher-forced on ``target``; ``aligned_span`` turns the links into words.
        """
        links, source_offsets, target_offsets = self._links(source, target)
        return aligned_span(links, source_offsets, target_offsets, span, target)

    def _links_uncached(self, source: str, target: str) -> tuple[list[int], list[Span], list[Span]]:
        """Attention links and piece offsets of one sentence pair (several terms ask for the same pair)."""
        source_ids = self.tokenizer(self._model_text(source)).input_ids
        target_ids = self.tokenizer(text_target=self._model_text(target)).input_ids
        links = self._cross_attention(source_ids, target_ids).argmax(dim=1).tolist()
        source_offsets = piece_offsets(self.tokenizer.convert_ids_to_tokens(source_ids), source)
        target_offsets = piece_offsets(self.tokenizer.convert_ids_to_tokens(target_ids), target)
        return links, source_offsets, target_offsets

    def _cross_attention(self, source_ids: list[int], target_ids: list[int]) -> torch.Tensor:
        """(target tokens x source tokens) attention, averaged over layers and heads."""
        device = self.model.device
        fast = self.model.config._attn_implementation
        # Fused attention kernels do not return weights; only this one scoring pass runs without them.
        self.model.set_attn_implementation("eager")
        try:
            with torch.inference_mode():
                output = self.model(
                    input_ids=torch.tensor([source_ids], device=device),
                    labels=torch.tensor([target_ids], device=device),
                    output_attentions=True,
                )
        finally:
            self.model.set_attn_implementation(fast)
        return torch.stack(output.cross_attentions)[:, 0].mean(dim=(0, 1)).float().cpu()
