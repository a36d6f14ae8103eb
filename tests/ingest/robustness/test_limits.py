"""Per-file limits and the walk's boundaries: each fix here came with the bug it shows.

* A FIFO named ``*.txt`` in a folder hung ``docqa ingest`` for ever (the fingerprint
  opened it and waited for a writer); it is now skipped with a warning.
* A 50 MB text file took 112 s and 2.7 GB of memory to index (measured 2026-12-01);
  documents with more than ``DOCQA_MAX_DOC_CHARS`` characters are now refused.
* Only PDFs had a time limit; every file now has ``DOCQA_FILE_TIMEOUT_S``.
* A ``manifest.json`` that links outside its folder was read.
* A 20 MB spreadsheet saved as HTML peaked at 1.6 GB (the parse tree) although its text
  was under the limit; HTML whose source exceeds ``DOCQA_MAX_DOC_CHARS`` is now refused
  before it is parsed.
* A PDF parser child outlived a SIGKILLed ingest with no one left to enforce its timeout;
  it now has a CPU-time limit just above the timeout.
* ``slow.txt`` was sometimes indexed in a full ``make test`` run: once a Hypothesis test
  had run, its ``gc.callbacks`` entry (inherited by the forked ingest workers) was where the
  alarm's ParseTimeoutError got raised when the deadline passed during a collection, and
  Python drops exceptions from GC callbacks. An expired deadline now stays expired.
"""

from __future__ import annotations

import gc
import os
import signal
import sys
import time

import pytest

from ingest.core.errors import DocumentTooLargeError, ParseTimeoutError
from ingest.discover import discover_files
from ingest.limits import file_deadline
from ingest.loaders import text as text_loader
from ingest.loaders.html import HtmlLoader
from ingest.manifest import read_manifest
from ingest.pipeline import run_ingest
from tests.conftest import make_settings, write_docs

pytestmark = pytest.mark.integration

SMALL = "市立図書館の開館時間は午前九時から午後八時までです。\n"


def test_fifo_is_skipped_not_read(tmp_path):
    folder = write_docs(tmp_path / "docs", {"a.txt": SMALL})
    os.mkfifo(folder / "pipe.txt")
    found, warnings = discover_files([folder])
    assert [f.path.name for f in found] == ["a.txt"]
    assert warnings == [f"{folder / 'pipe.txt'}: skipped, not a regular file"]
    given_fifo = discover_files([folder / "pipe.txt"])
    assert given_fifo == ([], [f"{folder / 'pipe.txt'}: skipped, not a regular file or folder"])


def test_document_over_the_character_limit_is_refused(tmp_path):
    # 1,080 characters in 3,160 bytes: under the byte bound, so decoded and then counted.
    folder = write_docs(tmp_path / "docs", {"small.txt": SMALL, "big.txt": SMALL * 40})
    summary = run_ingest([folder], make_settings(tmp_path / "data", max_doc_chars=1000))
    assert summary.documents == 1
    [failure] = summary.failed
    assert failure.path.endswith("big.txt")
    assert failure.error == (
        f"the document has {len(SMALL) * 40:,} characters of text; the limit is 1,000 "
        "(DOCQA_MAX_DOC_CHARS): split the file or raise the limit"
    )


@pytest.mark.parametrize("name", ["big.txt", "big.md", "big.html"])
def test_a_text_too_large_for_the_limit_is_refused_from_its_size_before_decoding(tmp_path, monkeypatch, name):
    """A 190 MB text took 47.5 s and 600 MB to be decoded, and only then was refused."""
    folder = write_docs(tmp_path / "docs", {"small.txt": SMALL, name: SMALL * 51})  # 4,029 bytes > 4 x 1,000
    decoded = []
    real = text_loader.decode_text

    def spy(data, declared=None):
        decoded.append(len(data))
        return real(data, declared)

    monkeypatch.setattr(text_loader, "decode_text", spy)
    monkeypatch.setattr("ingest.loaders.html.decode_text", spy)
    summary = run_ingest([folder], make_settings(tmp_path / "data", max_doc_chars=1000))
    assert [f.path.rsplit("/", 1)[-1] for f in summary.failed] == [name]
    assert summary.failed[0].error.startswith("the file is 4,029 bytes, so its text has at least 1,007 characters")
    assert decoded == [len(SMALL.encode())]  # only small.txt was decoded


def test_file_that_takes_too_long_is_stopped_and_reported(tmp_path):
    folder = write_docs(tmp_path / "docs", {"small.txt": SMALL, "slow.txt": SMALL * 20_000})
    started = time.monotonic()
    summary = run_ingest([folder], make_settings(tmp_path / "data", file_timeout_s=0.2))
    assert time.monotonic() - started < 10
    assert [f.path.rsplit("/", 1)[-1] for f in summary.failed] == ["slow.txt"]
    assert "longer than 0.2 s" in summary.failed[0].error
    assert summary.documents == 1


def test_deadline_interrupts_python_code_and_disarms():
    started = time.monotonic()
    with pytest.raises(ParseTimeoutError, match="DOCQA_FILE_TIMEOUT_S"), file_deadline(0.1):
        while True:
            pass
    assert time.monotonic() - started < 2
    with file_deadline(0.05):
        pass
    time.sleep(0.1)  # the timer was disarmed: nothing fires after the block


def test_deadline_passing_during_a_gc_callback_still_stops_the_block(monkeypatch):
    """The root cause of the flaky slow.txt: the handler ran inside Hypothesis's GC callback."""
    swallowed = []
    monkeypatch.setattr(sys, "unraisablehook", swallowed.append)

    def deadline_passes_mid_collection(phase, _info):
        if phase == "start" and not swallowed:
            signal.raise_signal(signal.SIGALRM)  # as if the timer expired during the collection

    gc.callbacks.append(deadline_passes_mid_collection)
    try:
        with pytest.raises(ParseTimeoutError, match="DOCQA_FILE_TIMEOUT_S"), file_deadline(60):
            gc.collect()
            give_up = time.monotonic() + 10  # so the old one-shot deadline fails here instead of hanging
            while time.monotonic() < give_up:
                pass
    finally:
        gc.callbacks.remove(deadline_passes_mid_collection)
    assert {u.exc_type for u in swallowed} == {ParseTimeoutError}  # a retry may land in the callback too


def test_deadline_swallowed_by_a_broad_except_is_still_reported():
    with pytest.raises(ParseTimeoutError, match="DOCQA_FILE_TIMEOUT_S"), file_deadline(60):
        try:
            signal.raise_signal(signal.SIGALRM)  # the deadline passes inside a library call
        except Exception:  # noqa: BLE001, S110 - that library catches everything
            pass


def test_deadline_wins_over_the_error_a_library_made_of_it():
    with pytest.raises(ParseTimeoutError, match="DOCQA_FILE_TIMEOUT_S") as raised, file_deadline(60):
        try:
            signal.raise_signal(signal.SIGALRM)
        except Exception as exc:
            raise ValueError("could not parse") from exc
    assert isinstance(raised.value.__cause__, ValueError)


def test_manifest_linked_from_outside_is_ignored(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "manifest.json").write_text('[{"file": "a.txt", "title": "外"}]', encoding="utf-8")
    folder = write_docs(tmp_path / "docs", {"a.txt": SMALL})
    (folder / "manifest.json").symlink_to(outside / "manifest.json")
    meta, warnings = read_manifest(folder)
    assert meta == {}
    assert warnings == [f"{folder / 'manifest.json'}: manifest ignored (a link into another folder)"]


def test_html_source_over_the_limit_is_refused_before_parsing(tmp_path, monkeypatch):
    rows = "".join(f"<tr><td>{n}</td><td>区民会館</td></tr>" for n in range(40))
    page = tmp_path / "export.html"
    page.write_text(f"<html><body><table>{rows}</table></body></html>", encoding="utf-8")
    parsed = []
    monkeypatch.setattr("ingest.loaders.html.extract_main_text", lambda html: parsed.append(html))
    with pytest.raises(DocumentTooLargeError, match=r"^the HTML source has [\d,]+ characters; the limit is 1,000 "):
        HtmlLoader(max_chars=1000).load(page, page.name)
    assert parsed == []


def test_html_limit_comes_from_the_settings(tmp_path):
    rows = "".join(f"<tr><td>{n}</td><td>区民会館</td></tr>" for n in range(200))
    folder = write_docs(tmp_path / "docs", {"small.txt": SMALL, "export.html": f"<table>{rows}</table>"})
    summary = run_ingest([folder], make_settings(tmp_path / "data", max_doc_chars=1000))
    assert [f.path.rsplit("/", 1)[-1] for f in summary.failed] == ["export.html"]
    assert "DOCQA_MAX_DOC_CHARS" in summary.failed[0].error


def _spin(path: str, options: dict) -> dict:
    """Extractor for the orphan test: burns CPU for ever."""
    while True:
        pass


def test_pdf_parser_child_dies_on_its_own_when_nobody_times_it_out():
    """A SIGKILLed ingest cannot stop its PDF child; the child's CPU limit does."""
    import json
    import signal
    import subprocess
    import sys

    from ingest.loaders import isolation

    request = {"path": "x.pdf", "memory_mb": 512, "extractor": f"{__name__}:_spin", "cpu_s": 1, "sys_path": sys.path}
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-I", "-c", isolation.BOOTSTRAP], input=json.dumps(request).encode(),
        capture_output=True, timeout=30, check=False,
    )
    assert done.returncode == -signal.SIGXCPU
    assert time.monotonic() - started < 10


def test_pdf_loader_asks_for_a_cpu_limit_just_above_its_timeout(tmp_path, monkeypatch):
    import json

    from ingest.core.errors import LoaderError
    from ingest.loaders import isolation, pdf

    sent = []

    class FakePopen:
        pid = returncode = 0

        def __init__(self, args, **kwargs):
            pass

        def communicate(self, input=None, timeout=None):
            sent.append(json.loads(input))
            return b'{"error": {"code": "loader_error", "message": "x"}}', b""

    monkeypatch.setattr(isolation.subprocess, "Popen", FakePopen)
    with pytest.raises(LoaderError):
        pdf.PdfLoader(timeout_s=2.5, memory_mb=512).load(tmp_path / "a.pdf", "a.pdf")
    assert sent[0]["cpu_s"] == 4 and sent[0]["memory_mb"] == 512


def test_deeply_nested_html_is_not_quadratic(tmp_path):
    """20,000 nested divs (100 KB) took 75 s in the chrome filter: every ``tag.decomposed``
    searched the tag's whole subtree. Now the page fails fast, and with a LoaderError (the
    Loader contract) rather than the RecursionError of the renderer."""
    from ingest.core.errors import LoaderError
    from ingest.loaders.html import extract_main_text

    depth = 10_000
    page = tmp_path / "deep.html"
    page.write_text("<html><body>" + "<div>" * depth + "深い入れ子の本文。" + "</div>" * depth + "</body></html>", encoding="utf-8")
    started = time.monotonic()
    with pytest.raises(LoaderError, match=r"^the HTML is nested too deeply to read \(hundreds of levels\)$"):
        HtmlLoader().load(page, page.name)
    assert time.monotonic() - started < 5
    shallow = "<html><body>" + "<div>" * 300 + "深い入れ子の本文。" + "</div>" * 300 + "</body></html>"
    assert extract_main_text(shallow)[0] == "深い入れ子の本文。"
