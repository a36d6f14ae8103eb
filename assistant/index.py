"""Read-side view of the data directory: the current generation, reloaded when ingest publishes.

Readers never see a half-written index: they open the generation named by
``CURRENT`` and keep it until a newer one is published.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ingest.errors import IndexMismatchError
from ingest.facts import Fact
from ingest.lexical import LexicalIndex
from ingest.models import Chunk
from ingest.store import DataDir, IndexMeta, read_json, read_jsonl
from ingest.tokenize import SudachiTokenizer, Tokenizer


@dataclass
class LoadedIndex:
    path: Path
    meta: IndexMeta
    chunks: list[Chunk]
    docs: dict[str, dict]
    lexical: LexicalIndex
    facts: list[Fact] = field(default_factory=list)
    by_id: dict[str, int] = field(default_factory=dict)
    doc_of_row: np.ndarray | None = None
    year_of_row: np.ndarray | None = None

    def __post_init__(self) -> None:
        self.by_id = {c.chunk_id: i for i, c in enumerate(self.chunks)}
        doc_ids = sorted(self.docs)
        self._doc_index = {d: i for i, d in enumerate(doc_ids)}
        self.doc_of_row = np.array([self._doc_index.get(c.doc_id, -1) for c in self.chunks], dtype=np.int32)
        self.year_of_row = np.array(
            [int(c.meta.published[:4]) if c.meta.published[:4].isdigit() else 0 for c in self.chunks],
            dtype=np.int32,
        )

    @property
    def generation(self) -> str:
        return self.meta.generation

    def rows_of_docs(self, doc_ids: set[str]) -> np.ndarray:
        wanted = [self._doc_index[d] for d in doc_ids if d in self._doc_index]
        return np.isin(self.doc_of_row, wanted)

    def document_chunks(self, doc_id: str) -> list[Chunk]:
        return [c for c in self.chunks if c.doc_id == doc_id]


def load_generation(data: DataDir, tokenizer: Tokenizer, *, mmap: bool = True) -> LoadedIndex:
    path = data.current_path()
    meta = data.read_meta(path)
    if meta.tokenizer != tokenizer.name:
        raise IndexMismatchError(
            f"the index was built with tokenizer {meta.tokenizer!r}, this docqa uses {tokenizer.name!r}; "
            "rebuild it with `docqa ingest --rebuild`"
        )
    chunks = [Chunk.from_record(r) for r in read_jsonl(path / "chunks.jsonl")]
    docs = read_json(path / "docs.json")
    lexical = LexicalIndex.load(path / "bm25", len(chunks), mmap=mmap)
    facts_file = path / "facts.jsonl"
    facts = [Fact.from_record(r) for r in read_jsonl(facts_file)] if facts_file.exists() else []
    return LoadedIndex(path=path, meta=meta, chunks=chunks, docs=docs, lexical=lexical, facts=facts)


class IndexHandle:
    """The current index, swapped for a newer generation when one is published."""

    def __init__(self, data_dir: Path, tokenizer: Tokenizer | None = None) -> None:
        self.data = DataDir(data_dir)
        self.tokenizer = tokenizer or SudachiTokenizer()
        self._lock = threading.Lock()
        self._index: LoadedIndex | None = None

    def get(self) -> LoadedIndex:
        generation = self.data.current_generation()
        current = self._index
        if current is not None and current.generation == generation:
            return current
        with self._lock:
            if self._index is None or self._index.generation != generation:
                self._index = load_generation(self.data, self.tokenizer)
            return self._index
