"""``manifest.json``: what does not fit the schema is ignored with a warning, never a traceback.

Bug shown here (issue 15, defect 5): a manifest that was a JSON string, had ``"documents":
{}``, held a string among its entries or was nested 100,000 deep stopped the whole ingest
with AttributeError or RecursionError (exit 1, nothing indexed); a 1 MB title took 23 s
to ingest two chunks and made a 10 MB answer.
"""

from __future__ import annotations

import json
import time

import pytest

from ingest.manifest import MANIFEST_NAME, TITLE_MAX_CHARS, read_manifest
from ingest.pipeline import run_ingest
from tests.conftest import make_settings, write_docs

pytestmark = pytest.mark.unit

DOC = {"a.txt": "大阪市は2013年にホーチミン市と覚書を締結した。\n"}

SHAPES = {
    "a string": json.dumps("documents"),
    "documents is an object": json.dumps({"documents": {}}),
    "a number": "42",
    "null": "null",
    "nested 100,000 deep": "[" * 100_000 + "]" * 100_000,
    "not JSON": "{documents: [",
}


def _manifest(folder, text: str):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / MANIFEST_NAME).write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize("shape", list(SHAPES), ids=list(SHAPES))
def test_a_manifest_of_the_wrong_shape_is_ignored_with_a_warning(tmp_path, shape):
    meta, warnings = read_manifest(_manifest(tmp_path, SHAPES[shape]))
    assert meta == {}
    assert len(warnings) == 1 and warnings[0].startswith(f"{tmp_path / MANIFEST_NAME}: manifest ignored (")


def test_entries_that_do_not_fit_are_ignored_one_by_one(tmp_path):
    entries = [
        "a.txt",
        {"file": "b.txt", "title": "良い題名", "published": 2024},
        {"title": "no file"},
        {"file": "c.txt", "title": "x" * 1_000_000},
        {"file": "d.txt", "publisher": ["not", "text"]},
        {"file": "e.txt", "title": "題名", "extra": "ignored"},
    ]
    meta, warnings = read_manifest(_manifest(tmp_path, json.dumps({"documents": entries})))
    assert set(meta) == {"b.txt", "e.txt"}
    assert meta["b.txt"].title == "良い題名" and meta["b.txt"].published == "2024"
    assert [w.split(": ", 1)[1].split(" (")[0] for w in warnings] == [
        "entry 1 ignored", "entry 3 ignored", "entry 4 ignored", "entry 5 ignored",
    ]
    assert "title: String should have at most 200 characters" in warnings[2]
    assert all(len(w) < 300 for w in warnings)  # no value is echoed


def test_many_bad_entries_are_counted_not_listed(tmp_path):
    meta, warnings = read_manifest(_manifest(tmp_path, json.dumps([1] * 1000)))
    assert meta == {} and len(warnings) == 6 and warnings[-1].endswith("995 more entries ignored")


def test_a_manifest_larger_than_the_file_limit_is_not_read(tmp_path):
    folder = _manifest(tmp_path, json.dumps([{"file": "a.txt", "title": "題"}]))
    meta, warnings = read_manifest(folder, max_bytes=10)
    assert meta == {} and "larger than 10 bytes" in warnings[0]


@pytest.mark.integration
@pytest.mark.parametrize("shape", ["a string", "nested 100,000 deep", "a huge title"])
def test_the_ingest_goes_on_with_the_document_and_a_warning(tmp_path, shape):
    text = SHAPES.get(shape) or json.dumps([{"file": "a.txt", "title": "題" * 1_000_000}])
    folder = _manifest(write_docs(tmp_path / "docs", DOC), text)
    started = time.monotonic()
    summary = run_ingest([folder], make_settings(tmp_path / "data"))
    assert time.monotonic() - started < 20
    assert (summary.documents, summary.failed) == (1, [])
    assert any(w.startswith(f"{folder / MANIFEST_NAME}: ") for w in summary.warnings)


def test_title_cap_is_the_fallback_cap_too():
    from ingest.manifest import fallback_meta

    assert len(fallback_meta("a.txt", "題" * 1000).title) == TITLE_MAX_CHARS
