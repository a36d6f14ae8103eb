"""The .xlsx loader: one section per sheet, merged cells expanded, the header repeated."""

from __future__ import annotations

import datetime as dt

import pytest

from eval import officegen
from ingest.core.models import DocumentMeta
from ingest.core.settings import Settings
from ingest.loaders import load_file
from ingest.loaders.excel import format_value
from ingest.pipeline.process import build_chunks


@pytest.fixture(scope="module")
def settings() -> Settings:
    return Settings(embed_model="none")


@pytest.mark.integration
def test_sheets_merged_cells_and_title_rows(tmp_path, settings) -> None:
    data = officegen.xlsx_bytes(
        {
            "施設一覧": [["施設名", "区", "定員"], ["ひかり会館", "中央区", 120], ["そら会館", None, 80]],
            "予算": [["年度", "金額"], ["2023年度", 1500]],
        },
        merges={"施設一覧": ["B2:B3"]},
        title_rows={"施設一覧": "表1 公共施設の定員"},
    )
    path = tmp_path / "facilities.xlsx"
    path.write_bytes(data)
    doc = load_file(path, settings)
    assert doc.format == "xlsx"
    assert doc.text == (
        "施設一覧\n\n表1 公共施設の定員\n\n施設名\t区\t定員\nひかり会館\t中央区\t120\nそら会館\t中央区\t80"
        "\n\n予算\n\n年度\t金額\n2023年度\t1500"
    )
    assert [doc.text[h.start:].split("\n")[0] for h in doc.headings] == ["施設一覧", "予算"]


@pytest.mark.integration
def test_every_chunk_of_rows_carries_the_header_and_its_sheet(tmp_path, settings) -> None:
    rows = [["施設名", "所在地", "定員"]] + [[f"第{n}会館", f"{n}丁目", n * 10] for n in range(1, 80)]
    path = tmp_path / "many.xlsx"
    path.write_bytes(officegen.xlsx_bytes({"施設一覧": rows}))
    doc = load_file(path, settings)
    chunks = build_chunks(doc, DocumentMeta("施設"), settings)
    body = [c for c in chunks if "会館" in c.text]
    assert len(body) > 2
    assert all(c.section == "施設一覧" for c in body)
    assert all("施設名\t所在地\t定員" in c.index_text for c in body)


@pytest.mark.unit
@pytest.mark.parametrize(
    ("value", "fmt", "text"),
    [
        (1234567, "#,##0", "1,234,567"), (0.345, "0.0%", "34.5%"), (80.0, "General", "80"),
        (2.5, "General", "2.5"), (dt.datetime(2024, 3, 31), "yyyy-mm-dd", "2024-03-31"), (None, "General", ""),
        ("一行目\n二行目", "General", "一行目 二行目"), (True, "General", "TRUE"),
    ],
)
def test_format_value(value, fmt, text) -> None:
    assert format_value(value, fmt) == text
