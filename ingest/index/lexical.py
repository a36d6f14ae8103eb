"""The BM25 index over Sudachi tokens, built with bm25s and saved without pickle.

Files in an index directory: bm25s's ``*.index.npy`` arrays and ``*.index.json``
vocabulary/parameters. Loading can memory-map the arrays so that several server
workers share one copy in the page cache.
"""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np

from ingest.core.errors import IndexError_

BM25_PARAMS = {"k1": 1.2, "b": 0.75, "method": "lucene"}


class LexicalIndex:
    """Scores every chunk of a generation for a tokenised query.

    Row ``i`` of the index is chunk ``i`` of the generation's chunk list.
    """

    def __init__(self, bm25, size: int) -> None:
        self._bm25 = bm25
        self.size = size

    @classmethod
    def build(cls, corpus_tokens: list[list[str]]) -> LexicalIndex:
        import bm25s

        bm25 = bm25s.BM25(**BM25_PARAMS)
        if corpus_tokens:
            # An empty document would make bm25s drop it and shift row numbers.
            safe = [tokens or [""] for tokens in corpus_tokens]
            bm25.index(safe, show_progress=False)
        return cls(bm25, len(corpus_tokens))

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        if self.size:
            self._bm25.save(str(directory), show_progress=False)

    @classmethod
    def load(cls, directory: Path, size: int, *, mmap: bool = True) -> LexicalIndex:
        import bm25s

        if size == 0:
            return cls(bm25s.BM25(**BM25_PARAMS), 0)
        try:
            logging.getLogger("bm25s").setLevel(logging.ERROR)
            bm25 = bm25s.BM25.load(str(directory), mmap=mmap, show_progress=False, verbosity=0)
        except (OSError, ValueError, KeyError) as exc:
            raise IndexError_(f"cannot read the lexical index in {directory}: {exc}") from exc
        return cls(bm25, size)

    def scores(self, query_tokens: list[str]) -> np.ndarray:
        """BM25 score of every chunk (zeros for chunks that share no term)."""
        if not self.size:
            return np.zeros(0, dtype=np.float32)
        vocab = self._bm25.vocab_dict
        known = [t for t in query_tokens if t and t in vocab]
        if not known:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._bm25.get_scores(known), dtype=np.float32)[: self.size]


def top_k(scores: np.ndarray, k: int, mask: np.ndarray | None = None) -> list[tuple[int, float]]:
    """Indices and scores of the ``k`` best positive scores, best first; ``mask`` keeps rows."""
    if mask is not None:
        scores = np.where(mask, scores, 0.0)
    positive = np.flatnonzero(scores > 0)
    if positive.size == 0:
        return []
    if positive.size > k:
        part = np.argpartition(-scores[positive], k - 1)[:k]
        positive = positive[part]
    order = positive[np.argsort(-scores[positive], kind="stable")]
    return [(int(i), float(scores[i])) for i in order]


def document_frequency(index: LexicalIndex, token: str) -> int:
    """How many chunks contain ``token`` (0 when unknown)."""
    bm25 = index._bm25
    token_id = bm25.vocab_dict.get(token) if index.size else None
    if token_id is None:
        return 0
    indptr = bm25.scores["indptr"]
    return int(indptr[token_id + 1] - indptr[token_id])
