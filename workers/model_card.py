"""What a translation model can translate, and how to ask it for one pair, read from its files.

Three families of models are served, told apart by the language tokens in their vocabulary, not by their
architecture (a CTranslate2 copy keeps the tokens but not the architecture's name):

* **MarianMT, one pair** (opus-mt-id-en): no language token; the pair is the one its tokenizer names.
* **MarianMT, multi-target** (opus-mt-en-mul): ``>>spa<<``-style tokens; the source starts with the target's.
* **NLLB-200** (``ind_Latn``) and **M2M-100** (``__id__``): the source starts with its own language's token
  and the translation is forced to start with the target's.

Reading the card costs a few JSON files and no weights, so the API and a worker can say which pairs a
configured model serves before (or without) loading it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

from workers.languages import UnknownLanguage, normalize

# Where a vocabulary's special tokens are listed, in transformers and CTranslate2 layouts.
_TOKEN_FILES = ("vocab.json", "added_tokens.json", "tokenizer.json", "tokenizer_config.json",
                "special_tokens_map.json", "shared_vocabulary.json", "target_vocabulary.json",
                "shared_vocabulary.txt", "target_vocabulary.txt")  # fmt: skip
_NLLB = re.compile(r"^([a-z]{3})_([A-Z][a-z]{3})$")
_M2M = re.compile(r"^__([a-z]{2,3})__$")
_MARIAN = re.compile(r"^>>([a-zA-Z]{2,3}(?:_[A-Z][a-z]{3})?)<<$")


class Family(StrEnum):
    MARIAN = "marian"
    MARIAN_MULTI = "marian-multi"
    NLLB = "nllb"
    M2M100 = "m2m100"


@dataclass(frozen=True)
class Steering:
    """The tokens that ask a model for one pair: put before the source's pieces, and forced as the first
    pieces of the translation (dropped from the text it decodes to)."""

    source_prefix: tuple[str, ...] = ()
    target_prefix: tuple[str, ...] = ()


@dataclass(frozen=True)
class ModelCard:
    """A model's family and languages: each Warta code with the token that names it in the model."""

    family: Family
    sources: dict[str, str] = field(default_factory=dict)
    targets: dict[str, str] = field(default_factory=dict)

    def knows(self, source: str, target: str) -> bool:
        return source != target and source in self.sources and target in self.targets

    def steering(self, source: str, target: str) -> Steering:
        """How to ask for ``source`` → ``target``; a one-pair model needs nothing."""
        if self.family == Family.MARIAN:
            return Steering()
        if self.family == Family.MARIAN_MULTI:
            return Steering(source_prefix=(self.targets[target],))
        return Steering(source_prefix=(self.sources[source],), target_prefix=(self.targets[target],))


def read_card(folder: Path) -> ModelCard:
    """The card of the model saved in ``folder`` (transformers or CTranslate2 layout)."""
    tokens = _special_tokens(folder)
    for family, pattern in ((Family.NLLB, _NLLB), (Family.M2M100, _M2M)):
        languages = _languages(tokens, pattern)
        if len(languages) > 1:
            return ModelCard(family, languages, languages)
    targets = _languages(tokens, _MARIAN)
    source, target = _named_pair(folder)
    if targets:
        return ModelCard(Family.MARIAN_MULTI, {source: ""} if source else {}, targets)
    return ModelCard(Family.MARIAN, {source: ""} if source else {}, {target: ""} if target else {})


@cache
def cached_card(folder: str) -> ModelCard:
    """``read_card`` once per process and directory (NLLB's tokenizer.json alone is 17 MB of JSON)."""
    return read_card(Path(folder))


def local_card(model_id: str) -> ModelCard | None:
    """The card of ``model_id`` where its files are on this machine (a directory, or the hub's cache);
    None where they are not (a hub model not downloaded yet is read once a worker has loaded it)."""
    folder = local_folder(model_id)
    return cached_card(str(folder)) if folder is not None else None


def local_folder(model_id: str) -> Path | None:
    if Path(model_id).is_dir():
        return Path(model_id)
    if model_id.startswith(("/", "./", "../", "~")):
        return None
    from huggingface_hub import snapshot_download

    try:
        return Path(snapshot_download(model_id, local_files_only=True))
    except (OSError, ValueError):
        return None


def _languages(tokens: set[str], pattern: re.Pattern[str]) -> dict[str, str]:
    """Each language a token of ``pattern`` names, with its token; the first token (sorted) of a
    language named twice (``>>cmn_Hans<<``, ``>>zho_Hans<<``)."""
    found: dict[str, str] = {}
    for token in sorted(tokens):
        match = pattern.match(token)
        if not match:
            continue
        try:
            code = normalize("-".join(g for g in match.groups() if g))
        except UnknownLanguage:
            continue
        found.setdefault(code, token)
    return found


def _special_tokens(folder: Path) -> set[str]:
    tokens: set[str] = set()
    for name in _TOKEN_FILES:
        path = folder / name
        if not path.is_file():
            continue
        if path.suffix == ".txt":
            tokens.update(line.strip() for line in path.read_text(encoding="utf-8").splitlines())
            continue
        tokens.update(_strings(json.loads(path.read_text(encoding="utf-8")), name))
    return tokens


def _strings(data: Any, name: str) -> set[str]:
    """The token strings a tokenizer file lists (a vocabulary's keys, added tokens' contents)."""
    if name in ("vocab.json", "added_tokens.json") and isinstance(data, dict):
        return set(data)
    if isinstance(data, list):
        return {t for t in data if isinstance(t, str)}
    if not isinstance(data, dict):
        return set()
    found: set[str] = set()
    for added in data.get("added_tokens", []):
        found.add(str(added.get("content", "")))
    for added in (data.get("added_tokens_decoder") or {}).values():
        found.add(str(added.get("content", "")))
    for key in ("additional_special_tokens", "extra_special_tokens"):
        listed = data.get(key) or []
        found.update(t if isinstance(t, str) else str(t.get("content", "")) for t in listed)
    return found


def _named_pair(folder: Path) -> tuple[str, str]:
    """The pair a Marian tokenizer names (``source_lang``/``target_lang``); blank where it names none or
    a group (``mul``)."""
    config = _json(folder / "tokenizer_config.json")
    if not config:
        source_dir = Path(_json(folder / "warta-conversion.json").get("source", ""))
        config = _json(source_dir / "tokenizer_config.json") if source_dir.is_dir() else {}
    return _code(config.get("source_lang")), _code(config.get("target_lang"))


def _code(value: Any) -> str:
    try:
        return normalize(str(value)) if value else ""
    except UnknownLanguage:
        return ""


def _json(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}
