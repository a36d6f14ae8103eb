"""The .docx loader: headings become sections, tables keep their header, merged cells and
vertical text, in a child process with the parse limits."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from eval import officegen
from ingest.core.errors import LoaderError
from ingest.core.models import DocumentMeta
from ingest.core.settings import Settings
from ingest.loaders import load_file
from ingest.loaders.word import TextBuilder, cell_text
from ingest.pipeline.process import build_chunks

TABLE = [["施設名", "定員", "備考"], ["ひかり会館", "120", "駐車場あり"], ["そら会館", "80", "駐車場あり"]]
SECTIONS = [
    ("第1章 開園時間", ["みどり公園の開園時間は午前9時から午後5時までです。"]),
    ("売店", ["売店では飲み物を販売しています。"]),
]


@pytest.fixture(scope="module")
def settings() -> Settings:
    return Settings(embed_model="none")


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.integration
def test_headings_tables_and_merged_cells(tmp_path, settings) -> None:
    data = officegen.docx_bytes("みどり公園のご案内", SECTIONS, TABLE, merge=(1, 2, 2, 2))
    doc = load_file(write(tmp_path, "park.docx", data), settings)
    assert doc.format == "docx" and doc.title_hint == "みどり公園のご案内"
    assert doc.text == (
        "みどり公園のご案内\n\n第1章 開園時間\n\nみどり公園の開園時間は午前9時から午後5時までです。\n\n"
        "施設名\t定員\t備考\nひかり会館\t120\t駐車場あり\nそら会館\t80\t駐車場あり\n\n売店\n\n売店では飲み物を販売しています。"
    )
    headings = {doc.text[h.start:].split("\n")[0]: h.level for h in doc.headings}
    assert headings == {"みどり公園のご案内": 1, "第1章 開園時間": 1, "売店": 1}


@pytest.mark.integration
def test_a_heading_style_opens_a_section_whatever_its_shape(tmp_path, settings) -> None:
    """「売店」 has no heading shape the chunker knows; the Heading 1 style makes it one."""
    doc = load_file(write(tmp_path, "park.docx", officegen.docx_bytes("案内", SECTIONS, TABLE)), settings)
    chunks = build_chunks(doc, DocumentMeta("案内"), Settings(embed_model="none", chunk_min_chars=0, chunk_target_chars=100, chunk_max_chars=150))
    shop = [c for c in chunks if "飲み物" in c.text]
    assert shop and shop[0].section.endswith("売店")
    table = [c for c in chunks if "ひかり会館" in c.text]
    assert table and "施設名\t定員\t備考" in table[0].index_text


@pytest.mark.integration
def test_vertical_text_reads_as_text(tmp_path, settings) -> None:
    data = officegen.docx_bytes("縦書きの案内", SECTIONS, vertical=True)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert b'w:textDirection w:val="tbRl"' in package.read("word/document.xml")
    doc = load_file(write(tmp_path, "tate.docx", data), settings)
    assert "みどり公園の開園時間は午前9時から午後5時までです。" in doc.text


@pytest.mark.integration
def test_a_damaged_package_is_a_loader_error(tmp_path, settings) -> None:
    data = officegen.truncated(officegen.docx_bytes("案内", SECTIONS))
    with pytest.raises(LoaderError, match="^malformed Word file"):
        load_file(write(tmp_path, "broken.docx", data), settings)


@pytest.mark.unit
def test_a_row_of_one_merged_cell_is_a_caption_line() -> None:
    out = TextBuilder()
    out.table([["表1 定員", "表1 定員"], ["施設", "定員"], ["会館", "120"]])
    assert out.result(None, [])["text"] == "表1 定員\n\n施設\t定員\n会館\t120"


@pytest.mark.unit
def test_cell_text_is_one_line() -> None:
    assert cell_text(" 一行目\n二行目\t三 ") == "一行目 二行目 三"
