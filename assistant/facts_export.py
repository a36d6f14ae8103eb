"""The 協定・覚書一覧 as staff take it away: sorted by a column, as CSV or an Excel workbook.

The columns are the page's (主体, 相手, 国, 種別, 内容, 日付, 出典 …) and are defined once
here, with their widths, for the page's sort order, the CSV and the .xlsx alike.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass

from ingest.facts import Fact


@dataclass(frozen=True)
class Row:
    """A fact with the passage it came from, as the table shows it."""

    fact: Fact
    title: str = ""
    section: str = ""
    page: int | None = None
    #: The edition of its series the fact's document is (a yearbook's 2023年度), if any.
    edition: str = ""


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    value: Callable[[Row], str]
    width: int  # characters in the workbook (a kanji counts about two)


def action_text(fact: Fact) -> str:
    return " ".join(x for x in (fact.action or "", f"「{fact.instrument}」" if fact.instrument else "") if x)


COLUMNS: tuple[Column, ...] = (
    Column("subject", "主体", lambda r: r.fact.subject, 14),
    Column("partner", "相手", lambda r: r.fact.partner, 28),
    Column("country", "国", lambda r: r.fact.partner_country or "", 12),
    Column("relation", "種別", lambda r: r.fact.relation, 10),
    Column("action", "内容", lambda r: action_text(r.fact), 48),
    Column("date", "日付", lambda r: r.fact.date_as_written or r.fact.date or "", 16),
    Column("source", "出典", lambda r: r.title or r.fact.doc, 36),
    Column("edition", "版", lambda r: r.edition, 12),
    Column("section", "章・節", lambda r: r.section, 36),
    Column("page", "ページ", lambda r: "" if r.page is None else str(r.page), 8),
    Column("quote", "記載", lambda r: r.fact.quote, 60),
    Column("doc", "文書", lambda r: r.fact.doc, 36),
)
SORT_KEYS = tuple(c.key for c in COLUMNS)
_BY_KEY = {c.key: c for c in COLUMNS}


def sort_rows(rows: list[Row], key: str | None, descending: bool = False) -> list[Row]:
    """Rows by one column (dates by their ISO form, undated last), ties in the table's order."""
    if not key:
        return list(reversed(rows)) if descending else rows
    if key == "date":
        dated = sorted((r for r in rows if r.fact.date), key=lambda r: r.fact.date, reverse=descending)
        return dated + [r for r in rows if not r.fact.date]
    return sorted(rows, key=lambda r: _BY_KEY[key].value(r), reverse=descending)


def to_csv(rows: list[Row]) -> str:
    """CSV with a header row, UTF-8 with a byte-order mark so that Excel reads the Japanese."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.header for c in COLUMNS])
    for row in rows:
        writer.writerow([_cell(c.value(row)) for c in COLUMNS])
    return "\ufeff" + out.getvalue()


def _cell(text: str) -> str:
    """A cell a spreadsheet will not run as a formula (=, +, -, @ at the start)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def to_xlsx(rows: list[Row]) -> bytes:
    """An Excel workbook: a bold, frozen header row, readable column widths, wrapped long cells."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = "協定・覚書一覧"
    sheet.append([c.header for c in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_xlsx_text(_cell(c.value(row))) for c in COLUMNS])
    for i, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = column.width
    wrap = Alignment(wrap_text=True, vertical="top")
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            cell.alignment = wrap
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx_text(text: str) -> str:
    """Text without the control characters a workbook cannot hold."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("", text)
