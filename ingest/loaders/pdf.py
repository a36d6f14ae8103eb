"""PDF loading with pypdf, in a child process with a time and memory limit
(:mod:`ingest.loaders.isolation`), with OCR of pages that have no text layer.

A page without extractable text is read by Tesseract (:mod:`ingest.loaders.ocr`) from the
scan it holds, in the same child and under its limits, when OCR is configured and
Tesseract is installed; the document records which pages were read that way, and the
summary says so. Without Tesseract the warning says how to install it.
"""

from __future__ import annotations

import logging
import re
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ingest.core.errors import EncryptedFileError, LoaderError
from ingest.core.models import LoadedDocument, PageSpan
from ingest.loaders import ocr
from ingest.loaders.isolation import one_line as _one_line
from ingest.loaders.isolation import run_isolated
from ingest.loaders.text import first_short_line, looks_garbled, normalise_newlines

DEFAULT_EXTRACTOR = "ingest.loaders.pdf:extract_pages"
PAGE_SEPARATOR = "\n\n"
ENCRYPTED_MESSAGE = (
    "encrypted PDF; docqa cannot open password-protected files: remove the password and save it "
    "again (.docx または PDF で保存してください)"
)
_NO_UNICODE_MAP = "font without a Unicode map?"
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
_TITLE_PLACEHOLDERS = frozenset(
    ("untitled", "document", "title", "no title", "powerpoint プレゼンテーション")
    + ("無題", "タイトルなし")
)
_TITLE_FILENAME = re.compile(
    r"(^microsoft (word|excel|powerpoint)\s*-)|\.(docx?|xlsx?|pptx?|jtdc?|pdf|rtf|odt|txt)$",
    re.IGNORECASE,
)


class PdfLoader:
    """Loads ``.pdf`` files; see the module docstring.

    ``extractor`` names a ``"module:function"`` taking a path string and the options and
    returning an extraction dict like ``extract_pages``; it is a string so the child can
    import it. ``ocr`` is how pages without text are read (None: they are not). The child
    may run ``parse_timeout_s`` plus the OCR budget.
    """

    suffixes: tuple[str, ...] = (".pdf",)

    def __init__(
        self, timeout_s: float, memory_mb: int, extractor: str = DEFAULT_EXTRACTOR,
        ocr: ocr.OcrOptions | None = None,
    ) -> None:
        self.timeout_s = timeout_s
        self.memory_mb = memory_mb
        self.extractor = extractor
        self.ocr = ocr

    def load(self, path: Path, doc_id: str) -> LoadedDocument:
        use_ocr = self.ocr is not None and bool(self.ocr.languages)
        options = {"ocr": self.ocr.to_json()} if use_ocr else {}
        timeout = self.timeout_s + (self.ocr.budget_s if use_ocr else 0)
        extraction = run_isolated(
            self.extractor, path, timeout_s=timeout, memory_mb=self.memory_mb, what="PDF", options=options
        )
        return assemble(extraction, path, doc_id)


def extract_pages(path: str, options: dict | None = None) -> dict[str, Any]:
    """Open a PDF with pypdf and return its raw per-page text (runs in the child).

    Returns ``{"pages": [str], "page_errors": [[page, reason]], "title": str | None,
    "notes": [str], "ocr_pages": [int], "ocr_notes": [str]}``. Raises EncryptedFileError
    when the empty password does not open the file and LoaderError for files pypdf cannot
    open. A page whose extraction raises is recorded in ``page_errors`` and the other pages
    go on. With ``options["ocr"]`` (:class:`ingest.loaders.ocr.OcrOptions`), pages without
    text are read from their scan with Tesseract, within its time budget and page count.
    """
    from pypdf import PasswordType, PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError

    notes: list[str] = []
    with _captured_pypdf_output(notes):
        try:
            reader = PdfReader(path, strict=False)
            if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
                raise EncryptedFileError(ENCRYPTED_MESSAGE)
            pages: list[str] = []
            errors: list[list[Any]] = []
            for number, page in enumerate(reader.pages, start=1):
                try:
                    pages.append(page.extract_text() or "")
                except (FileNotDecryptedError, DependencyError, MemoryError):
                    raise
                except Exception as exc:  # noqa: BLE001 - pypdf raises many types per damaged page
                    pages.append("")
                    errors.append([number, _one_line(exc)])
            title = _metadata_title(reader)
            ocr_pages, ocr_notes = _ocr_empty_pages(reader, pages, (options or {}).get("ocr"))
        except DependencyError:
            raise LoaderError(
                "this PDF uses AES encryption, which needs the optional 'cryptography' "
                "package (pip install cryptography)"
            ) from None
        except FileNotDecryptedError:
            raise EncryptedFileError(ENCRYPTED_MESSAGE) from None
    return {
        "pages": pages, "page_errors": errors, "title": title, "notes": notes,
        "ocr_pages": ocr_pages, "ocr_notes": ocr_notes,
    }


def _ocr_empty_pages(reader: Any, pages: list[str], options: dict | None) -> tuple[list[int], list[str]]:
    """Fill the pages without text from their scans (in place); the page numbers read, and
    one note per kind of page that could not be read."""
    empty = [n for n, text in enumerate(pages, start=1) if not clean_page(text)]
    if not empty or options is None:
        return [], []
    settings = ocr.OcrOptions.from_json(options)
    reason = ocr.unavailable(settings.languages)
    if reason is not None:
        return [], [f"{_page_list(empty)}: no text layer and not OCR'd: {reason}; {ocr.INSTALL_HINT}"]
    deadline = time.monotonic() + settings.budget_s
    done: list[int] = []
    no_scan: list[int] = []
    failed: dict[int, str] = {}
    skipped: list[int] = []
    for number in empty:
        left = deadline - time.monotonic()
        if len(done) >= settings.max_pages or left <= 1:
            skipped.append(number)
            continue
        try:
            scan = ocr.page_scan(reader.pages[number - 1])
            if scan is None:
                no_scan.append(number)
                continue
            text = ocr.read_image(scan[0], scan[1], settings.languages, left)
        except MemoryError:
            raise
        except Exception as exc:  # noqa: BLE001 - one unreadable scan costs its page only
            failed[number] = _one_line(exc)
            continue
        if text:
            pages[number - 1] = text
            done.append(number)
    notes = []
    if no_scan:
        notes.append(f"{_page_list(no_scan)}: no text layer and no scanned image to OCR")
    if failed:
        notes.append(f"{_page_list(failed)}: OCR failed ({next(iter(failed.values()))})")
    if skipped:
        notes.append(
            f"{_page_list(skipped)}: not OCR'd, over the limit of {settings.max_pages} pages or "
            f"{settings.budget_s:g} s (DOCQA_OCR_MAX_PAGES, DOCQA_OCR_TIMEOUT_S)"
        )
    return done, notes


def _metadata_title(reader: Any) -> str | None:
    try:
        title = reader.metadata.title if reader.metadata else None
    except Exception:  # noqa: BLE001 - a damaged Info dictionary only costs the title hint
        return None
    return title if isinstance(title, str) else None


@contextmanager
def _captured_pypdf_output(notes: list[str]) -> Iterator[None]:
    """Collect pypdf's warnings and log records into ``notes`` instead of stderr."""

    class _Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            notes.append(record.getMessage())

    logger = logging.getLogger("pypdf")
    handler, propagate = _Collect(), logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            yield
        notes.extend(str(w.message) for w in caught)
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def assemble(extraction: dict[str, Any], path: Path, doc_id: str) -> LoadedDocument:
    """Join cleaned pages with a blank line and record each page's span (pure).

    Pages without text get an empty span at the current offset and are listed in
    one warning; when no page has text the document is still returned, empty.
    Raises LoaderError when pages failed to extract and nothing else had text.
    """
    pages = [clean_page(raw) for raw in extraction["pages"]]
    ocr_pages = sorted(int(n) for n in extraction.get("ocr_pages") or ())
    failed = {int(number): reason for number, reason in extraction["page_errors"]}
    if failed and not any(pages):
        raise LoaderError(f"malformed PDF: {next(iter(failed.values()))}")
    parts: list[str] = []
    spans: list[PageSpan] = []
    offset = 0
    for number, text in enumerate(pages, start=1):
        if text:
            offset += len(PAGE_SEPARATOR) if parts else 0
            parts.append(text)
            spans.append(PageSpan(number, offset, offset + len(text)))
            offset += len(text)
        else:
            spans.append(PageSpan(number, offset, offset))
    text = PAGE_SEPARATOR.join(parts)
    title = meaningful_title(extraction["title"], path) or first_short_line(text)
    if title is not None and looks_garbled(title):
        title = None
    return LoadedDocument(
        doc_id=doc_id,
        path=path,
        text=text,
        format="pdf",
        pages=spans,
        title_hint=title,
        warnings=_warnings(pages, failed, extraction["notes"], ocr_pages, extraction.get("ocr_notes") or []),
        ocr_pages=ocr_pages,
    )


def _warnings(
    pages: list[str], failed: dict[int, str], notes: list[str], ocr_pages: list[int], ocr_notes: list[str]
) -> list[str]:
    if not pages:
        return ["the PDF has no pages"]
    out = []
    if ocr_pages:
        out.append(f"{_page_list(ocr_pages)}: no text layer; text recognised by OCR (Tesseract)")
    out.extend(ocr_notes)
    if failed:
        first = next(iter(failed.values()))
        out.append(f"{_page_list(failed)}: text extraction failed ({first})")
    empty = [n for n, text in enumerate(pages, start=1) if not text and n not in failed]
    if empty and not ocr_notes:
        out.append(f"{_page_list(empty)}: no text layer (scanned?)")
    garbled = [n for n, text in enumerate(pages, start=1) if text and looks_garbled(text)]
    if garbled:
        out.append(f"{_page_list(garbled)}: extracted text looks garbled ({_NO_UNICODE_MAP})")
    if notes:
        first = _one_line(notes[0])
        out.append(f"the parser reported {len(notes)} problem(s) in the file, first: {first}")
    return out


def _page_list(numbers: Any) -> str:
    """``"page 3"``, ``"pages 3, 4"``, ``"pages 1-40, 42"``: runs of three or more as ranges."""
    numbers = sorted(numbers)
    ranges: list[list[int]] = []
    for n in numbers:
        if ranges and n == ranges[-1][1] + 1:
            ranges[-1][1] = n
        else:
            ranges.append([n, n])
    joined = ", ".join(
        str(a) if a == b else f"{a}, {b}" if b == a + 1 else f"{a}-{b}" for a, b in ranges
    )
    return f"page {joined}" if len(numbers) == 1 else f"pages {joined}"


def clean_page(raw: str) -> str:
    """Normalise newlines, drop control characters and lone surrogates, strip the page."""
    text = raw.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return _CONTROLS.sub("", normalise_newlines(text)).strip()


def meaningful_title(title: str | None, path: Path) -> str | None:
    """A metadata title worth showing, or None for file names, placeholders and mojibake."""
    if not title:
        return None
    title = " ".join(_CONTROLS.sub("", title).split())
    if (
        not title
        or len(title) > 200
        or title.lower() in _TITLE_PLACEHOLDERS
        or title == path.stem
        or _TITLE_FILENAME.search(title)
        or not any(ch.isalpha() for ch in title)
        or "\ufffd" in title
        or looks_garbled(title)
    ):
        return None
    return title
