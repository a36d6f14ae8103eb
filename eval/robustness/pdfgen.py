"""PDFs written byte by byte, for inputs no PDF library will produce on purpose.

``pdf_bytes`` lays out numbered objects and a cross-reference table; the other
functions build the hostile files of the bad-input catalogue from it: a broken
xref, a page tree and a form XObject that refer to themselves, a content stream
that inflates to gigabytes, and a document with a thousand pages. Text is drawn
with the standard Helvetica font, so every string here is ASCII.
"""

from __future__ import annotations

import zlib
from pathlib import Path

_HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def pdf_bytes(objects: list[bytes], *, broken_xref: bool = False) -> bytes:
    """A PDF whose object ``i + 1`` is ``objects[i]`` and whose catalogue is object 1.

    With ``broken_xref`` every offset in the cross-reference table points at byte 0,
    which is what a file edited by a careless tool looks like; readers must rebuild it.
    """
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % (0 if broken_xref else offset)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref_at,
    )
    return bytes(out)


def stream(content: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(content), extra) + content + b"\nendstream"


def text_ops(lines: list[str]) -> bytes:
    """Content-stream operators drawing ``lines`` (ASCII) top down."""
    ops = [b"BT /F1 12 Tf 72 750 Td 14 TL"]
    for line in lines:
        escaped = line.encode("ascii").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
        ops.append(b"(" + escaped + b") Tj T*")
    ops.append(b"ET")
    return b"\n".join(ops)


def text_pdf(pages: list[list[str]], *, broken_xref: bool = False) -> bytes:
    """A plain PDF: one list of ASCII lines per page."""
    n = len(pages)
    # 1 catalogue, 2 page tree, 3 font, then a page and its content per page.
    kids = b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(n))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % n,
        _HELVETICA,
    ]
    for i, lines in enumerate(pages):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (5 + 2 * i)
        )
        objects.append(stream(text_ops(lines)))
    return pdf_bytes(objects, broken_xref=broken_xref)


def looping_pdf(*, page_tree: bool) -> bytes:
    """Objects that refer to themselves: a form XObject whose content draws the same form
    again (through its own resources), and with ``page_tree`` also a page tree that lists
    itself among its kids."""
    kids = b"[4 0 R 2 0 R] /Count 2" if page_tree else b"[4 0 R] /Count 1"
    return pdf_bytes(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids " + kids + b" >>",
            _HELVETICA,
            (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 3 0 R >> /XObject << /Fm 6 0 R >> >> /Contents 5 0 R >>"),
            stream(text_ops(["Looping objects page"]) + b"\n/Fm Do"),
            stream(
                text_ops(["inside the form"]) + b"\n/Fm Do",
                b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] "
                b"/Resources << /Font << /F1 3 0 R >> /XObject << /Fm 6 0 R >> >> ",
            ),
        ]
    )


def deflate_bomb(gigabytes: float) -> bytes:
    """A valid zlib stream of ``gigabytes`` GiB (in steps of 64 MiB) of zero bytes, ~1 MB per GiB."""
    return zero_stream(64 << 20, max(2, round(gigabytes * 16)))


def zero_stream(block_bytes: int, repeats: int) -> bytes:
    """A valid zlib stream of ``repeats`` blocks of ``block_bytes`` zero bytes.

    After a full flush the compressor forgets its window, so compressing the same
    block again yields the same bytes: one block is compressed and repeated, and only
    the checksum is computed over the whole output. Seconds instead of minutes.
    """
    chunk = b"\0" * block_bytes
    compressor = zlib.compressobj(9)
    first = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    tail = compressor.flush()
    checksum = 1
    for _ in range(repeats):
        checksum = zlib.adler32(chunk, checksum)
    return first + block * (repeats - 1) + tail[:-4] + checksum.to_bytes(4, "big")


def bomb_pdf(gigabytes: float = 2) -> bytes:
    """One page of text, then a page whose FlateDecode content inflates to ``gigabytes`` GiB."""
    bomb = deflate_bomb(gigabytes)
    return pdf_bytes(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [4 0 R 6 0 R] /Count 2 >>",
            _HELVETICA,
            (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>"),
            stream(text_ops(["Decompression bomb cover page"])),
            (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents 7 0 R >>"),
            stream(bomb, b"/Filter /FlateDecode "),
        ]
    )


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
