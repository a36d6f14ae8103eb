"""Dense similarity of answer units to a question, for questions the lexical features cannot
read: an English question over Japanese units shares almost no terms with them.

The dense index holds one vector per sentence of a chunk (:mod:`ingest.dense_units`); an
answer unit takes the best similarity of the sentences it overlaps. The reader adds it to
the ranker's score, both standardised (:func:`blend`).
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

from assistant.answer.reader.units import UnitView
from ingest.core.errors import DocqaError
from ingest.dense_units import SCHEMES
from ingest.ja.sentences import split_sentences

#: Weight of the standardised dense similarity against the standardised ranker score
#: (chosen on docqa's own English questions: 0.5, 1, 2 and 4 tried; 2 best).
ENGLISH_WEIGHT = 2.0


class UnitSimilarities(Protocol):
    """What the reader needs of a dense retriever."""

    units: str

    def unit_similarities(self, query: str, chunk_ids: list[str]) -> dict[str, float]: ...


def unit_similarity(question: str, units: list[UnitView], dense: UnitSimilarities) -> np.ndarray | None:
    """Each unit's similarity to ``question`` (None when the index has no sentence vectors)."""
    if dense is None or dense.units != SCHEMES["sentences"] or not units:
        return None
    chunks = {u.passage.chunk.chunk_id: u.passage.chunk for u in units if u.passage is not None}
    try:
        found = dense.unit_similarities(question, list(chunks))
    except DocqaError:  # the vector store is unreachable: rank by the lexical features alone
        return None
    if not found:
        return None
    sentences = {cid: [(a, b) for a, b in split_sentences(c.text) if c.text[a:b].strip()] for cid, c in chunks.items()}
    floor = min(found.values())
    out = np.full(len(units), floor, dtype=np.float64)
    for i, u in enumerate(units):
        if u.passage is None:
            continue
        cid = u.passage.chunk.chunk_id
        best = [found.get(f"{cid}/{n}") for n, (a, b) in enumerate(sentences[cid]) if a < u.end and u.start < b]
        best = [s for s in best if s is not None]
        if best:
            out[i] = max(best)
    return out


def blend(scores: np.ndarray, similarity: np.ndarray, weight: float = ENGLISH_WEIGHT) -> np.ndarray:
    """The ranker's scores and the similarities, each standardised, added with ``weight``."""
    def z(x: np.ndarray) -> np.ndarray:
        return (x - x.mean()) / (x.std() + 1e-6)

    return z(scores) + weight * z(similarity)
