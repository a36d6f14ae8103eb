"""The read side of an index: chunks decoded lazily from the memory-mapped chunk file."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest

from assistant.index import ChunkList, IndexHandle, line_spans
from assistant.retrieval.base import Filters
from ingest.core.models import Chunk
from ingest.index.jsonio import read_jsonl
from ingest.ja.tokenize import WhitespaceTokenizer
from tests.conftest import make_settings, write_docs

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("data", "lines"),
    [
        (b"", []),
        (b"a\n", [b"a"]),
        (b"a\nbc\n", [b"a", b"bc"]),
        (b"a\n\nbc", [b"a", b"bc"]),  # blank lines skipped, a last line without a newline kept
        (b"\n\n", []),
    ],
)
def test_line_spans(data, lines):
    starts, ends = line_spans(data)
    assert [data[s:e] for s, e in zip(starts, ends)] == lines


def test_line_spans_across_scan_blocks(monkeypatch):
    import assistant.index as index_module

    monkeypatch.setattr(index_module, "_SCAN_BLOCK", 7)
    data = b"".join(f'{{"n": {i}}}\n'.encode() for i in range(50))
    starts, ends = line_spans(data)
    assert [json.loads(data[s:e])["n"] for s, e in zip(starts, ends)] == list(range(50))


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    from ingest.pipeline import run_ingest

    root = tmp_path_factory.mktemp("lazy-index")
    folder = write_docs(root / "docs", {
        f"d{n}.txt": "\n\n".join(f"# 節{n}-{s}\n\n" + f"文書{n} 節{s} " * 60 for s in range(4)) for n in range(3)
    })
    (folder / "manifest.json").write_text(json.dumps({"documents": [
        {"file": "d0.txt", "title": "甲", "publisher": "川崎市", "published": "2021-04", "kind": "yearbook"},
        {"file": "d1.txt", "title": "乙", "publisher": "大阪市", "published": "2019", "kind": "minutes"},
    ]}, ensure_ascii=False), encoding="utf-8")
    settings = make_settings(root / "data")
    assert run_ingest([folder], settings, tokenizer=WhitespaceTokenizer()).failed == []
    handle = IndexHandle(settings.data_dir, WhitespaceTokenizer())
    return handle.get()


def test_lazy_chunks_equal_the_records(index):
    records = read_jsonl(index.source.chunks_file())
    assert isinstance(index.chunks, ChunkList) and len(index.chunks) == len(records) > 6
    assert list(index.chunks) == [Chunk.from_record(r) for r in records]
    assert index.chunks[-1] == Chunk.from_record(records[-1])
    assert index.chunks[1:3] == [Chunk.from_record(r) for r in records[1:3]]
    with pytest.raises(IndexError):
        index.chunks[len(records)]


def test_rows_from_docs_json_agree_with_the_chunks(index):
    chunks = list(index.chunks)
    assert index.by_id == {c.chunk_id: i for i, c in enumerate(chunks)}
    doc_index = {d: i for i, d in enumerate(sorted(index.docs))}
    assert index.doc_of_row.tolist() == [doc_index[c.doc_id] for c in chunks]
    assert index.year_of_row.tolist() == [int(c.meta.published[:4]) if c.meta.published else 0 for c in chunks]
    for doc_id in index.docs:
        assert index.document_chunks(doc_id) == [c for c in chunks if c.doc_id == doc_id]


def test_publisher_and_kind_filters_match_the_chunk_metadata(index):
    chunks = list(index.chunks)
    for flt in (Filters(publisher="川崎"), Filters(kind="minutes"), Filters(publisher="大阪市", kind="yearbook")):
        assert flt.mask(index).tolist() == [flt.accepts(c) for c in chunks]


def test_docs_json_that_does_not_describe_the_rows_falls_back_to_the_chunks(index):
    from assistant.index import LoadedIndex

    docs = {d: replace(doc, chunk_ids=tuple(reversed(doc.chunk_ids))) for d, doc in reversed(index.docs.items())}
    again = LoadedIndex(source=index.source, meta=index.meta, chunks=index.chunks, docs=docs, lexical=index.lexical)
    assert again.by_id == index.by_id
    assert np.array_equal(again.doc_of_row, index.doc_of_row)
