"""PDF loading with pypdf, isolated in a child process with a time and memory limit.

Why ``subprocess`` running ``python -I -c`` rather than ``multiprocessing``:

* ``fork`` would copy a parent that may hold torch/Chroma threads and gigabytes of
  mappings: a deadlock risk, and ``RLIMIT_AS`` in the child would count the copy.
  A fresh interpreter starts at about 70 MB of address space.
* ``spawn``/``forkserver`` re-import the caller's ``__main__``, so any script without an
  ``if __name__ == "__main__"`` guard would re-run itself once per PDF.
* The outcome comes back as JSON on stdout, so the parent never unpickles data from
  the process that parsed an untrusted file; ``subprocess.run`` kills it on timeout.

Child contract (``child_main``): read a JSON request on stdin, lower ``RLIMIT_AS`` (and
``RLIMIT_CPU`` just above the timeout, for when the parent dies and cannot kill it),
run the extractor, write exactly one JSON outcome on stdout. Every failure becomes a
LoaderError code there; the parent maps outcomes to exceptions and builds the document.
"""

from __future__ import annotations

import importlib
import json
import logging
import math
import re
import resource
import subprocess
import sys
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ingest.core.errors import EncryptedFileError, LoaderError, ParseTimeoutError
from ingest.core.models import LoadedDocument, PageSpan
from ingest.loaders.text import first_short_line, looks_garbled, normalise_newlines

DEFAULT_EXTRACTOR = "ingest.loaders.pdf:extract_pages"
PAGE_SEPARATOR = "\n\n"
ENCRYPTED_MESSAGE = "encrypted PDF; docqa cannot open password-protected files"
_BOOTSTRAP = (
    "import json, sys; request = json.loads(sys.stdin.read()); "
    "sys.path[:0] = request['sys_path']; "
    "from ingest.loaders.pdf import child_main; child_main(request)"
)
_MEMORY = "memory"
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
    """Loads ``.pdf`` files; see the module docstring for the child-process contract.

    ``extractor`` names a ``"module:function"`` taking a path string and returning an
    extraction dict like ``extract_pages``; it is a string so the child can import it.
    """

    suffixes: tuple[str, ...] = (".pdf",)

    def __init__(
        self, timeout_s: float, memory_mb: int, extractor: str = DEFAULT_EXTRACTOR
    ) -> None:
        self.timeout_s = timeout_s
        self.memory_mb = memory_mb
        self.extractor = extractor

    def load(self, path: Path, doc_id: str) -> LoadedDocument:
        outcome = self._run_child(path)
        if "error" in outcome:
            raise _error_from(outcome["error"], self.memory_mb)
        return assemble(outcome["ok"], path, doc_id)

    def _run_child(self, path: Path) -> dict[str, Any]:
        request = {
            "path": str(path),
            "memory_mb": self.memory_mb,
            "extractor": self.extractor,
            "cpu_s": math.ceil(self.timeout_s) + 1,
        }
        try:
            done = subprocess.run(
                [sys.executable, "-I", "-c", _BOOTSTRAP],
                input=json.dumps({**request, "sys_path": sys.path}).encode(),
                capture_output=True,
                timeout=self.timeout_s,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise ParseTimeoutError(
                f"PDF parsing took longer than {self.timeout_s:g} s and was stopped "
                "(DOCQA_PARSE_TIMEOUT_S)"
            ) from None
        try:
            outcome = json.loads(done.stdout)
        except ValueError:
            outcome = None
        if done.returncode != 0 or not isinstance(outcome, dict):
            last = (done.stderr.decode("utf-8", "replace").strip().splitlines() or [""])[-1]
            raise LoaderError(
                f"PDF parser stopped unexpectedly (exit code {done.returncode}) {last}".strip()
            )
        return outcome


def _error_from(error: dict[str, str], memory_mb: int) -> LoaderError:
    if error["code"] == _MEMORY:
        return LoaderError(f"PDF needs more than {memory_mb} MB to parse (DOCQA_PARSE_MEMORY_MB)")
    if error["code"] == EncryptedFileError.code:
        return EncryptedFileError(error["message"])
    return LoaderError(error["message"])


def child_main(request: dict[str, Any]) -> None:
    """Entry point of the child process (see the module docstring)."""
    out, sys.stdout = sys.stdout, sys.stderr  # stray prints must not corrupt the JSON
    module, _, name = request["extractor"].partition(":")
    extract: Callable[[str], dict[str, Any]] = getattr(importlib.import_module(module), name)
    _lower_limit(resource.RLIMIT_AS, request["memory_mb"] * 1024 * 1024)
    # CPU time never outruns wall-clock time here, so this only fires when the parent is
    # gone (SIGKILLed ingest) and nobody enforces the timeout: no orphan parses forever.
    if request.get("cpu_s"):
        _lower_limit(resource.RLIMIT_CPU, int(request["cpu_s"]))
    try:
        outcome: dict[str, Any] = {"ok": extract(request["path"])}
    except LoaderError as exc:
        outcome = {"error": {"code": exc.code, "message": str(exc)}}
    except Exception as exc:  # noqa: BLE001 - the child is the isolation boundary
        # MemoryError lands here too: it subclasses Exception.
        code = _MEMORY if isinstance(exc, MemoryError) else LoaderError.code
        outcome = {"error": {"code": code, "message": f"malformed PDF: {_one_line(exc)}"}}
    try:
        payload = json.dumps(outcome)
    except MemoryError:
        payload = json.dumps({"error": {"code": _MEMORY, "message": ""}})
    out.write(payload)
    out.flush()


def _lower_limit(which: int, limit: int) -> None:
    _soft, hard = resource.getrlimit(which)
    soft = limit if hard == resource.RLIM_INFINITY else min(limit, hard)
    resource.setrlimit(which, (soft, hard))


def _one_line(message: object) -> str:
    """An exception or message on one line of at most 200 characters."""
    text = " ".join(str(message).split()) or type(message).__name__
    return text if len(text) <= 200 else text[:199] + "…"


def extract_pages(path: str) -> dict[str, Any]:
    """Open a PDF with pypdf and return its raw per-page text (runs in the child).

    Returns ``{"pages": [str], "page_errors": [[page, reason]], "title": str | None,
    "notes": [str]}``. Raises EncryptedFileError when the empty password does not
    open the file and LoaderError for files pypdf cannot open. A page whose
    extraction raises is recorded in ``page_errors`` and the other pages go on.
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
        except DependencyError:
            raise LoaderError(
                "this PDF uses AES encryption, which needs the optional 'cryptography' "
                "package (pip install cryptography)"
            ) from None
        except FileNotDecryptedError:
            raise EncryptedFileError(ENCRYPTED_MESSAGE) from None
    return {"pages": pages, "page_errors": errors, "title": title, "notes": notes}


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
        warnings=_warnings(pages, failed, extraction["notes"]),
    )


def _warnings(pages: list[str], failed: dict[int, str], notes: list[str]) -> list[str]:
    if not pages:
        return ["the PDF has no pages"]
    out = []
    if failed:
        first = next(iter(failed.values()))
        out.append(f"{_page_list(failed)}: text extraction failed ({first})")
    empty = [n for n, text in enumerate(pages, start=1) if not text and n not in failed]
    if empty:
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
