"""Documents built for the tests: a .docx with text in every place Word keeps it, and zip bombs."""

from __future__ import annotations

import io
import zipfile

import docx
from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {
    "w": W,
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "v": "urn:schemas-microsoft-com:vml",
}
# Each place's Indonesian, as the test reads it back; none of it may stay once translated.
PLACES = {
    "body": "Harga beras naik di pasar.",
    "insertion": "Presiden tiba di Jakarta.",
    "control": "Gubernur membuka pasar baru.",
    "inline control": "Menteri berbicara hari ini.",
    "smart tag": "Polisi menangkap pencuri.",
    "simple field": "Bab satu berita.",
    "custom xml": "Warga menanam pohon.",
    "text box": "Kotak teks berisi berita.",
    "header": "Kepala halaman berita.",
    "footer": "Kaki halaman berita.",
    "footnote": "Catatan kaki tentang harga.",
    "endnote": "Catatan akhir tentang pasar.",
    "comment": "Komentar penyunting berita.",
}
WML = "application/vnd.openxmlformats-officedocument.wordprocessingml."
DELETED, FIELD_CODE = "kata yang dihapus", " PAGE \\* MERGEFORMAT "


def _run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def _paragraph(inner: str) -> str:
    return f"<w:p>{inner}</w:p>"


def exotic_docx() -> bytes:
    """A .docx with text in tracked insertions, content controls, smart tags, simple fields, custom XML,
    a text box (with its fallback copy), headers, footers, footnotes, endnotes and comments; deleted text
    and a field code beside them."""
    document = docx.Document()
    document.add_paragraph(PLACES["body"])
    document.sections[0].header.paragraphs[0].text = PLACES["header"]
    document.sections[0].footer.paragraphs[0].text = PLACES["footer"]
    body = document.element.body
    box = _paragraph(_run(PLACES["text box"]))
    xml = "".join([
        _paragraph(f'<w:ins w:id="1" w:author="a">{_run(PLACES["insertion"])}</w:ins>'
                   f'<w:del w:id="2" w:author="a"><w:r><w:delText>{DELETED}'
                   "</w:delText></w:r></w:del>"),
        f"<w:sdt><w:sdtPr/><w:sdtContent>{_paragraph(_run(PLACES['control']))}</w:sdtContent></w:sdt>",
        _paragraph(f"<w:sdt><w:sdtPr/><w:sdtContent>{_run(PLACES['inline control'])}</w:sdtContent></w:sdt>"),
        _paragraph(f'<w:smartTag w:uri="u" w:element="place">{_run(PLACES["smart tag"])}</w:smartTag>'),
        _paragraph('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                   f'<w:r><w:instrText xml:space="preserve">{FIELD_CODE}</w:instrText></w:r>'
                   '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
                   f'<w:fldSimple w:instr=" TITLE ">{_run(PLACES["simple field"])}</w:fldSimple>'
                   '<w:r><w:fldChar w:fldCharType="end"/></w:r>'),
        _paragraph(f'<w:customXml w:element="berita">{_run(PLACES["custom xml"])}</w:customXml>'),
        _paragraph("<w:r><mc:AlternateContent><mc:Choice Requires=\"v\"><w:pict><v:shape><v:textbox>"
                   f"<w:txbxContent>{box}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Choice>"
                   "<mc:Fallback><w:pict><v:shape><v:textbox>"
                   f"<w:txbxContent>{box}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>"
                   "</mc:AlternateContent></w:r>"),
    ])  # fmt: skip
    wrapper = etree.fromstring(
        f'<w:body xmlns:w="{W}" xmlns:mc="{NS["mc"]}" xmlns:v="{NS["v"]}">{xml}</w:body>'
    )
    for element in list(wrapper):
        body.insert(len(body) - 1, element)  # before the section properties
    out = io.BytesIO()
    document.save(out)
    return _with_notes(out.getvalue())


def _with_notes(data: bytes) -> bytes:
    """The package with footnotes, endnotes and comments parts added (python-docx makes none of them)."""
    parts = {
        "word/footnotes.xml": ("footnotes", "footnote", PLACES["footnote"]),
        "word/endnotes.xml": ("endnotes", "endnote", PLACES["endnote"]),
        "word/comments.xml": ("comments", "comment", PLACES["comment"]),
    }
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            body = source.read(info)
            if info.filename == "[Content_Types].xml":
                overrides = "".join(
                    f'<Override PartName="/{name}" ContentType="{WML}{root}+xml"/>'
                    for name, (root, _, _) in parts.items()
                )
                body = body.replace(b"</Types>", overrides.encode() + b"</Types>")
            target.writestr(info, body)
        for name, (root, item, text) in parts.items():
            separator = (
                f'<w:{item} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{item}>'
            )
            xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:{root} xmlns:w="{W}">'
                   f'{separator if item != "comment" else ""}<w:{item} w:id="1" w:author="a">'
                   f"{_paragraph(_run(text))}</w:{item}></w:{root}>")  # fmt: skip
            target.writestr(name, xml)
    return out.getvalue()


def texts_of(data: bytes) -> dict[str, str]:
    """Every part's text nodes (``w:t``, ``w:delText``, ``w:instrText``), joined, by part name."""
    found = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("word/") and name.endswith(".xml"):
                root = etree.fromstring(archive.read(name))
                nodes = root.xpath(".//w:t | .//w:delText | .//w:instrText", namespaces=NS)
                found[name] = " | ".join(node.text or "" for node in nodes)
    return found


def zip_bomb(unpacked: int, name: str = "word/media/zeros.bin") -> bytes:
    """A .docx-looking zip whose one big part is ``unpacked`` zero bytes, written in chunks (the test
    process never holds them)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        info = zipfile.ZipInfo(name)
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w", force_zip64=unpacked > 2**31) as part:
            chunk = bytes(1 << 20)
            for _ in range(unpacked >> 20):
                part.write(chunk)
    return out.getvalue()


def many_parts(count: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for i in range(count):
            archive.writestr(f"word/p{i}.xml", "")
    return out.getvalue()


def exotic_types() -> str:
    """The ``[Content_Types].xml`` of a package whose only story is ``word/document.xml``."""
    return (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override '
        'PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'wordprocessingml.document.main+xml"/></Types>'
    )


def text_pdf(pages: list[list[str]]) -> bytes:
    """A PDF with a text layer, each page's lines written top down in Helvetica (an empty line leaves a
    gap): the smallest file pypdf reads as a real PDF, written here since no PDF writer is a dependency."""
    objects: list[bytes] = [b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    contents = []
    for lines in pages:
        shown = [f"({_pdf_string(line)}) Tj T*" if line else "T*" for line in lines]
        stream = "\n".join(["BT /F1 12 Tf 72 760 Td 16 TL", *shown, "ET"]).encode("latin-1")
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        contents.append(len(objects))
    parent = len(objects) + len(pages) + 1
    resources = b"/Resources << /Font << /F1 1 0 R >> >>"
    for content in contents:
        objects.append(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Contents %d 0 R %s >>"
                       % (parent, content, resources))  # fmt: skip
    kids = b" ".join(b"%d 0 R" % (parent - len(pages) + i) for i in range(len(pages)))
    objects.append(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(pages)))
    objects.append(b"<< /Type /Catalog /Pages %d 0 R >>" % parent)
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    table = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        len(objects),
        table,
    )
    return bytes(out)


def _pdf_string(line: str) -> str:
    return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
