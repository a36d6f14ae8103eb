"""Word, Excel and scanned-PDF files made on the spot, for tests, the robustness run and the
browser tests: headings, tables with merged cells, vertical text, scans of Japanese text,
the two editions of a yearbook, and hostile packages (zip bombs, XML entity expansion,
old binary Office, password-protected files). Deterministic; needs python-docx, openpyxl,
Pillow and a Japanese font (``fonts-ipafont-gothic``) for the scans.
"""

from __future__ import annotations

import io
import struct
import zipfile
from dataclasses import dataclass
from pathlib import Path

#: Japanese fonts tried for rendering scans, in order.
FONTS = (
    "/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf",
    "/usr/share/fonts/truetype/fonts-japanese-gothic.ttf",
    "/usr/share/fonts/opentype/ipafont-mincho/ipam.ttf",
)


def japanese_font() -> str | None:
    return next((f for f in FONTS if Path(f).is_file()), None)


# --- Word -------------------------------------------------------------------------------

def docx_bytes(
    title: str, sections: list[tuple[str, list[str]]], table: list[list[str]] | None = None,
    *, merge: tuple[int, int, int, int] | None = None, vertical: bool = False, core_title: str | None = None,
) -> bytes:
    """A .docx: a Title paragraph, then per section a Heading 1 and its paragraphs; the
    table (first row its header) after the first section, ``merge`` = (row, col, row2, col2)
    merged; ``vertical`` sets the page's text direction to 縦書き (tbRl)."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    document.add_paragraph(title, style="Title")
    for number, (heading, paragraphs) in enumerate(sections):
        document.add_heading(heading, level=1)
        for text in paragraphs:
            document.add_paragraph(text)
        if number == 0 and table:
            grid = document.add_table(rows=len(table), cols=len(table[0]))
            for r, row in enumerate(table):
                for c, value in enumerate(row):
                    grid.cell(r, c).text = value
            if merge:
                r1, c1, r2, c2 = merge
                keep = grid.cell(r1, c1).text
                merged = grid.cell(r1, c1).merge(grid.cell(r2, c2))
                merged.text = keep
    if vertical:
        direction = OxmlElement("w:textDirection")
        direction.set(qn("w:val"), "tbRl")
        document.sections[0]._sectPr.append(direction)
    if core_title:
        document.core_properties.title = core_title
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- Excel ------------------------------------------------------------------------------

def xlsx_bytes(sheets: dict[str, list[list[object]]], *, merges: dict[str, list[str]] | None = None,
               title_rows: dict[str, str] | None = None) -> bytes:
    """An .xlsx with one sheet per entry (rows of values); ``merges`` lists ranges such as
    ``"A2:A3"`` per sheet (the top-left value is kept); ``title_rows`` puts a title merged
    across the columns above a sheet's table."""
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        offset = 0
        if title_rows and name in title_rows:
            sheet.append([title_rows[name]])
            sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=max(len(r) for r in rows))
            offset = 1
        for row in rows:
            sheet.append(list(row))
        for cells in (merges or {}).get(name, []):
            sheet.merge_cells(_shift(cells, offset))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _shift(cells: str, rows: int) -> str:
    from openpyxl.utils.cell import get_column_letter, range_boundaries

    c1, r1, c2, r2 = range_boundaries(cells)
    return f"{get_column_letter(c1)}{r1 + rows}:{get_column_letter(c2)}{r2 + rows}"


# --- scans ------------------------------------------------------------------------------

def scan_image(lines: list[str], *, vertical: bool = False, dpi: int = 200, size_pt: float = 12.0):
    """A grey A4 page image with ``lines`` in a Japanese font, horizontal or vertical (right to left)."""
    from PIL import Image, ImageDraw, ImageFont

    font_path = japanese_font()
    if font_path is None:
        raise RuntimeError("no Japanese font installed (apt-get install fonts-ipafont-gothic)")
    width, height = round(8.27 * dpi), round(11.69 * dpi)
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    px = round(size_pt / 72 * dpi)
    font = ImageFont.truetype(font_path, px)
    margin = dpi
    if vertical:
        x = width - margin - px
        for line in lines:
            y = margin
            for ch in line:
                draw.text((x, y), ch, font=font, fill=0)
                y += round(px * 1.1)
            x -= round(px * 1.8)
    else:
        y = margin
        for line in lines:
            draw.text((margin, y), line, font=font, fill=0)
            y += round(px * 1.8)
    return image


def scanned_pdf_bytes(pages: list[list[str]], *, vertical_pages: tuple[int, ...] = (), dpi: int = 200) -> bytes:
    """A PDF of page images only (no text layer), as a scanner makes; page numbers in
    ``vertical_pages`` (1-based) are set vertically."""
    images = [scan_image(lines, vertical=n in vertical_pages, dpi=dpi) for n, lines in enumerate(pages, start=1)]
    buffer = io.BytesIO()
    images[0].save(buffer, format="PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return buffer.getvalue()


# --- editions ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Edition:
    name: str
    year: int
    file: str
    data: bytes


def yearbook_editions(series: str = "みどり市環境局年報") -> list[Edition]:
    """Two editions of a yearbook, 2022年度 and 2023年度, that differ in one figure (the
    incineration amount) and agree on the rest."""
    out = []
    for year, burned in ((2022, "318,400"), (2023, "296,700")):
        sections = [
            ("第1章 ごみ処理の概要", [
                f"本年報は{year}年度のみどり市のごみ処理の実績をまとめたものである。",
                f"{year}年度のごみ焼却量は{burned}トンであった。",
                "市内の焼却施設は北部クリーンセンターと南部クリーンセンターの2か所である。",
            ]),
            ("第2章 資源化", ["資源化率の目標は35パーセントである。"]),
        ]
        out.append(Edition(f"{year}年度", year, f"yearbook_{year}.docx", docx_bytes(f"{series} {year}年度版", sections)))
    return out


# --- hostile packages ---------------------------------------------------------------------

def zip_bomb(kind: str = "docx", unpacked_mb: int = 1024) -> bytes:
    """A .docx (``kind="docx"``) or .xlsx with one part that unpacks to ``unpacked_mb`` MB of
    zeros (about 1 MB per GB on disk)."""
    base = docx_bytes("爆弾", [("見出し", ["本文。"])]) if kind == "docx" else xlsx_bytes({"表": [["a", "b"], [1, 2]]})
    media = "word/media/padding.bin" if kind == "docx" else "xl/media/padding.bin"
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item))
        with dst.open(media, "w", force_zip64=True) as part:
            block = b"\0" * (1 << 20)
            for _ in range(unpacked_mb):
                part.write(block)
    return out.getvalue()


LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    + "]>"
)


def entity_bomb(kind: str) -> bytes:
    """A .docx (``kind="docx"``) or .xlsx whose main part declares a billion-laughs DTD."""
    if kind == "docx":
        base, part = docx_bytes("笑い", [("見出し", ["本文。"])]), "word/document.xml"
    else:
        base, part = xlsx_bytes({"表": [["a", "b"], [1, 2]]}), "xl/sharedStrings.xml"
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == part or (kind != "docx" and item.filename == "xl/worksheets/sheet1.xml"):
                body = data.split(b"?>", 1)[1] if data.startswith(b"<?xml") else data
                body = body.replace(b">", b">&lol9;", 1) if kind == "docx" else body
                data = LAUGHS.encode() + body
            dst.writestr(item, data)
        if kind != "docx" and part not in src.namelist():
            dst.writestr(part, LAUGHS + '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol9;</t></si></sst>')
    return out.getvalue()


def truncated(data: bytes) -> bytes:
    return data[: len(data) // 2]


def ole_file(streams: dict[str, bytes]) -> bytes:
    """A minimal OLE2 compound file (version 3, 512-byte sectors) holding ``streams`` at the
    root, each padded to 4 KiB so that no mini stream is needed: what an old .doc/.xls or a
    password-protected Office file looks like to a reader of its directory."""
    sector = 512
    names = list(streams)
    data_sectors: list[list[int]] = []
    next_free = 0
    payload = b""
    for name in names:
        body = streams[name].ljust(4096, b"\0")
        count = len(body) // sector
        data_sectors.append(list(range(next_free, next_free + count)))
        next_free += count
        payload += body
    dir_entries = 1 + len(names)
    dir_sectors = -(-dir_entries * 128 // sector)
    dir_start = next_free
    fat_start = dir_start + dir_sectors
    total = fat_start + 1
    fat = [0xFFFFFFFF] * (sector // 4)
    for chain in data_sectors:
        for a, b in zip(chain, chain[1:] + [0xFFFFFFFE]):
            fat[a] = b
    for s in range(dir_start, dir_start + dir_sectors):
        fat[s] = s + 1 if s + 1 < dir_start + dir_sectors else 0xFFFFFFFE
    fat[fat_start] = 0xFFFFFFFD
    assert total <= sector // 4

    def entry(name: str, kind: int, start: int, size: int, child: int = 0xFFFFFFFF, right: int = 0xFFFFFFFF) -> bytes:
        raw = name.encode("utf-16-le") + b"\0\0"
        return (
            raw.ljust(64, b"\0") + struct.pack("<HBB", len(raw), kind, 1)
            + struct.pack("<III", 0xFFFFFFFF, right, child) + b"\0" * 16 + b"\0" * 4 + b"\0" * 16
            + struct.pack("<IIxxxx", start, size)
        )

    directory = entry("Root Entry", 5, 0xFFFFFFFE, 0, child=1 if names else 0xFFFFFFFF)
    for i, name in enumerate(names):
        right = i + 2 if i + 1 < len(names) else 0xFFFFFFFF
        directory += entry(name, 2, data_sectors[i][0], len(streams[name].ljust(4096, b"\0")), right=right)
    directory = directory.ljust(dir_sectors * sector, b"\0")
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16 + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6 + struct.pack("<IIIIIIIII", 0, 1, dir_start, 0, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)
    )
    difat = struct.pack("<I", fat_start) + b"\xff\xff\xff\xff" * 108
    header = (header + difat).ljust(sector, b"\0")
    return header + payload + directory + struct.pack(f"<{len(fat)}I", *fat)
