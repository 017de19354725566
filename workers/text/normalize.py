"""Unicode and whitespace normalization that every later step can rely on.

NFC composes characters so that a glossary term or an abbreviation matches however it was typed;
invisible characters (zero-width spaces and joiners, soft hyphens, byte-order marks, controls) are
dropped because they split words for the tokenizer; every exotic space becomes a plain one; every line
break becomes ``\\n``. Typographic quotes and dashes are kept: they carry meaning for segmentation.
"""

from __future__ import annotations

import re
import unicodedata

_INVISIBLE = re.compile("[\u00ad\u180e\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff]")
_LINE_BREAKS = re.compile("\r\n|[\r\u2028\u2029\u0085\u000b\u000c]")
# Controls, and the two noncharacters no XML document may hold (the TMX and XLIFF downloads carry every
# sentence).
_CONTROLS = re.compile("[\u0000-\u0008\u000e-\u001f\u007f-\u0084\u0086-\u009f\ufffe\uffff]")
_SPACES = re.compile("[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")


def normalize_text(text: str) -> str:
    """NFC, no invisible characters, plain spaces, ``\\n`` line breaks; lines are not yet collapsed."""
    text = unicodedata.normalize("NFC", text)
    text = _LINE_BREAKS.sub("\n", text)
    text = _INVISIBLE.sub("", text)
    text = _CONTROLS.sub("", text)
    return _SPACES.sub(" ", text)


def normalized_lines(text: str) -> list[str]:
    """The text's non-blank lines, each with runs of spaces collapsed: the paragraphs of an article."""
    return [" ".join(line.split()) for line in normalize_text(text).split("\n") if line.strip()]
