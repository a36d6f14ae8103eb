"""PdfLoader: Japanese text, page spans, encryption, scans, broken files, limits.

PDFs are generated with reportlab's built-in CID font HeiseiMin-W3 (UniJIS-UCS2-H
encoding, not embedded). pypdf 7.1 extracts that text exactly, ideographic spaces
included, so the tests compare it verbatim.
"""

from __future__ import annotations

import importlib.util
import time
from pathlib import Path
from typing import Any

import psutil
import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from PIL import Image
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from ingest.core.errors import EncryptedFileError, LoaderError, ParseTimeoutError
from ingest.loaders.pdf import PdfLoader, assemble, clean_page, meaningful_title
from ingest.loaders.text import looks_garbled

PAGE_1 = ["第一章　子育て支援について", "市では、令和六年度から支援を拡充します。"]
PAGE_2 = ["第二章　申請の方法", "申請は市役所の窓口で受け付けます。ABC 123"]
EXTERNAL = Path(__file__).resolve().parents[3] / ".." / "shared" / "external" / "pdfs"
HAS_CRYPTOGRAPHY = importlib.util.find_spec("cryptography") is not None


def make_pdf(
    path: Path,
    pages: list[list[str]],
    *,
    title: str | None = None,
    encrypt: StandardEncryption | None = None,
    image: bool = False,
) -> Path:
    """Write a PDF with one line of Japanese text per list entry, one list per page."""
    pdfmetrics.registerFont(UnicodeCIDFont("HeiseiMin-W3"))
    pdf = canvas.Canvas(str(path), encrypt=encrypt)
    if title:
        pdf.setTitle(title)
    for lines in pages:
        if image:
            pdf.drawInlineImage(Image.new("L", (64, 64), color=128), 72, 600, 200, 200)
        pdf.setFont("HeiseiMin-W3", 12)
        for row, line in enumerate(lines):
            pdf.drawString(72, 750 - 20 * row, line)
        pdf.showPage()
    pdf.save()
    return path


def loader(
    timeout_s: float = 20.0, memory_mb: int = 2048, extractor: str | None = None
) -> PdfLoader:
    if extractor is None:
        return PdfLoader(timeout_s=timeout_s, memory_mb=memory_mb)
    return PdfLoader(timeout_s=timeout_s, memory_mb=memory_mb, extractor=f"{__name__}:{extractor}")


def load(path: Path, **kwargs: Any):
    return loader(**kwargs).load(path, path.name)


def _hang(path: str, options: dict) -> dict[str, Any]:
    """Extractor for the timeout test: never returns."""
    time.sleep(60)
    return {}


def _allocate(path: str, options: dict) -> dict[str, Any]:
    """Extractor for the memory test: needs far more than the limit."""
    return {"size": len(bytearray(4 * 1024**3))}


@pytest.mark.integration
def test_japanese_text_and_page_spans(tmp_path: Path) -> None:
    doc = load(make_pdf(tmp_path / "guide.pdf", [PAGE_1, PAGE_2], title="子育て支援ガイド"))
    first, second = "\n".join(PAGE_1), "\n".join(PAGE_2)
    assert doc.text == f"{first}\n\n{second}"
    assert [(s.page, s.start, s.end) for s in doc.pages] == [
        (1, 0, len(first)),
        (2, len(first) + 2, len(first) + 2 + len(second)),
    ]
    assert doc.text[doc.pages[1].start : doc.pages[1].end] == second
    assert doc.page_at(doc.text.index("申請は")) == 2
    assert doc.title_hint == "子育て支援ガイド"
    assert doc.warnings == []
    assert (doc.doc_id, doc.format) == ("guide.pdf", "pdf")


@pytest.mark.integration
def test_filename_like_metadata_title_falls_back_to_first_line(tmp_path: Path) -> None:
    doc = load(make_pdf(tmp_path / "a.pdf", [PAGE_1], title="Microsoft Word - 01_要綱.docx"))
    assert doc.title_hint == PAGE_1[0]


@pytest.mark.integration
def test_user_password_is_refused(tmp_path: Path) -> None:
    path = make_pdf(
        tmp_path / "locked.pdf",
        [PAGE_1],
        encrypt=StandardEncryption("secret", "owner", strength=128),
    )
    with pytest.raises(
        EncryptedFileError, match=r"^encrypted PDF; docqa cannot open password-protected files: remove the password"
    ):
        load(path)


@pytest.mark.integration
def test_empty_user_password_opens(tmp_path: Path) -> None:
    path = make_pdf(
        tmp_path / "open.pdf", [PAGE_1], encrypt=StandardEncryption("", "owner", strength=128)
    )
    assert load(path).text == "\n".join(PAGE_1)


@pytest.mark.integration
def test_image_only_pdf_warns_and_returns_empty_text(tmp_path: Path) -> None:
    doc = load(make_pdf(tmp_path / "scan.pdf", [[], [], [], PAGE_1, []], image=True))
    assert doc.text == "\n".join(PAGE_1)
    assert doc.warnings == ["pages 1-3, 5: no text layer (scanned?)"]
    only_images = load(make_pdf(tmp_path / "scan2.pdf", [[]], image=True))
    assert (only_images.text, only_images.warnings) == ("", ["page 1: no text layer (scanned?)"])


@pytest.mark.integration
def test_truncated_pdf_is_a_loader_error(tmp_path: Path) -> None:
    data = make_pdf(tmp_path / "full.pdf", [PAGE_1, PAGE_2]).read_bytes()
    truncated = tmp_path / "truncated.pdf"
    truncated.write_bytes(data[: len(data) // 2])
    with pytest.raises(LoaderError, match="^malformed PDF: ") as caught:
        load(truncated, timeout_s=5)
    assert "\n" not in str(caught.value)


@pytest.mark.integration
def test_hanging_parser_is_killed_at_the_timeout(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "a.pdf", [PAGE_1])
    started = time.monotonic()
    with pytest.raises(ParseTimeoutError, match="longer than 1.5 s"):
        load(path, timeout_s=1.5, extractor="_hang")
    assert time.monotonic() - started < 4
    assert psutil.Process().children(recursive=True) == []


@pytest.mark.integration
def test_tiny_timeout_on_a_real_pdf(tmp_path: Path) -> None:
    with pytest.raises(ParseTimeoutError):
        load(make_pdf(tmp_path / "a.pdf", [PAGE_1] * 50), timeout_s=0.01)


@pytest.mark.integration
def test_memory_limit_becomes_a_loader_error(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "a.pdf", [PAGE_1])
    with pytest.raises(LoaderError, match="^PDF needs more than 256 MB to parse"):
        load(path, memory_mb=256, extractor="_allocate")


def extraction(
    pages: list[str], errors: list[list[Any]] | None = None, title: str | None = None
) -> dict:
    return {"pages": pages, "page_errors": errors or [], "title": title, "notes": []}


@pytest.mark.unit
def test_assemble_reports_empty_failed_and_garbled_pages() -> None:
    doc = assemble(
        extraction(
            ["本文", "", "  \n", "ok", "꒢꒤꒦꒨꒪", ""], errors=[[6, "LZW code out of range"]]
        ),
        Path("x.pdf"),
        "x.pdf",
    )
    assert doc.text == "本文\n\nok\n\n꒢꒤꒦꒨꒪"
    assert [(s.start, s.end) for s in doc.pages] == [
        (0, 2),
        (2, 2),
        (2, 2),
        (4, 6),
        (8, 13),
        (13, 13),
    ]
    assert doc.warnings == [
        "page 6: text extraction failed (LZW code out of range)",
        "pages 2, 3: no text layer (scanned?)",
        "page 5: extracted text looks garbled (font without a Unicode map?)",
    ]


@pytest.mark.unit
def test_assemble_zero_pages_and_all_pages_failing() -> None:
    empty = assemble(extraction([]), Path("e.pdf"), "e.pdf")
    assert (empty.text, empty.pages, empty.warnings) == ("", [], ["the PDF has no pages"])
    with pytest.raises(LoaderError, match="^malformed PDF: boom$"):
        assemble(extraction(["", ""], errors=[[1, "boom"], [2, "bang"]]), Path("b.pdf"), "b.pdf")


@pytest.mark.unit
@hypothesis_settings(derandomize=True, max_examples=200)
@given(st.lists(st.text(alphabet=st.sampled_from("あ漢a \n\r\t\x00"), max_size=8), max_size=6))
def test_page_spans_map_back_to_page_text(pages: list[str]) -> None:
    doc = assemble(extraction(pages), Path("p.pdf"), "p.pdf")
    assert [s.page for s in doc.pages] == list(range(1, len(pages) + 1))
    for span, raw in zip(doc.pages, pages, strict=True):
        assert doc.text[span.start : span.end] == clean_page(raw)
    assert doc.text == "\n\n".join(text for text in map(clean_page, pages) if text)


@pytest.mark.unit
def test_clean_page_drops_controls_and_lone_surrogates() -> None:
    assert clean_page(" a\x00b\r\nc\ud800 \n") == "ab\nc\ufffd"
    assert clean_page("𠮟る") == "𠮟る"


@pytest.mark.unit
def test_looks_garbled() -> None:
    assert looks_garbled("Ä¿ ¡¡ ¡¡ Â¼ ¹Ø ÓÚ")
    assert not looks_garbled("令和6年度 café 予算書 ①")


@pytest.mark.unit
@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("子育て支援ガイド", "子育て支援ガイド"),
        ("  概要\x00 ", "概要"),
        ("Microsoft Word - 要綱.docx", None),
        ("report.pdf", None),
        ("untitled", None),
        ("無題", None),
        ("scan", None),
        ("2024-01", None),
        ("Ä¿¡¡Â¼¹ØÓÚ", None),
        (None, None),
    ],
)
def test_meaningful_title(title: str | None, expected: str | None) -> None:
    assert meaningful_title(title, Path("scan.pdf")) == expected


def external_pdfs() -> list[Path]:
    return sorted(EXTERNAL.glob("*.pdf")) if EXTERNAL.is_dir() else []


@pytest.mark.integration
@pytest.mark.skipif(not EXTERNAL.is_dir(), reason=f"edge-case PDFs not found at {EXTERNAL}")
@pytest.mark.parametrize("path", external_pdfs(), ids=lambda p: p.name)
def test_external_edge_case_pdfs_load_or_fail_cleanly(path: Path) -> None:
    started = time.monotonic()
    try:
        doc = load(path, timeout_s=10)
    except LoaderError as exc:
        assert str(exc) and "\n" not in str(exc)
        outcome: object = exc
    else:
        outcome = doc
    assert time.monotonic() - started < 10
    expected = EXTERNAL_EXPECTATIONS.get(path.name)
    if expected is not None:
        expected(outcome)


def _text_contains(fragment: str):
    def check(outcome: object) -> None:
        assert not isinstance(outcome, Exception), outcome
        assert fragment in outcome.text  # type: ignore[attr-defined]

    return check


def _raises(kind: type[LoaderError], fragment: str = ""):
    def check(outcome: object) -> None:
        assert isinstance(outcome, kind), outcome
        assert fragment in str(outcome)

    return check


def _warns(fragment: str):
    def check(outcome: object) -> None:
        assert not isinstance(outcome, Exception), outcome
        assert any(fragment in w for w in outcome.warnings), outcome.warnings  # type: ignore[attr-defined]

    return check


# What pypdf 7.1 really achieves on each file; the README's "observed" column agrees.
EXTERNAL_EXPECTATIONS = {
    "ja_pdfjs_issue16063_identityH_tounicode.pdf": _text_contains("電線接続端子部"),
    "ja_pdfjs_javauninstall-7r.pdf": _text_contains("コントロールパネル"),
    "ja_pdfjs_noembed-sjis.pdf": _text_contains("あいうえお"),
    "ja_pdfjs_90ms_rksj_h_sample.pdf": _text_contains("日本語テスト"),
    "ja_pdfjs_issue5202_nonbmp_kanji.pdf": _text_contains("𠮟"),
    "ja_pdfjs_noembed-eucjp.pdf": _warns("looks garbled"),
    "ja_pdfjs_noembed-identity.pdf": _warns("looks garbled"),
    "zh_pdfjs_XiaoBiaoSong_gbk_noembed.pdf": _warns("looks garbled"),
    "broken_qpdf_append-xref-loop.pdf": _text_contains("Potato 0"),
    "broken_qpdf_bad1_not_a_pdf.pdf": _raises(LoaderError, "malformed PDF"),
    "broken_qpdf_pages-loop.pdf": _raises(LoaderError, "cyclic"),
    "broken_qpdf_broken-lzw.pdf": _raises(LoaderError, "LZW"),
    "edge_qpdf_empty_zero_pages.pdf": _warns("no pages"),
    "image_pypdf-samples_imagemagick-CCITTFaxDecode.pdf": _warns("no text layer"),
    "enc_pypdf-samples_libreoffice-writer-password.pdf": _raises(EncryptedFileError),
    "enc_qpdf_aes256_R6_user-view_owner-master.pdf": (
        _raises(EncryptedFileError) if HAS_CRYPTOGRAPHY else _raises(LoaderError, "cryptography")
    ),
    "enc_qpdf_V4-aes128_empty-user-password.pdf": (
        _text_contains("Potato") if HAS_CRYPTOGRAPHY else _raises(LoaderError, "cryptography")
    ),
}
