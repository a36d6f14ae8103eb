"""Word (.docx) loading with python-docx, in the parsing child process.

The body is read in order: paragraphs, tables and text boxes. A paragraph whose style is a
heading (「見出し 1」 is Word's ``Heading 1``) or that has an outline level becomes a heading
line, recorded as such for the chunker; the Title style gives the title hint. A table is
written as tab-separated rows under its first row (its header), a blank line around it; a
merged cell's text stands in every cell it covers, and a row that is one merged cell is a
caption line. Vertical text (縦書き) is ordinary text in the file and reads the same.
Headers, footers and comments are page furniture and are left out.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ingest.core.models import Heading, LoadedDocument
from ingest.loaders.isolation import run_isolated
from ingest.loaders.pdf import meaningful_title
from ingest.loaders.text import first_short_line

EXTRACTOR = "ingest.loaders.word:extract_docx"
_HEADING_STYLE = re.compile(r"^(?:heading|見出し)\s*(\d)$", re.IGNORECASE)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_CELL_SPACE = re.compile(r"\s+")


class PackageLoader:
    """Loads an Office package with ``extractor`` in a child process with the parse limits
    and the package limits (``max_unzipped_mb``, ``max_parts``); subclasses name the format."""

    suffixes: tuple[str, ...] = ()
    extractor: str = ""
    what: str = ""
    format: str = ""

    def __init__(self, timeout_s: float, memory_mb: int, max_unzipped_mb: int, max_parts: int) -> None:
        self.timeout_s = timeout_s
        self.memory_mb = memory_mb
        self.options = {"max_bytes": max_unzipped_mb * 2**20, "max_parts": max_parts}

    def load(self, path: Path, doc_id: str) -> LoadedDocument:
        out = run_isolated(
            self.extractor, path, timeout_s=self.timeout_s, memory_mb=self.memory_mb, what=self.what, options=self.options
        )
        return document_from(out, path, doc_id, self.format)


class DocxLoader(PackageLoader):
    """Loads ``.docx`` files in a child process with the parse limits."""

    suffixes = (".docx",)
    extractor, what, format = EXTRACTOR, "Word file", "docx"


def document_from(out: dict[str, Any], path: Path, doc_id: str, fmt: str) -> LoadedDocument:
    """The LoadedDocument of an Office extraction ``{"text", "headings", "title", "warnings"}``."""
    text = out["text"]
    title = meaningful_title(out.get("title"), path) or first_short_line(text)
    return LoadedDocument(
        doc_id=doc_id, path=path, text=text, format=fmt, title_hint=title,
        warnings=list(out.get("warnings") or ()),
        headings=[Heading(int(start), int(level)) for start, level in out.get("headings") or ()],
    )


class TextBuilder:
    """Blocks of text joined by blank lines, with the offsets of the heading lines."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.headings: list[list[int]] = []

    def block(self, text: str, level: int | None = None) -> None:
        text = text.strip("\n")
        if not text.strip():
            return
        if self.parts:
            self.parts.append("\n\n")
            self.length += 2
        if level is not None:
            self.headings.append([self.length, level])
        self.parts.append(text)
        self.length += len(text)

    def table(self, rows: list[list[str]]) -> None:
        """Rows of cells; a row that is one merged cell across the table, or a lone value in
        the first column above the header, is a caption line."""
        lines: list[str] = []
        for cells in rows:
            if not any(cells):
                continue
            filled = [c for c in cells if c]
            title_row = all(c == cells[0] for c in cells) or (not lines and len(filled) == 1 and cells[0])
            if len(cells) > 1 and title_row:
                if lines:
                    self.block("\n".join(lines))
                    lines = []
                self.block(cells[0])
                continue
            lines.append("\t".join(cells))
        if lines:
            self.block("\n".join(lines))

    def result(self, title: str | None, warnings: list[str]) -> dict[str, Any]:
        return {"text": "".join(self.parts), "headings": self.headings, "title": title, "warnings": warnings}


def cell_text(text: str) -> str:
    """A cell's text on one line: its paragraphs and tabs become spaces."""
    return _CELL_SPACE.sub(" ", text).strip()


def extract_docx(path: str, options: dict) -> dict[str, Any]:
    """Runs in the child: check the package, then read the body in order."""
    from ingest.loaders.office import check_package

    check_package(path, "Word file", options["max_bytes"], options["max_parts"])
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(path)
    out = TextBuilder()
    title: str | None = None

    def paragraph(element) -> None:
        nonlocal title
        para = Paragraph(element, document)
        text = para.text
        level = _heading_level(para)
        style = (para.style.name if para.style is not None else "") or ""
        if style.lower() == "title":
            title = title or text.strip() or None
            level = 1
        out.block(text, level)
        for box in element.iter(f"{_W}txbxContent"):
            if not any(a.tag == _MC_FALLBACK for a in box.iterancestors()):
                for inner in box.iter(f"{_W}p"):
                    out.block(Paragraph(inner, document).text)

    def table(element) -> None:
        grid = Table(element, document)
        rows = [[cell_text(cell.text) for cell in row.cells] for row in grid.rows]
        out.table(rows)

    def walk(parent) -> None:
        for child in parent.iterchildren():
            if child.tag == f"{_W}p":
                paragraph(child)
            elif child.tag == f"{_W}tbl":
                table(child)
            elif child.tag == f"{_W}sdt":
                content = child.find(f"{_W}sdtContent")
                if content is not None:
                    walk(content)

    walk(document.element.body)
    core_title = document.core_properties.title or None
    return out.result(title or core_title, [])


def _heading_level(para) -> int | None:
    style = para.style
    seen = 0
    while style is not None and seen < 10:
        if match := _HEADING_STYLE.match(style.name or ""):
            return int(match.group(1))
        seen += 1
        style = style.base_style
    ppr = para._p.pPr
    outline = ppr.find(f"{_W}outlineLvl") if ppr is not None else None
    if outline is not None:
        value = outline.get(f"{_W}val")
        if value is not None and value.isdigit() and int(value) < 9:
            return int(value) + 1
    return None
