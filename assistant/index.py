"""Read-side view of the data directory: the current generation, reloaded when ingest publishes.

Readers never see a half-written index: they open the generation named by
``CURRENT`` and keep it until a newer one is published. Every process checks
``CURRENT`` itself on each use, so each server worker picks up a new generation
on its own.

Opening a generation decodes no chunk records: the chunk file is memory-mapped
(several workers share one copy in the page cache) and a chunk is decoded when it
is used; row → document, chunk id → row and the per-row years come from the
document records, which list every document's chunk ids in row order. Every file is
read through :class:`ingest.index.generation.Generation`.
"""

from __future__ import annotations

import json
import mmap
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

import numpy as np

from ingest.core.errors import IndexError_, IndexMismatchError
from ingest.core.models import Chunk
from ingest.facts import Fact
from ingest.index.generation import Generation
from ingest.index.lexical import LexicalIndex
from ingest.index.records import ChunkUnits, DocumentRecord, IndexMeta
from ingest.index.store import DataDir
from ingest.ja.tokenize import SudachiTokenizer, Tokenizer

#: Bytes scanned at a time for line ends (bounds the temporary memory of opening an index).
_SCAN_BLOCK = 1 << 26
#: Decoded chunks kept per index (the rows that recent questions touched).
_DECODED_CACHE = 4096

T = TypeVar("T")


def line_spans(buffer) -> tuple[np.ndarray, np.ndarray]:
    """``(starts, ends)`` byte offsets of the non-empty lines of ``buffer`` (``ends`` exclusive)."""
    size = len(buffer)
    parts = [np.full(1, -1, dtype=np.int64)]
    for offset in range(0, size, _SCAN_BLOCK):
        block = np.frombuffer(buffer, dtype=np.uint8, count=min(_SCAN_BLOCK, size - offset), offset=offset)
        parts.append(np.flatnonzero(block == 10).astype(np.int64) + offset)
    newlines = np.concatenate(parts)
    if size and newlines[-1] != size - 1:
        newlines = np.append(newlines, size)  # a last line without a newline
    starts, ends = newlines[:-1] + 1, newlines[1:]
    keep = ends > starts
    return starts[keep], ends[keep]


class RowFile(Sequence[T]):
    """The records of a JSON-lines file of a generation, row ``i`` = line ``i``, decoded on
    access by ``decode`` (a record's ``from_record``); the file is memory-mapped."""

    what = "row"

    def __init__(self, path: Path, decode: Callable[[dict], T]) -> None:
        self._name = str(path)
        self._from_record = decode
        with open(path, "rb") as fh:
            try:
                self._map = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
            except ValueError:  # an empty file cannot be mapped
                self._map = b""
        self._starts, self._ends = line_spans(self._map)
        self._decode = lru_cache(maxsize=_DECODED_CACHE)(self._decode_row)

    def _decode_row(self, row: int) -> T:
        try:
            return self._from_record(json.loads(self._map[self._starts[row] : self._ends[row]]))
        except (ValueError, KeyError, TypeError) as exc:
            raise IndexError_(f"{self.what} {row} of {self._name} is unreadable: {exc}") from exc

    def __len__(self) -> int:
        return int(self._starts.size)

    def __getitem__(self, item):
        if isinstance(item, slice):
            return [self._decode(i) for i in range(*item.indices(len(self)))]
        row = int(item)
        if row < 0:
            row += len(self)
        if not 0 <= row < len(self):
            raise IndexError(item)
        return self._decode(row)

    def __iter__(self) -> Iterator[T]:
        for row in range(len(self)):
            yield self._decode(row)


class ChunkList(RowFile[Chunk]):
    """The chunks of one generation, row ``i`` = line ``i`` of its chunk file."""

    what = "chunk"

    def __init__(self, path: Path) -> None:
        super().__init__(path, Chunk.from_record)


class UnitList(RowFile[ChunkUnits]):
    """The answer units of one generation's chunks, row ``i`` = chunk row ``i``."""

    what = "units of chunk"

    def __init__(self, path: Path) -> None:
        super().__init__(path, ChunkUnits.from_record)


def _year(published: str) -> int:
    return int(published[:4]) if published[:4].isdigit() else 0


@dataclass
class LoadedIndex:
    source: Generation
    meta: IndexMeta
    chunks: Sequence[Chunk]
    docs: dict[str, DocumentRecord]
    lexical: LexicalIndex
    facts: list[Fact] = field(default_factory=list)
    by_id: dict[str, int] = field(default_factory=dict)
    doc_of_row: np.ndarray | None = None
    year_of_row: np.ndarray | None = None
    #: Each row's answer units; None for a generation from before units (readers cut them).
    units: Sequence[ChunkUnits] | None = None
    #: This index as each viewer sees it, by ``assistant.access.Access`` (made on first use).
    views: dict = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        doc_ids = sorted(self.docs)
        self._doc_index = {d: i for i, d in enumerate(doc_ids)}
        self._doc_rows: dict[str, range] = {}
        if not self._rows_from_docs():
            self._rows_from_chunks()

    def _rows_from_docs(self) -> bool:
        """Row bookkeeping from the document records alone; False when they do not describe the chunk rows."""
        ids: list[str] = []
        doc_of_row, year_of_row = [], []
        for doc_id, doc in self.docs.items():
            chunk_ids = doc.chunk_ids
            self._doc_rows[doc_id] = range(len(ids), len(ids) + len(chunk_ids))
            ids.extend(chunk_ids)
            doc_of_row.append(np.full(len(chunk_ids), self._doc_index[doc_id], dtype=np.int32))
            year_of_row.append(np.full(len(chunk_ids), _year(doc.meta.published), dtype=np.int32))
        n = len(self.chunks)
        probes = {int(r) for r in np.linspace(0, n - 1, 17)} if n else set()
        if len(ids) != n or any(self.chunks[r].chunk_id != ids[r] for r in probes):
            self._doc_rows = {}
            return False
        self.by_id = {cid: i for i, cid in enumerate(ids)}
        self.doc_of_row = np.concatenate(doc_of_row) if doc_of_row else np.zeros(0, dtype=np.int32)
        self.year_of_row = np.concatenate(year_of_row) if year_of_row else np.zeros(0, dtype=np.int32)
        return True

    def _rows_from_chunks(self) -> None:
        self.by_id = {c.chunk_id: i for i, c in enumerate(self.chunks)}
        self.doc_of_row = np.array([self._doc_index.get(c.doc_id, -1) for c in self.chunks], dtype=np.int32)
        self.year_of_row = np.array([_year(c.meta.published) for c in self.chunks], dtype=np.int32)

    @property
    def generation(self) -> str:
        return self.meta.generation

    @property
    def path(self) -> Path:
        return self.source.path

    def original_text(self, doc_id: str) -> str | None:
        """The document's original text (what passage offsets point into), or None when
        the index does not hold it."""
        record = self.docs.get(doc_id)
        return self.source.read_text(record) if record is not None else None

    def rows_of_docs(self, doc_ids: set[str]) -> np.ndarray:
        wanted = [self._doc_index[d] for d in doc_ids if d in self._doc_index]
        return np.isin(self.doc_of_row, wanted)

    def access_where(self) -> dict | None:
        """The Chroma filter of what a viewer may see: none, every document is visible
        (an :class:`assistant.access.IndexView` has one)."""
        return None

    def document_chunks(self, doc_id: str) -> list[Chunk]:
        rows = self._doc_rows.get(doc_id)
        if rows is not None:
            return [self.chunks[r] for r in rows]
        return [c for c in self.chunks if c.doc_id == doc_id]


def load_generation(data: DataDir, tokenizer: Tokenizer, *, mmap: bool = True) -> LoadedIndex:
    generation = data.current()
    meta = generation.read_meta()
    if meta.tokenizer != tokenizer.name:
        raise IndexMismatchError(
            f"the index was built with tokenizer {meta.tokenizer!r}, this docqa uses {tokenizer.name!r}; "
            "rebuild it with `docqa ingest --rebuild`"
        )
    chunks = ChunkList(generation.chunks_file())
    docs = generation.read_documents()
    lexical = generation.open_lexical(len(chunks), mmap=mmap)
    units_file = generation.units_file()
    units = UnitList(units_file) if units_file is not None else None
    if units is not None and len(units) != len(chunks):
        units = None  # not this generation's rows: readers cut units from the chunk text
    return LoadedIndex(
        source=generation, meta=meta, chunks=chunks, docs=docs, lexical=lexical, facts=generation.read_facts(), units=units
    )


#: The access of the question being answered in this thread (``IndexHandle.scoped``).
_ACCESS: ContextVar = ContextVar("docqa_access", default=None)


class IndexHandle:
    """The current index, swapped for a newer generation when one is published.

    Inside ``with handle.scoped(access)``, ``get()`` returns the index as that viewer sees it
    (``access.view(index)``, :mod:`assistant.access`), so every retriever and answerer that
    reads the index while answering one viewer's question reads their documents only.
    """

    def __init__(self, data_dir: Path, tokenizer: Tokenizer | None = None) -> None:
        self.data = DataDir(data_dir)
        self.tokenizer = tokenizer or SudachiTokenizer()
        self._lock = threading.Lock()
        self._index: LoadedIndex | None = None

    def get(self) -> LoadedIndex:
        access = _ACCESS.get()
        index = self._current()
        return index if access is None else access.view(index)

    @contextmanager
    def scoped(self, access) -> Iterator[None]:
        """``get()`` in this block (this thread, this context) returns ``access.view(index)``;
        None: the whole index."""
        token = _ACCESS.set(access)
        try:
            yield
        finally:
            _ACCESS.reset(token)

    def _current(self) -> LoadedIndex:
        generation = self.data.current_generation()
        current = self._index
        if current is not None and current.generation == generation:
            return current
        with self._lock:
            if self._index is None or self._index.generation != generation:
                self._index = load_generation(self.data, self.tokenizer)
            return self._index
