"""``.txt`` documents: each line a segment (its text normalized as the job normalizes a paragraph, so
segment ``i`` is the job's paragraph ``i``), and everything else as uploaded: the space around each
line, the blank lines and the byte-order mark."""

from __future__ import annotations

from workers.contract.limits import Limits
from workers.documents.codecs import decoded
from workers.documents.formats import KINDS
from workers.inline.carry import Translated
from workers.text.lines import Stretch, stretches
from workers.text.normalize import normalized_lines

KIND = KINDS["txt"]


def one_line(text: str) -> str:
    """The text as the job keeps it, on one line: what the job's paragraph will be."""
    return " ".join(normalized_lines(text))


def segments(data: bytes, limits: Limits) -> list[str]:
    text, _bom = decoded(data, KIND)
    return [
        line for found in stretches(text) if isinstance(found, Stretch) and (line := one_line(found.text))
    ]


def rebuilt(data: bytes, translated: list[Translated], limits: Limits) -> bytes:
    text, bom = decoded(data, KIND)
    given = iter(translated)
    out = [bom]
    for found in stretches(text):
        line = one_line(found.text) if isinstance(found, Stretch) else ""
        if isinstance(found, str) or not line:
            out.append(found if isinstance(found, str) else found.as_written)
            continue
        paragraph = next(given, None)
        out.append(found.before + (" ".join(paragraph.targets()) if paragraph else line) + found.after)
    return "".join(out).encode()
