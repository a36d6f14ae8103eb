"""Who sees which document, and the index as one viewer sees it.

A document with no access group is visible to everyone signed in; one with groups, to the
members of any of them (``DocumentRecord.groups``, set by the manifest or ``docqa ingest
--group``). :class:`Access` is that rule for one viewer, and :meth:`Access.view` the current
index as they see it: an :class:`IndexView` with the same reading surface as
:class:`~assistant.index.LoadedIndex`, holding only what the visible documents make:

* their records, chunk ids and rows; a hidden row cannot be read at all (``IndexError``);
* BM25 over their rows alone (``LexicalIndex.restricted``: row count, average length and
  document frequencies of the visible rows), so a hidden document changes no score, rank,
  term weight or abstention of a visible one;
* a Chroma ``where`` clause (:meth:`IndexView.access_where`) that the dense retriever adds
  to its query, so hidden vectors are filtered inside the vector search, before ranking;
* the fact table merged again from the visible documents' facts only (names and aliases
  merged across documents come from visible documents alone).

Everything that reads the index during a question does so through
``IndexHandle.get()`` inside ``handle.scoped(access)``, and so reads the view. A new
structure of :class:`~assistant.index.LoadedIndex` must get its restricted form here:
the view has no attribute it does not define, so code reading one fails rather than leaks.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import TypeVar

import numpy as np

from assistant.auth.model import Viewer
from assistant.index import LoadedIndex
from ingest.core.models import Chunk
from ingest.facts import Fact
from ingest.facts.merge import merge_facts
from ingest.index.records import DocumentRecord

T = TypeVar("T")
#: Views kept per index (one per distinct set of groups among the viewers).
_VIEWS_PER_INDEX = 64
_lock = threading.Lock()


def visible_to(record: DocumentRecord, groups: frozenset[str]) -> bool:
    return not record.groups or not groups.isdisjoint(record.groups)


@dataclass(frozen=True)
class Access:
    """Which documents one viewer sees: all (``everything``), none (``nothing``: not signed
    in), or those with no group and those of ``groups``."""

    groups: frozenset[str] = frozenset()
    everything: bool = False
    nothing: bool = False

    @classmethod
    def of(cls, viewer: Viewer) -> Access:
        return EVERYTHING if viewer.sees_all else cls(groups=frozenset(viewer.groups))

    def sees(self, record: DocumentRecord) -> bool:
        return self.everything or (not self.nothing and visible_to(record, self.groups))

    def view(self, index: LoadedIndex) -> LoadedIndex | IndexView:
        """The index as this viewer sees it: the index itself when every document is visible."""
        if self.everything:
            return index
        views = index.views
        view = views.get(self)
        if view is None:
            visible = frozenset(d for d, record in index.docs.items() if self.sees(record))
            view = index if len(visible) == len(index.docs) else IndexView(index, visible)
            with _lock:
                if len(views) >= _VIEWS_PER_INDEX:
                    views.clear()
                views[self] = view
        return view


EVERYTHING = Access(everything=True)
NOTHING = Access(nothing=True)


class VisibleRows(Sequence[T]):
    """Rows of the whole index that one viewer may read.

    ``rows[i]`` is row ``i`` of the index when it is visible and ``IndexError`` otherwise
    (never its content); iteration yields the visible rows in order, and ``len`` counts them.
    """

    def __init__(self, rows: Sequence[T], visible: np.ndarray) -> None:
        self._rows = rows
        self._visible = visible
        self._count = int(visible.sum())

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, item):
        if isinstance(item, slice):
            raise TypeError("the rows of a view are read one by one, by their row number")
        row = int(item)
        if not 0 <= row < self._visible.size or not self._visible[row]:
            raise IndexError(f"row {item} is not visible")
        return self._rows[row]

    def __iter__(self) -> Iterator[T]:
        for row in np.flatnonzero(self._visible):
            yield self._rows[int(row)]


class IndexView:
    """The index as one viewer sees it (see the module docstring)."""

    def __init__(self, index: LoadedIndex, visible: frozenset[str]) -> None:
        self._index = index
        self.docs: dict[str, DocumentRecord] = {d: r for d, r in index.docs.items() if d in visible}
        self.visible_rows = index.rows_of_docs(set(self.docs))
        self.chunks: Sequence[Chunk] = VisibleRows(index.chunks, self.visible_rows)
        self.units = VisibleRows(index.units, self.visible_rows) if index.units is not None else None
        self.lexical = index.lexical.restricted(self.visible_rows)
        self.meta = replace(index.meta, documents=len(self.docs), chunks=len(self.chunks), checksums=None)
        self.doc_of_row = index.doc_of_row
        self.year_of_row = index.year_of_row
        hidden = [d for d in index.docs if d not in visible]
        self._where = (
            {"doc_id": {"$in": sorted(self.docs)}} if len(self.docs) <= len(hidden) else {"doc_id": {"$nin": hidden}}
        )

    @property
    def generation(self) -> str:
        return self._index.generation

    @property
    def path(self) -> Path:
        return self._index.path

    @cached_property
    def by_id(self) -> dict[str, int]:
        full = self._index.by_id
        return {cid: full[cid] for record in self.docs.values() for cid in record.chunk_ids if cid in full}

    @cached_property
    def facts(self) -> list[Fact]:
        raw = self._index.source.read_raw_facts()
        if raw is None:  # an index from before raw facts were stored: its merged rows, filtered
            return [f for f in self._index.facts if f.doc in self.docs]
        return merge_facts([f for f in raw if f.doc in self.docs])

    def original_text(self, doc_id: str) -> str | None:
        return self._index.original_text(doc_id) if doc_id in self.docs else None

    def rows_of_docs(self, doc_ids: set[str]) -> np.ndarray:
        return self._index.rows_of_docs({d for d in doc_ids if d in self.docs})

    def document_chunks(self, doc_id: str) -> list[Chunk]:
        return self._index.document_chunks(doc_id) if doc_id in self.docs else []

    def access_where(self) -> dict:
        """The Chroma filter that keeps the visible documents' vectors."""
        return self._where
