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

from ingest.core.errors import DocumentTooLargeError, ParseTimeoutError

#: Once the deadline has passed, the handler re-arms itself this often until the block ends.
_RETRY_S = 0.05


@contextmanager
def file_deadline(seconds: float) -> Iterator[None]:
    """Raise ParseTimeoutError in the block once ``seconds`` of wall-clock time have passed.

    Uses SIGALRM, so it only arms in the main thread of a process (the ingest CLI and
    its worker processes); elsewhere the block runs unbounded. The signal interrupts
    Python code between bytecodes, which is enough here: the C calls in this path
    (decoding, Sudachi on one chunk, a PDF child's pipe read) are short or bounded.

    The handler's exception can be swallowed: Python runs it in whatever Python code is
    executing when the signal is checked, and that may be a ``gc.callbacks`` entry (which
    Hypothesis registers, and forked workers inherit), a ``__del__`` or a library's broad
    ``except Exception``, all of which drop it. So an expired deadline stays expired: the
    handler re-arms itself every ``_RETRY_S`` until the block ends, and a block that ends
    after the deadline, normally or with another exception, still raises ParseTimeoutError.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    message = f"processing the file took longer than {seconds:g} s and was stopped (DOCQA_FILE_TIMEOUT_S)"
    expired = False
    done = False

    def expire(_signum, _frame) -> None:
        nonlocal expired
        if done:  # a tick already pending when the block ended
            return
        expired = True
        signal.setitimer(signal.ITIMER_REAL, _RETRY_S)
        raise ParseTimeoutError(message)

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except ParseTimeoutError:
        raise
    except Exception as exc:
        if expired:  # e.g. a library that caught the timeout and raised its own error
            raise ParseTimeoutError(message) from exc
        raise
    finally:
        done = True
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    if expired:  # every interruption was swallowed and the block ran to its end
        raise ParseTimeoutError(message)


def check_text_size(chars: int, limit: int) -> None:
    """Refuse a document whose extracted text is longer than ``limit`` characters."""
    if chars > limit:
        raise DocumentTooLargeError(
            f"the document has {chars:,} characters of text; the limit is {limit:,} "
            "(DOCQA_MAX_DOC_CHARS): split the file or raise the limit"
        )


#: No text encoding docqa reads takes more bytes than this for one character of its text
#: (UTF-8's longest; UTF-16's surrogate pairs and CRLF, which becomes one newline).
MAX_BYTES_PER_CHAR = 4


def check_text_bytes(size: int, limit: int) -> None:
    """Refuse, from its size alone, a text file that must decode to more than ``limit`` characters."""
    if size > MAX_BYTES_PER_CHAR * limit:
        raise DocumentTooLargeError(
            f"the file is {size:,} bytes, so its text has at least {size // MAX_BYTES_PER_CHAR:,} characters; "
            f"the limit is {limit:,} (DOCQA_MAX_DOC_CHARS): split the file or raise the limit"
        )
