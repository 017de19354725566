"""A ``.docx``, ``.pptx`` or ``.xlsx`` is a zip: its directory is checked against the archive caps before
anything is unpacked.

A 444 KB file can hold a 400 MB part of zeros. What the zip's directory declares (how many parts, each
one's packed and unpacked size) is enough to refuse it, and reading the directory unpacks nothing, so the
API checks every upload here and the worker checks again before it opens a part. The part count comes
from the end-of-central-directory record first, so a directory of a million entries is refused before
``zipfile`` builds an object for each. A part that lies about its size cannot get past ``read_part``,
which never unpacks more than the size the directory declared (and the caps allowed).
"""

from __future__ import annotations

import io
import struct
import zipfile

from workers.contract.limits import Limits
from workers.documents.formats import DocumentError
from workers.settings import env_name

END_OF_DIRECTORY = b"PK\x05\x06"
END_RECORD_BYTES = 22
MAX_COMMENT_BYTES = 0xFFFF
# Parts smaller than this unpacked are never refused for their ratio: a small XML part of repeated empty
# cells shrinks a hundredfold, and it cannot inflate to much.
RATIO_FLOOR_BYTES = 1 << 20


class ArchiveRefused(DocumentError):
    """The archive passes one of the caps; the message names the part, the cap and its setting."""

    code = "archive_too_large"


def check_archive(data: bytes, limits: Limits) -> list[zipfile.ZipInfo]:
    """The archive's parts as its directory declares them, once the caps are known to hold."""
    declared = _declared_parts(data)
    if declared > limits.max_archive_parts:
        raise _too_many(declared, limits)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as error:
        raise DocumentError(f"The file is not a readable Office document ({error}).") from None
    if len(parts) > limits.max_archive_parts:
        raise _too_many(len(parts), limits)
    total = 0
    for part in parts:
        total += part.file_size
        if total > limits.max_archive_bytes:
            raise ArchiveRefused(
                f"The document unpacks to more than {limits.max_archive_bytes} bytes (reached at part "
                f"{part.filename!r}); the cap is {limits.max_archive_bytes} "
                f"({env_name('max_archive_bytes')})."
            )
        ratio = part.file_size / max(1, part.compress_size)
        if part.file_size > RATIO_FLOOR_BYTES and ratio > limits.max_compression_ratio:
            raise ArchiveRefused(
                f"Part {part.filename!r} of the document unpacks to {ratio:.0f} times its packed size; the "
                f"cap is {limits.max_compression_ratio} ({env_name('max_compression_ratio')})."
            )
    return parts


def read_part(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> bytes:
    """A part's bytes, never more than its declared size: ``read()`` with no size would inflate a part
    whose stream is longer than its directory entry says, in full."""
    with archive.open(part) as stream:
        return stream.read(part.file_size)


def _declared_parts(data: bytes) -> int:
    """The part count the end-of-central-directory record states (0xFFFF where a zip64 record holds the
    real count, which is then at least that many)."""
    tail = data[-(END_RECORD_BYTES + MAX_COMMENT_BYTES) :]
    at = tail.rfind(END_OF_DIRECTORY)
    if at < 0 or len(tail) - at < END_RECORD_BYTES:
        raise DocumentError("The file is not a readable Office document (it is not a zip archive).")
    (entries,) = struct.unpack("<H", tail[at + 10 : at + 12])
    return int(entries)


def _too_many(count: int, limits: Limits) -> ArchiveRefused:
    return ArchiveRefused(
        f"The document holds {count} parts; the cap is {limits.max_archive_parts} "
        f"({env_name('max_archive_parts')})."
    )
