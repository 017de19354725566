"""The translation backends' shared half (tokenizer, token counts, alignment) and the transformers one.

A backend translates texts that already fit the model; splitting, batching and the glossary belong to
the pipeline. Both backends see the same sentencepiece pieces (``workers.pieces``), so token counts,
the ASCII fallback and the piece offsets used for alignment are identical; they differ only in how they decode
(``_decode``) and how they read cross-attention (``_strongest_links``). Only the transformers backend
imports torch, so a CTranslate2 worker does not carry it.
"""

from __future__ import annotations

import copy
from collections import OrderedDict
from collections.abc import Iterator
from typing import Any, Self

from workers.alignment import Span, aligned_span, piece_offsets
from workers.model_card import Steering
from workers.pieces import HuggingFacePieces, PieceTokenizer, count

Links = tuple[list[int], list[Span], list[Span]]

# Typographic punctuation some vocabularies lack (opus-mt-id-en has no “ ” ‘ ’): given to the model as
# the ASCII it knows, one character for one, so offsets into the text stay valid.
ALIGNMENT_CACHE = 1024  # sentence pairs; one scoring pass serves every term and name of a sentence
ASCII_FALLBACK = {"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "«": '"', "»": '"', "–": "-", "—": "-"}


class TokenizedTranslator:
    """What every backend shares; subclasses implement ``_decode`` and ``_strongest_links``.

    One loaded model serves every pair it knows: ``steered`` gives a view of it that asks for one pair
    (``Steering``'s language tokens around the pieces), sharing the weights.
    """

    backend = ""
    steering = Steering()

    def __init__(self, pieces: PieceTokenizer, *, model_id: str, num_beams: int, max_positions: int) -> None:
        self.pieces, self.model_id, self.num_beams = pieces, model_id, num_beams
        self.max_positions = max_positions
        # Room for the end-of-sentence token the tokenizer appends.
        self.max_input_tokens = min(self.max_positions, pieces.max_length) - 1
        # Benchmarks fix the output length so random weights do not distort timing; None in service.
        self.fixed_output_tokens: int | None = None
        self._fallback = str.maketrans({c: a for c, a in ASCII_FALLBACK.items() if pieces.is_unknown(c)})
        self._link_cache: OrderedDict[tuple[str, str], Links] = OrderedDict()

    def steered(self, steering: Steering) -> Self:
        """This model asked for one pair; the view has its own alignment cache, since the same sentence
        pair's links differ between pairs."""
        if steering == self.steering:
            return self
        view = copy.copy(self)
        view.steering, view._link_cache = steering, OrderedDict()
        return view

    def _model_text(self, text: str) -> str:
        return text.translate(self._fallback)

    def _source(self, model_text: str) -> list[str]:
        """The pieces the encoder reads: the pair's source tokens, the text's pieces, the end."""
        return [*self.steering.source_prefix, *self.pieces.encode(model_text)]

    def _target(self, model_text: str) -> list[str]:
        """The pieces of a translation as the decoder writes them: the pair's forced tokens first."""
        return [*self.steering.target_prefix, *self.pieces.encode_target(model_text)]

    def count_tokens(self, text: str) -> int:
        return count(self.pieces, self._model_text(text)) + len(self.steering.source_prefix)

    def output_bound(self, longest_input: int) -> int:
        """Translations run near the source length; the bound only stops a degenerate loop."""
        return self.fixed_output_tokens or min(self.max_positions, 2 * longest_input + 16)

    def translate_batch(self, texts: list[str]) -> list[str]:
        return next(self.translate_batches([texts])) if texts else []

    def translate_batches(self, batches: list[list[str]]) -> Iterator[list[str]]:
        """Translations of each batch, in order; a backend may run several batches at once."""
        for batch in batches:
            yield self._decode([self._model_text(t) for t in batch]) if batch else []

    def _decode(self, texts: list[str]) -> list[str]:
        raise NotImplementedError

    def hypotheses(self, texts: list[str], count: int) -> list[list[str]]:
        """The beam's ``count`` best translations of each text, best first (LibreTranslate's
        ``alternatives``); the beam is widened to ``count`` where it is narrower."""
        return self._n_best([self._model_text(t) for t in texts], count) if texts else []

    def _n_best(self, texts: list[str], count: int) -> list[list[str]]:
        raise NotImplementedError

    def align(self, source: str, target: str, span: tuple[int, int]) -> tuple[int, int] | None:
        """The words of ``target`` that the model's cross-attention ties to ``source[span]``.

        Each target token is linked to the source token it attends to most, in one pass teacher-forced
        on ``target``; ``aligned_span`` turns the links into words.
        """
        links, source_offsets, target_offsets = self.links(source, target)
        return aligned_span(links, source_offsets, target_offsets, span, target)

    def links(self, source: str, target: str) -> Links:
        """Attention links and piece offsets of one sentence pair (several terms ask for the same pair)."""
        self.prefetch_links([(source, target)])
        self._link_cache.move_to_end((source, target))
        return self._link_cache[(source, target)]

    def knows_links(self, pair: tuple[str, str]) -> bool:
        return pair in self._link_cache

    def remember_links(self, pair: tuple[str, str], links: Links) -> None:
        """Links known from elsewhere (the translation memory)."""
        self._link_cache[pair] = links

    def prefetch_links(self, pairs: list[tuple[str, str]]) -> None:
        """Score every pair not yet known in one batched pass: repairs then cost no model call each."""
        todo = list(dict.fromkeys(p for p in pairs if p not in self._link_cache))
        if not todo:
            return
        encoded = [(self._source(self._model_text(s)), self._target(self._model_text(t))) for s, t in todo]
        for (source, target), (source_pieces, target_pieces), links in zip(
            todo, encoded, self._strongest_links(encoded), strict=True
        ):
            offsets = piece_offsets(source_pieces, source), piece_offsets(target_pieces, target)
            self._link_cache[(source, target)] = (links, *offsets)
        while len(self._link_cache) > ALIGNMENT_CACHE:
            self._link_cache.popitem(last=False)

    def _strongest_links(self, pairs: list[tuple[list[str], list[str]]]) -> list[list[int]]:
        """For each (source pieces, target pieces), the source piece each target piece attends to most."""
        raise NotImplementedError


class TransformersTranslator(TokenizedTranslator):
    """MarianMT (or any seq2seq model) through ``generate``."""

    backend = "transformers"

    def __init__(self, model: Any, tokenizer: Any, *, model_id: str, num_beams: int) -> None:
        self.model, self.tokenizer = model, tokenizer
        positions = int(getattr(model.config, "max_position_embeddings", 512) or 512)
        pieces = HuggingFacePieces(tokenizer)
        super().__init__(pieces, model_id=model_id, num_beams=num_beams, max_positions=positions)

    def _inputs(self, texts: list[str]) -> dict[str, Any]:
        """Encoder inputs from the pieces (the pair's tokens included), padded on the right as the
        tokenizer would, and the decoder's forced start where the pair needs one."""
        import torch

        rows = [self.tokenizer.convert_tokens_to_ids(self._source(t)) for t in texts]
        width = max(map(len, rows))
        pad = self.tokenizer.pad_token_id
        inputs: dict[str, Any] = {
            "input_ids": torch.tensor([r + [pad] * (width - len(r)) for r in rows], device=self.model.device),
            "attention_mask": torch.tensor(
                [[1] * len(r) + [0] * (width - len(r)) for r in rows], device=self.model.device
            ),
        }
        if self.steering.target_prefix:
            start = [self.model.generation_config.decoder_start_token_id,
                     *self.tokenizer.convert_tokens_to_ids(list(self.steering.target_prefix))]  # fmt: skip
            inputs["decoder_input_ids"] = torch.tensor([start] * len(rows), device=self.model.device)
        return inputs

    def _texts(self, output: Any) -> list[str]:
        """The translations, without the decoder's start and the pair's forced tokens."""
        if self.steering.target_prefix:
            output = output[:, 1 + len(self.steering.target_prefix) :]
        return [t.strip() for t in self.tokenizer.batch_decode(output, skip_special_tokens=True)]

    def _decode(self, texts: list[str]) -> list[str]:
        import torch

        inputs = self._inputs(texts)
        longest = int(inputs["attention_mask"].sum(dim=1).max())
        bound = self.output_bound(longest)
        with torch.inference_mode():
            output = self.model.generate(
                **inputs,
                num_beams=self.num_beams,
                max_new_tokens=bound,
                min_new_tokens=bound if self.fixed_output_tokens else None,
                max_length=None,  # the checkpoint's max_length would otherwise compete with the bound
            )
        return self._texts(output)

    def _n_best(self, texts: list[str], count: int) -> list[list[str]]:
        import torch

        inputs = self._inputs(texts)
        bound = self.output_bound(int(inputs["attention_mask"].sum(dim=1).max()))
        with torch.inference_mode():
            output = self.model.generate(
                **inputs, num_beams=max(self.num_beams, count), num_return_sequences=count,
                max_new_tokens=bound, max_length=None,
            )  # fmt: skip
        decoded = self._texts(output)
        return [decoded[i * count : (i + 1) * count] for i in range(len(texts))]

    def _strongest_links(self, pairs: list[tuple[list[str], list[str]]]) -> list[list[int]]:
        ids = self.tokenizer.convert_tokens_to_ids
        return [self._pair_links(ids(source), ids(target)) for source, target in pairs]

    def _pair_links(self, source_ids: list[int], target_ids: list[int]) -> list[int]:
        """Attention averaged over layers and heads (one pair a pass: eager attention, no padding)."""
        import torch

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
        attention = torch.stack(output.cross_attentions)[:, 0].mean(dim=(0, 1))
        return attention.argmax(dim=1).tolist()
