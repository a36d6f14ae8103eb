"""Excel (.xlsx) loading with openpyxl, in the parsing child process.

One section per sheet: the sheet's name is a heading line, then its table. Merged cells
are expanded (the merged value stands in every cell of the range), empty rows and the
empty columns at the right are dropped, and a row that is one value across every column
(a title over the table) is a caption line above it. The first remaining row is the
header; every row is one line of tab-separated cells below it, so the chunker repeats the
header with every chunk of rows. Values are the ones Excel last calculated (formulas are
not evaluated); numbers keep a thousands separator or a percent sign when the cell's format
has one, dates read 2024-03-31.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ingest.loaders.word import PackageLoader, TextBuilder, cell_text

EXTRACTOR = "ingest.loaders.excel:extract_xlsx"


class XlsxLoader(PackageLoader):
    """Loads ``.xlsx`` files in a child process with the parse limits."""

    suffixes = (".xlsx",)
    extractor, what, format = EXTRACTOR, "Excel file", "xlsx"


def format_value(value: Any, number_format: str = "General") -> str:
    """A cell's value as text (pure)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M") if (value.hour, value.minute) != (0, 0) else value.strftime("%Y-%m-%d")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (int, float)):
        fmt = number_format or ""
        if "%" in fmt:
            decimals = len(fmt.split(".")[1].rstrip("%")) if "." in fmt else 0
            return f"{value * 100:.{decimals}f}%"
        if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
            value = int(value)
        if "#,##" in fmt:
            return f"{value:,}" if isinstance(value, int) else f"{value:,.{_decimals(fmt)}f}"
        return str(value) if isinstance(value, int) else f"{value:.10g}"
    return cell_text(str(value))


def _decimals(fmt: str) -> int:
    tail = fmt.split(".")[1] if "." in fmt else ""
    return len([c for c in tail if c in "0#"])


def sheet_rows(sheet) -> list[list[str]]:
    """The sheet's rows as text, merged cells expanded, empty rows and right columns dropped."""
    merged: dict[tuple[int, int], tuple[int, int]] = {}
    for cells in sheet.merged_cells.ranges:
        for row in range(cells.min_row, cells.max_row + 1):
            for col in range(cells.min_col, cells.max_col + 1):
                merged[(row, col)] = (cells.min_row, cells.min_col)
    rows: list[list[str]] = []
    for row in sheet.iter_rows():
        values = []
        for cell in row:
            source = merged.get((cell.row, cell.column))
            if source is not None and source != (cell.row, cell.column):
                cell = sheet.cell(*source)
            values.append(format_value(cell.value, cell.number_format))
        rows.append(values)
    rows = [r for r in rows if any(r)]
    width = max((max(i for i, v in enumerate(r) if v) + 1 for r in rows), default=0)
    return [r[:width] + [""] * (width - len(r[:width])) for r in rows]


def extract_xlsx(path: str, options: dict) -> dict[str, Any]:
    """Runs in the child: check the package, then one section per sheet."""
    from ingest.loaders.office import check_package

    check_package(path, "Excel file", options["max_bytes"], options["max_parts"])
    import openpyxl

    book = openpyxl.load_workbook(path, data_only=True, read_only=False)
    out = TextBuilder()
    warnings = []
    for sheet in book.worksheets:
        rows = sheet_rows(sheet)
        if not rows:
            continue
        out.block(sheet.title, level=1)
        out.table(rows)
        if sheet.sheet_state != "visible":
            warnings.append(f"sheet {sheet.title!r} is hidden in Excel; its cells were indexed")
    title = book.properties.title or None
    return out.result(title, warnings)
