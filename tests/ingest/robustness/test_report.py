"""The pieces of the robustness command that need no ingest: the hand-written PDFs' bytes,
the counting, and the report's handling of missing fuzz and soak results."""

from __future__ import annotations

import zlib

import pytest

from eval.robustness import pdfgen, report, runner

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("repeats", [2, 7])
def test_the_bomb_construction_is_a_valid_stream_of_the_stated_size(repeats):
    data = pdfgen.zero_stream(1 << 20, repeats)
    assert len(data) < 1100 * repeats
    inflater, total, rest = zlib.decompressobj(), 0, data
    while rest:
        total += len(inflater.decompress(rest, 1 << 20))
        rest = inflater.unconsumed_tail
    assert inflater.eof  # the Adler-32 checksum matched
    assert total == repeats << 20



def test_broken_xref_points_every_object_at_byte_zero():
    good, broken = pdfgen.text_pdf([["a"]]), pdfgen.text_pdf([["a"]], broken_xref=True)
    assert len(good) == len(broken) and good != broken
    xref = broken[broken.index(b"xref") :]
    assert xref.count(b"0000000000 00000 n") == 5


def _record(name, status, files=None, lost=()):
    return {"name": name, "description": name, "status": status, "files": files or {}, "problems": [],
            "lost": list(lost), "seconds": 1.0, "peak_rss_mb": 100}


def test_totals_count_statuses_and_file_outcomes():
    records = [
        _record("a", "handled", {"x": {"got": "indexed", "message": ""}, "y": {"got": "skipped", "message": "w"}}),
        _record("b", "not handled", {"z": {"got": "unaccounted", "message": ""}}),
        _record("c", "hung"),
        _record("d", "handled", {"q": {"got": "refused", "message": "r"}}, lost=["answer differs"]),
    ]
    totals = runner.totals(records)
    assert {k: totals[k] for k in ("inputs", "files", "handled", "failed", "hung", "data_lost")} == {
        "inputs": 4, "files": 5, "handled": 2, "failed": 1, "hung": 1, "data_lost": 1,
    }
    assert (totals["indexed"], totals["refused"], totals["skipped"]) == (1, 1, 1)


def test_missing_fuzz_and_soak_say_not_run():
    records = [_record("a", "handled", {"x": {"got": "indexed", "message": ""}})]
    run = {"measured": "2026-12-01", "machine": "m", "command": "c", "seconds": 1, "env": {}, "deadline_s": 1,
           "totals": runner.totals(records), "records": records, "kills": None}
    text = report.render(run, None, None, "")
    assert "| 1 | 1 | 1 | 0 | 0 | 0 | 0 | not run | not run | not run | not run |" in text
    assert "## API fuzzing (schemathesis)\n\nnot run" in text
    assert "## Soak (`eval/bench/soak.py`)\n\nnot run" in text


def test_the_fuzz_line_gives_the_schema_mismatches_when_they_were_checked():
    records = [_record("a", "handled", {"x": {"got": "indexed", "message": ""}})]
    run = {"measured": "2026-12-01", "machine": "m", "command": "c", "seconds": 1, "env": {}, "deadline_s": 1,
           "totals": runner.totals(records), "records": records, "kills": None}
    fuzz = {"measured": "2026-12-01", "cases": 10, "operations": 2, "seed": 1, "status_5xx": 0, "bad_error_shape": 0}
    assert "conformance not checked" in report.render(run, fuzz, None, "f")
    checked = report.render(run, {**fuzz, "conformance": 3, "token": True}, None, "f")
    assert "3 schema or status mismatches (with a token)" in checked


def test_table_cells_show_markup_as_text():
    assert report._cell("100,000 nested <div>s | a\nb") == "100,000 nested &lt;div&gt;s \\| a b"


def test_scenarios_get_their_own_table_and_count_in_the_totals():
    records = [_record("a", "handled", {"x": {"got": "indexed", "message": ""}})]
    situations = [
        {**_record("full disk", "handled"), "outcome": "✓ one line"},
        {**_record("tmpfs", "not run"), "outcome": "not run: mounting needs root"},
    ]
    totals = runner.totals(records + situations)
    assert (totals["inputs"], totals["handled"], totals["not_run"], totals["failed"]) == (3, 2, 1, 0)
    run = {"measured": "2026-12-01", "machine": "m", "command": "c", "seconds": 1, "env": {}, "deadline_s": 1,
           "totals": totals, "records": records, "scenarios": situations, "kills": None}
    text = report.render(run, None, None, "")
    assert "| full disk | full disk | handled | ✓ one line |" in text
    assert "| tmpfs | tmpfs | not run | not run: mounting needs root |" in text
