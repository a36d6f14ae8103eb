"""Per-file limits of an ingest: a wall-clock deadline and a ceiling on a document's text.

The PDF loader already parses in a child process with its own timeout and memory
limit; these two bound what happens in the ingest process itself for every format
(decoding, HTML parsing, normalising, chunking, tokenising). Indexing needs about
120 bytes of memory per character of text and about 5 µs per character on one core
(measured 2026-12-01), so the character ceiling is what keeps memory bounded per file.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from ingest.errors import DocumentTooLargeError, ParseTimeoutError


@contextmanager
def file_deadline(seconds: float) -> Iterator[None]:
    """Raise ParseTimeoutError in the block once ``seconds`` of wall-clock time have passed.

    Uses SIGALRM, so it only arms in the main thread of a process (the ingest CLI and
    its worker processes); elsewhere the block runs unbounded. The signal interrupts
    Python code between bytecodes, which is enough here: the C calls in this path
    (decoding, Sudachi on one chunk, a PDF child's pipe read) are short or bounded.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(_signum, _frame) -> None:
        raise ParseTimeoutError(
            f"processing the file took longer than {seconds:g} s and was stopped (DOCQA_FILE_TIMEOUT_S)"
        )

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def check_text_size(chars: int, limit: int) -> None:
    """Refuse a document whose extracted text is longer than ``limit`` characters."""
    if chars > limit:
        raise DocumentTooLargeError(
            f"the document has {chars:,} characters of text; the limit is {limit:,} "
            "(DOCQA_MAX_DOC_CHARS): split the file or raise the limit"
        )
