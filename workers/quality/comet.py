"""Model-based quality estimation with COMET or CometKiwi, run as the user's own ``comet-score``.

unbabel-comet 2.2 requires transformers<5, numpy<2 and huggingface-hub<1, which cannot share an
environment with Warta's models (transformers 5). So Warta does not import it: it calls the
``comet-score`` command of an environment where the user installed it, with files in and JSON out.
That also keeps the COMET model (2 GB for XLM-R large) out of the worker's memory between jobs.
Where no model is configured or the command is missing, the result says so instead of a score.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workers.contract.result import Article, ModelBased
from workers.quality.reference import reference_sentences
from workers.settings import env_name

SCORE_DIGITS = 4  # comet-score prints four decimals


@dataclass(frozen=True)
class CometScorer:
    command: str
    model: str
    gpus: int = 0
    batch_size: int = 16
    timeout_s: float = 3600

    @classmethod
    def from_settings(cls, settings: Any) -> CometScorer:
        gpus = 1 if str(settings.device).startswith("cuda") else 0
        return cls(settings.comet_command, settings.comet_model, gpus)

    def unavailable_reason(self) -> str | None:
        """Why no COMET score can be computed, or ``None`` when it can be tried."""
        if not self.model:
            return (
                f"Model-based QE is off: {env_name('comet_model')} is empty. Fix: install unbabel-comet in "
                f"its own environment (it needs transformers<5) and set {env_name('comet_model')} to a "
                f"COMET or CometKiwi model (e.g. Unbabel/wmt22-cometkiwi-da or a .ckpt path)."
            )
        if shutil.which(self.command) is None:
            return (
                f"{self.command!r} ({env_name('comet_command')}) was not found. Fix: `pip install "
                f"unbabel-comet` in its own virtual environment and set {env_name('comet_command')} to "
                f"that environment's bin/comet-score."
            )
        return None

    def score(self, sources: list[str], hypotheses: list[str], references: list[str] | None) -> ModelBased:
        """Segment and system scores, or ``available: false`` with the reason."""
        reason = self.unavailable_reason()
        if reason is None and not sources:
            reason = "No translated sentences to score."
        if reason is not None:
            return ModelBased(available=False, reason=reason)
        with tempfile.TemporaryDirectory(prefix="warta-comet-") as folder:
            try:
                segments = self._run(Path(folder), sources, hypotheses, references)
            except (OSError, subprocess.SubprocessError, ValueError, KeyError) as error:
                return ModelBased(available=False, reason=f"comet-score failed: {error}")
        return ModelBased(
            available=True, metric="comet", model=self.model, reference_based=references is not None,
            score=round(sum(segments) / len(segments), SCORE_DIGITS),
            sentence_scores=[round(s, SCORE_DIGITS) for s in segments],
        )  # fmt: skip

    def _run(
        self, folder: Path, sources: list[str], hypotheses: list[str], references: list[str] | None
    ) -> list[float]:
        files = {"src": sources, "hyp": hypotheses, **({"ref": references} if references is not None else {})}
        for name, lines in files.items():
            (folder / f"{name}.txt").write_text("".join(_one_line(t) + "\n" for t in lines), encoding="utf-8")
        command = [
            self.command, "-s", str(folder / "src.txt"), "-t", str(folder / "hyp.txt"),
            "--model", self.model, "--gpus", str(self.gpus), "--batch_size", str(self.batch_size),
            "--quiet", "--only_system", "--to_json", str(folder / "out.json"),
        ]  # fmt: skip
        if references is not None:
            command += ["-r", str(folder / "ref.txt")]
        done = subprocess.run(command, capture_output=True, text=True, timeout=self.timeout_s, check=False)
        if done.returncode != 0:
            raise ValueError(f"exit {done.returncode}: {_last_line(done.stderr or done.stdout)}")
        rows = next(iter(json.loads((folder / "out.json").read_text(encoding="utf-8")).values()))
        if len(rows) != len(hypotheses):
            raise ValueError(f"{len(rows)} scores for {len(hypotheses)} sentences")
        return [float(row["COMET"]) for row in rows]


def _one_line(text: str) -> str:
    """comet-score reads one segment per line, so a segment must not hold a line break."""
    return " ".join(text.split())


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "no output"


def add_model_scores(documents: list[Article], references: list[str | None], scorer: CometScorer) -> None:
    """Score every translated sentence of a job in one ``comet-score`` run (one model load per job).

    Each sentence gets its ``comet`` score and each article ``quality.model_based`` with its mean.
    References are passed only when every article has one aligned sentence by sentence, since COMET
    scores segments, not documents.
    """
    sentences = [d.translated() for d in documents]
    aligned = [
        reference_sentences(ref, len(ss)) if ref and ss else None
        for ref, ss in zip(references, sentences, strict=True)
    ]
    flat_references = [r for refs in aligned for r in refs or []] if all(aligned) else None
    flat = [s for ss in sentences for s in ss]
    result = scorer.score([s.source for s in flat], [s.target or "" for s in flat], flat_references)
    if not result.available:
        for document in documents:
            document.quality.model_based = result
        return
    scores = iter(result.sentence_scores or [])
    for document, article_sentences in zip(documents, sentences, strict=True):
        for sentence in article_sentences:
            sentence.comet = next(scores)
        own = [s.comet for s in article_sentences if s.comet is not None]
        document.quality.model_based = result.model_copy(update={
            "sentence_scores": None, "score": round(sum(own) / len(own), SCORE_DIGITS) if own else None,
        })  # fmt: skip
