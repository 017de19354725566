"""Full-size models with random weights, for speed and memory benchmarks where no weights can be fetched.

Timing depends on the architecture and the tokenizer, not on the weights, as long as output lengths
are fixed (benchmarks force min = max new tokens). The Marian model is opus-mt-id-en exactly: its own
config and tokenizer from ``../shared/models/opus-mt-id-en-tokenizer``. The mT5 model has
mt5-small's architecture with an untied output layer (300M parameters, as the real checkpoint);
its tokenizer is Warta's tiny one, since only token ids matter to the timing. The NLLB model has
NLLB-200-distilled-600M's published dimensions (615M parameters, 256,206 embedding rows, tied output)
with the tiny NLLB tokenizer of ``make_multilingual_models`` (its 202 ``eng_Latn``-style codes steer it
exactly as they steer the real one).
"""

from __future__ import annotations

import shutil
from pathlib import Path

MT5_SMALL = {"d_model": 512, "d_kv": 64, "d_ff": 1024, "num_layers": 8, "num_decoder_layers": 8,
             "num_heads": 6, "vocab_size": 250112}  # fmt: skip
NLLB_600M = {"d_model": 1024, "encoder_layers": 12, "decoder_layers": 12, "encoder_attention_heads": 16,
             "decoder_attention_heads": 16, "encoder_ffn_dim": 4096, "decoder_ffn_dim": 4096,
             "max_position_embeddings": 1024, "vocab_size": 256206}  # fmt: skip
NLLB_TOKENIZER_FILES = ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json",
                        "sentencepiece.bpe.model")  # fmt: skip
# Rows of the embedding past the tokenizer's pieces are scaled by this: see ``make_nllb_600m``.
SPARE_ROW_SCALE = 0.01
TOKENIZER_FILES = (
    "source.spm", "target.spm", "vocab.json", "tokenizer_config.json", "special_tokens_map.json",
    "generation_config.json",
)  # fmt: skip


def make_marian(tokenizer_dir: Path, out: Path, seed: int = 0) -> Path:
    """opus-mt-id-en's architecture and tokenizer, random weights (72.7M parameters)."""
    import torch
    from transformers import GenerationConfig, MarianConfig, MarianMTModel

    if (out / "model.safetensors").is_file():
        return out
    torch.manual_seed(seed)
    config = MarianConfig.from_pretrained(tokenizer_dir)
    model = MarianMTModel(config)
    model.generation_config = GenerationConfig.from_pretrained(tokenizer_dir)
    model.save_pretrained(out)
    for name in TOKENIZER_FILES:
        if (tokenizer_dir / name).is_file():
            shutil.copy2(tokenizer_dir / name, out / name)
    return out


def make_mt5_small(tiny_mt5_dir: Path, out: Path, seed: int = 0) -> Path:
    """mt5-small's architecture, untied like the real checkpoint, with the tiny model's tokenizer."""
    import torch
    from transformers import AutoTokenizer, GenerationConfig, MT5Config, MT5ForConditionalGeneration

    if (out / "model.safetensors").is_file():
        return out
    torch.manual_seed(seed)
    config = MT5Config(**MT5_SMALL, feed_forward_proj="gated-gelu", pad_token_id=0, eos_token_id=1,
                       decoder_start_token_id=0)  # fmt: skip
    model = MT5ForConditionalGeneration(config)
    model.lm_head.weight = torch.nn.Parameter(model.shared.weight.detach().clone().normal_(std=0.05))
    model.config.tie_word_embeddings = False
    model.generation_config = GenerationConfig(pad_token_id=0, eos_token_id=1, decoder_start_token_id=0)
    model.save_pretrained(out)
    AutoTokenizer.from_pretrained(tiny_mt5_dir).save_pretrained(out)
    shutil.copy2(tiny_mt5_dir / "spiece.model", out / "spiece.model")  # as real mT5 checkpoints ship it
    return out


def make_nllb_600m(tiny_nllb_dir: Path, out: Path, seed: int = 0) -> Path:
    """NLLB-200-distilled-600M's architecture (its config.json's dimensions), random weights, with the tiny
    NLLB's tokenizer (``benchmarks.tiny_models.make_multilingual_models``).

    The embedding keeps the real 256,206 rows, since the output layer over them is most of a decoding
    step's cost; the tokenizer has about 2,200. The rows no piece names are shrunk near zero: the real
    model has two such rows, and random weights over 254,000 of them would write almost nothing else,
    which Warta would decode as unknowns, so its text stages would see no text. Shrinking them keeps the
    output to real pieces and costs nothing, as the shapes stay the same. Built in float32 in memory
    (about 2.5 GB) and saved once; a finished directory is reused.
    """
    import torch
    from transformers import AutoTokenizer, GenerationConfig, M2M100Config, M2M100ForConditionalGeneration

    if (out / "model.safetensors").is_file():
        return out
    torch.manual_seed(seed)
    tokenizer = AutoTokenizer.from_pretrained(tiny_nllb_dir)
    config = M2M100Config(
        **NLLB_600M, activation_function="relu", scale_embedding=True, tie_word_embeddings=True,
        encoder_layerdrop=0.0, decoder_layerdrop=0.0, pad_token_id=1, bos_token_id=0, eos_token_id=2,
        decoder_start_token_id=2, tokenizer_class="NllbTokenizer",
    )  # fmt: skip
    model = M2M100ForConditionalGeneration(config).eval()
    with torch.no_grad():
        model.get_input_embeddings().weight[len(tokenizer) :] *= SPARE_ROW_SCALE
    model.generation_config = GenerationConfig(
        bos_token_id=0, decoder_start_token_id=2, eos_token_id=2, pad_token_id=1, max_length=200
    )
    model.save_pretrained(out)
    del model
    for name in NLLB_TOKENIZER_FILES:
        if (tiny_nllb_dir / name).is_file():
            shutil.copy2(tiny_nllb_dir / name, out / name)
    return out
