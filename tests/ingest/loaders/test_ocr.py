"""Scanned PDFs: pages without a text layer read by Tesseract in the PDF child, vertical
text included, marked as OCR'd; without Tesseract the message says how to install it."""

from __future__ import annotations

from pathlib import Path

import pytest

from eval import officegen
from eval.ocr_accuracy import accuracy
from ingest.core.models import DocumentMeta
from ingest.core.settings import Settings
from ingest.ja.tokenize import WhitespaceTokenizer
from ingest.loaders import load_file
from ingest.loaders.ocr import clean_ocr_text, unavailable
from ingest.pipeline.process import FailedDocument, process_document

MISSING = unavailable("jpn+jpn_vert")
needs_tesseract = pytest.mark.skipif(
    MISSING is not None, reason=f"{MISSING}: run `make install` as root (apt-get install tesseract-ocr tesseract-ocr-jpn tesseract-ocr-jpn-vert)"
)
needs_font = pytest.mark.skipif(officegen.japanese_font() is None, reason="no Japanese font (make browser installs fonts-ipafont-gothic)")
HORIZONTAL = ["浮島処理センターの年間焼却量は31万トンです。", "焼却施設は市内に3か所ある。"]
VERTICAL = ["縦書きの頁です。", "みどり市役所は午前8時半に開く。"]


@pytest.fixture(scope="module")
def scan(tmp_path_factory) -> Path:
    if officegen.japanese_font() is None:
        pytest.skip("no Japanese font (make browser installs fonts-ipafont-gothic)")
    path = tmp_path_factory.mktemp("scan") / "scan.pdf"
    path.write_bytes(officegen.scanned_pdf_bytes([HORIZONTAL, VERTICAL], vertical_pages=(2,)))
    return path


@pytest.mark.unit
def test_clean_ocr_text_closes_the_gaps_between_japanese_characters() -> None:
    assert clean_ocr_text("縦 書 き の 頁 で す 。\n\n\n\nPage 2 of 3\f") == "縦書きの頁です。\n\nPage 2 of 3"


@pytest.mark.unit
def test_accuracy_ignores_white_space() -> None:
    assert accuracy("浮島 処理\nセンター", "浮島処理センター") == 1.0
    assert accuracy("浮島処理センタ", "浮島処理センター") == pytest.approx(1 - 1 / 8)


@needs_tesseract
@pytest.mark.integration
@pytest.mark.slow
def test_scanned_pages_are_read_horizontal_and_vertical(scan: Path, record_property) -> None:
    doc = load_file(scan, Settings(embed_model="none"))
    assert doc.ocr_pages == [1, 2]
    assert doc.warnings == ["pages 1, 2: no text layer; text recognised by OCR (Tesseract)"]
    first, second = (doc.text[p.start : p.end] for p in doc.pages)
    scores = accuracy(first, "".join(HORIZONTAL)), accuracy(second, "".join(VERTICAL))
    record_property("ocr_accuracy", scores)
    print(f"OCR character accuracy: horizontal {scores[0]:.3f}, vertical {scores[1]:.3f}")
    assert scores[0] >= 0.9 and scores[1] >= 0.8


@needs_tesseract
@pytest.mark.integration
@pytest.mark.slow
def test_chunks_of_scanned_pages_are_marked_as_ocr(scan: Path) -> None:
    result = process_document(scan, DocumentMeta("焼却"), Settings(embed_model="none"), WhitespaceTokenizer())
    assert not isinstance(result, FailedDocument)
    assert result.chunks and all(c.ocr for c in result.chunks)
    assert result.loaded.ocr_pages == [1, 2]


@needs_font
@pytest.mark.integration
def test_without_tesseract_the_file_is_refused_with_how_to_install_it(scan: Path, monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no tesseract on it
    result = process_document(scan, None, Settings(embed_model="none"), WhitespaceTokenizer())
    assert isinstance(result, FailedDocument)
    assert "no extractable text" in result.reason and "Tesseract is not installed" in result.reason
    assert "apt-get install tesseract-ocr tesseract-ocr-jpn tesseract-ocr-jpn-vert" in result.reason


@needs_font
@pytest.mark.integration
def test_ocr_off_leaves_scanned_pages_empty(scan: Path) -> None:
    doc = load_file(scan, Settings(embed_model="none", ocr_languages=""))
    assert (doc.text, doc.ocr_pages) == ("", [])
    assert doc.warnings == ["pages 1, 2: no text layer (scanned?)"]


@needs_tesseract
@needs_font
@pytest.mark.integration
def test_pages_over_the_limit_are_reported_not_ocrd(scan: Path) -> None:
    doc = load_file(scan, Settings(embed_model="none", ocr_max_pages=1))
    assert doc.ocr_pages == [1]
    assert any("page 2: not OCR'd, over the limit of 1 pages" in w for w in doc.warnings)
