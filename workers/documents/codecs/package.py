"""An Office Open XML package (.docx, .xlsx) read and written part by part: the zip's directory checked
against the archive caps before anything is unpacked (``archive.py``), the parts that hold text found by
their content type, and the zip written again in the same order with only those parts replaced; every
other part (styles, images, charts, settings) is copied as it was."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence

from lxml import etree

from workers.contract.limits import Limits
from workers.documents.archive import check_archive, read_part
from workers.documents.formats import DocumentError, Kind

CONTENT_TYPES = "[Content_Types].xml"
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


class Package:
    def __init__(self, data: bytes, limits: Limits, kind: Kind) -> None:
        self.kind = kind
        self.parts = check_archive(data, limits)
        self.archive = zipfile.ZipFile(io.BytesIO(data))
        self.roots: dict[str, etree._Element] = {}

    def __enter__(self) -> Package:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.archive.close()

    def typed(self, content_types: Sequence[str]) -> list[tuple[int, zipfile.ZipInfo]]:
        """The parts of the given content types, with each type's place in ``content_types``, in that
        order (then by name)."""
        by_name = {part.filename.lower(): part for part in self.parts}
        types = by_name.get(CONTENT_TYPES.lower())
        if types is None:
            raise self.unreadable("it has no [Content_Types].xml")
        found = []
        for override in self.xml(types).iter(f"{_CT}Override"):
            kind = override.get("ContentType", "")
            part = by_name.get(override.get("PartName", "").lstrip("/").lower())
            if kind in content_types and part is not None:
                found.append((content_types.index(kind), part.filename, part))
        return [(rank, part) for rank, _, part in sorted(found, key=lambda f: f[:2])]

    def xml(self, part: zipfile.ZipInfo) -> etree._Element:
        """The part's XML, kept to be written back with whatever was changed in it."""
        if part.filename in self.roots:
            return self.roots[part.filename]
        try:
            root = etree.fromstring(read_part(self.archive, part), _PARSER)
        except (etree.XMLSyntaxError, zipfile.BadZipFile, EOFError, ValueError) as error:
            raise self.unreadable(f"part {part.filename!r}: {error}") from None
        self.roots[part.filename] = root
        return root

    def unreadable(self, why: str) -> DocumentError:
        return DocumentError(f"The file is not a readable {self.kind.extensions[0]} document ({why}).")

    def written(self, changed: Sequence[zipfile.ZipInfo]) -> bytes:
        """The zip again, in the same order, the ``changed`` parts' XML written anew."""
        replaced = {part.filename for part in changed}
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as target:
            for part in self.parts:
                body = (
                    etree.tostring(
                        self.roots[part.filename], xml_declaration=True, encoding="UTF-8", standalone=True
                    )
                    if part.filename in replaced
                    else read_part(self.archive, part)
                )
                info = zipfile.ZipInfo(part.filename, part.date_time)
                info.compress_type, info.external_attr = part.compress_type, part.external_attr
                target.writestr(info, body)
        return out.getvalue()
