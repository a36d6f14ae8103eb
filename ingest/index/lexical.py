"""The BM25 index over Sudachi tokens, built with bm25s and saved without pickle.

Files in an index directory: bm25s's ``*.index.npy`` arrays and ``*.index.json``
vocabulary/parameters, and docqa's term statistics (``terms.*.npy``: each term's postings
with their term frequencies, and each row's length), from which BM25 is computed again over
a subset of the rows (:meth:`LexicalIndex.restricted`). Loading can memory-map the arrays so
that several server workers share one copy in the page cache.
"""

from __future__ import annotations

import logging
import math
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ingest.core.errors import IndexError_, IndexMismatchError

BM25_PARAMS = {"k1": 1.2, "b": 0.75, "method": "lucene"}
#: Terms whose per-row contributions an index (or a view of one) keeps, oldest dropped first.
TERMS_CACHED = 2048
#: The term statistics' arrays, saved beside bm25s's in the index folder.
TERM_ARRAYS = ("indptr", "rows", "tf", "lengths")


def _term_file(directory: Path, name: str) -> Path:
    return directory / f"terms.{name}.npy"


@dataclass(frozen=True)
class TermStats:
    """What BM25 is made of, per term id of bm25s's vocabulary: the rows holding term ``t`` are
    ``rows[indptr[t]:indptr[t + 1]]`` (ascending), ``tf`` the term's count in each, and
    ``lengths[row]`` the row's number of terms."""

    indptr: np.ndarray
    rows: np.ndarray
    tf: np.ndarray
    lengths: np.ndarray

    @classmethod
    def build(cls, corpus_tokens: list[list[str]], vocab: dict[str, int]) -> TermStats:
        n_rows = len(corpus_tokens)
        ids = np.fromiter((vocab[t] for tokens in corpus_tokens for t in tokens), dtype=np.int64)
        lengths = np.fromiter((len(tokens) for tokens in corpus_tokens), dtype=np.int32, count=n_rows)
        row_of = np.repeat(np.arange(n_rows, dtype=np.int64), lengths)
        keys, tf = np.unique(ids * max(n_rows, 1) + row_of, return_counts=True)
        term, rows = np.divmod(keys, max(n_rows, 1))
        indptr = np.zeros(len(vocab) + 1, dtype=np.int64)
        np.add.at(indptr, term + 1, 1)
        return cls(np.cumsum(indptr), rows.astype(np.int32), tf.astype(np.float32), lengths)

    def save(self, directory: Path) -> None:
        for name in TERM_ARRAYS:
            np.save(_term_file(directory, name), getattr(self, name), allow_pickle=False)

    @classmethod
    def load(cls, directory: Path, *, mmap: bool = True) -> TermStats | None:
        """The saved statistics; None for an index from before they were saved."""
        if not _term_file(directory, "indptr").is_file():
            return None
        try:
            arrays = {n: np.load(_term_file(directory, n), mmap_mode="r" if mmap else None, allow_pickle=False)
                      for n in TERM_ARRAYS}
        except (OSError, ValueError) as exc:
            raise IndexError_(f"cannot read the term statistics in {directory}: {exc}") from exc
        return cls(**arrays)


class LexicalIndex:
    """Scores every chunk of a generation for a tokenised query.

    Row ``i`` of the index is chunk ``i`` of the generation's chunk list.
    """

    def __init__(self, bm25, size: int, terms: TermStats | None = None) -> None:
        self._bm25 = bm25
        self.size = size
        self.terms = terms
        self._everything = RestrictedLexical(self, None) if terms is not None and size else None

    @classmethod
    def build(cls, corpus_tokens: list[list[str]]) -> LexicalIndex:
        import bm25s

        bm25 = bm25s.BM25(**BM25_PARAMS)
        terms = None
        if corpus_tokens:
            # An empty document would make bm25s drop it and shift row numbers.
            safe = [tokens or [""] for tokens in corpus_tokens]
            bm25.index(safe, show_progress=False)
            terms = TermStats.build(safe, bm25.vocab_dict)
        return cls(bm25, len(corpus_tokens), terms)

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        if self.size:
            self._bm25.save(str(directory), show_progress=False)
            self.terms.save(directory)

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
        return cls(bm25, size, TermStats.load(directory, mmap=mmap))

    def scores(self, query_tokens: list[str]) -> np.ndarray:
        """BM25 score of every chunk (zeros for chunks that share no term).

        Computed from the term statistics (bm25s's own scores for an index from before they
        were saved): one arithmetic for the whole index and for a subset of it, so that the
        subset's scores equal, to the bit, those of an index built from the subset alone.
        """
        if not self.size:
            return np.zeros(0, dtype=np.float32)
        if self.terms is not None:
            return self._everything.scores(query_tokens)
        vocab = self._bm25.vocab_dict
        known = [t for t in query_tokens if t and t in vocab]
        if not known:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._bm25.get_scores(known), dtype=np.float32)[: self.size]

    def term_id(self, token: str) -> int | None:
        return self._bm25.vocab_dict.get(token) if self.size and token else None

    def document_frequency(self, token: str) -> int:
        """How many chunks contain ``token`` (0 when unknown)."""
        if self._everything is not None:
            return self._everything.document_frequency(token)
        token_id = self.term_id(token)
        if token_id is None:
            return 0
        indptr = self._bm25.scores["indptr"]
        return int(indptr[token_id + 1] - indptr[token_id])

    def restricted(self, visible: np.ndarray) -> RestrictedLexical:
        """BM25 over the rows where ``visible`` is True alone, as if the others were not indexed."""
        if self.terms is None:
            raise IndexMismatchError(
                "this index has no term statistics, so it cannot be searched for some documents only; "
                "rebuild it with `docqa ingest --rebuild`"
            )
        return RestrictedLexical(self, visible)


class RestrictedLexical:
    """The lexical index of a subset of the rows: BM25 with the subset's own statistics.

    The number of rows, their average length and each term's document frequency are counted
    over the visible rows only, so a hidden row changes no score, no ranking and no term
    weight of a visible one: the scores equal those of an index built from the visible rows.
    ``scores`` keeps the row numbers of the whole index (hidden rows score 0); ``size`` is the
    number of visible rows. ``visible=None``: every row (how the whole index scores).
    """

    def __init__(self, full: LexicalIndex, visible: np.ndarray | None) -> None:
        self._full = full
        self._terms = full.terms
        self._visible = None if visible is None else np.asarray(visible, dtype=bool)
        lengths = self._terms.lengths if visible is None else self._terms.lengths[self._visible]
        self.size = int(lengths.size)
        self._avg_length = float(lengths.mean()) if lengths.size else 1.0
        self._cache: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        self._lock = threading.Lock()

    def _postings(self, token_id: int) -> tuple[np.ndarray, np.ndarray]:
        start, end = int(self._terms.indptr[token_id]), int(self._terms.indptr[token_id + 1])
        rows = np.asarray(self._terms.rows[start:end])
        tf = np.asarray(self._terms.tf[start:end])
        if self._visible is None:
            return rows, tf
        keep = self._visible[rows]
        return rows[keep], tf[keep]

    def scores(self, query_tokens: list[str]) -> np.ndarray:
        scores = np.zeros(self._full.size, dtype=np.float32)
        if not self.size:
            return scores
        for token in query_tokens:  # a repeated term counts again, as in bm25s
            token_id = self._full.term_id(token)
            if token_id is not None:
                rows, contribution = self._term_scores(token_id)
                scores[rows] += contribution
        return scores

    def _term_scores(self, token_id: int) -> tuple[np.ndarray, np.ndarray]:
        """The rows holding the term and its BM25 contribution to each (float32), kept for
        the terms recent questions used (a whole index then scores as fast as bm25s)."""
        cached = self._cache.get(token_id)
        if cached is not None:
            return cached
        rows, tf = self._postings(token_id)
        k1, b = BM25_PARAMS["k1"], BM25_PARAMS["b"]
        idf = math.log(1 + (self.size - rows.size + 0.5) / (rows.size + 0.5))
        norm = k1 * (1 - b + b * self._terms.lengths[rows].astype(np.float64) / self._avg_length)
        result = (rows, (idf * tf / (norm + tf)).astype(np.float32))
        with self._lock:  # server threads share the index
            if len(self._cache) >= TERMS_CACHED:
                self._cache.pop(next(iter(self._cache)))
            self._cache[token_id] = result
        return result

    def document_frequency(self, token: str) -> int:
        token_id = self._full.term_id(token)
        return 0 if token_id is None else int(self._postings(token_id)[0].size)


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


def document_frequency(index: LexicalIndex | RestrictedLexical, token: str) -> int:
    """How many chunks of ``index`` contain ``token`` (0 when unknown)."""
    return index.document_frequency(token)
