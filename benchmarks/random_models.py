"""Full-size models with random weights, for speed and memory benchmarks where no weights can be fetched.

Timing depends on the architecture and the tokenizer, not on the weights, as long as output lengths
are fixed (benchmarks force min = max new tokens). The Marian model is opus-mt-id-en exactly: its own
config and tokenizer from ``../shared/models/opus-mt-id-en-tokenizer``. The mT5 model has
mt5-small's architecture with an untied output layer (300M parameters, as the real checkpoint);
its tokenizer is Warta's tiny one, since only token ids matter to the timing.
"""

from __future__ import annotations

import shutil
from pathlib import Path

MT5_SMALL = {"d_model": 512, "d_kv": 64, "d_ff": 1024, "num_layers": 8, "num_decoder_layers": 8,
             "num_heads": 6, "vocab_size": 250112}  # fmt: skip
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
