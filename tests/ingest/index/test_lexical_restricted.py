"""BM25 over some rows only (``LexicalIndex.restricted``) against bm25s built from those rows
alone: a differential test, so that a hidden document provably changes no visible score."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.core.errors import IndexMismatchError
from ingest.index.lexical import BM25_PARAMS, LexicalIndex, document_frequency

pytestmark = pytest.mark.unit

WORDS = [f"w{i}" for i in range(12)]
rows_of_tokens = st.lists(st.lists(st.sampled_from(WORDS), max_size=15), min_size=1, max_size=25)


@settings(max_examples=60, derandomize=True, deadline=None)
@given(rows_of_tokens, st.data())
def test_scores_over_the_visible_rows_are_those_of_an_index_of_them_alone(rows, data):
    visible = np.array(data.draw(st.lists(st.booleans(), min_size=len(rows), max_size=len(rows))))
    query = data.draw(st.lists(st.sampled_from([*WORDS, "unknown"]), min_size=1, max_size=4))
    full = LexicalIndex.build(rows)
    restricted = full.restricted(visible)
    alone = LexicalIndex.build([r for r, keep in zip(rows, visible) if keep])
    scores = restricted.scores(query)
    assert scores.shape == (len(rows),)
    assert (scores[~visible] == 0).all()
    if visible.any():
        np.testing.assert_allclose(scores[visible], alone.scores(query), rtol=1e-5, atol=1e-6)
    assert restricted.size == int(visible.sum())
    for word in query:
        assert document_frequency(restricted, word) == (document_frequency(alone, word) if visible.any() else 0)


@settings(max_examples=40, derandomize=True, deadline=None)
@given(rows_of_tokens, st.lists(st.sampled_from([*WORDS, "unknown"]), min_size=1, max_size=4))
def test_the_whole_index_scores_as_bm25s_does(rows, query):
    """The reference implementation: bm25s with the same parameters over the same rows."""
    import bm25s

    reference = bm25s.BM25(**BM25_PARAMS)
    reference.index([r or [""] for r in rows], show_progress=False)
    known = [t for t in query if t in reference.vocab_dict]
    expected = reference.get_scores(known) if known else np.zeros(len(rows))
    np.testing.assert_allclose(LexicalIndex.build(rows).scores(query), expected, rtol=1e-5, atol=1e-6)


def test_saved_and_loaded_the_index_scores_the_same(tmp_path):
    rows = [["a", "b", "a"], ["b", "c"], [], ["a", "d", "d"]]
    full = LexicalIndex.build(rows)
    full.save(tmp_path)
    loaded = LexicalIndex.load(tmp_path, len(rows))
    assert (loaded.scores(["a", "d", "b"]) == full.scores(["a", "d", "b"])).all()
    visible = np.array([True, False, True, True])
    assert (loaded.restricted(visible).scores(["a"]) == full.restricted(visible).scores(["a"])).all()


def test_an_index_without_term_statistics_cannot_be_restricted(tmp_path):
    full = LexicalIndex.build([["a"], ["b"]])
    full.save(tmp_path)
    for old in tmp_path.glob("terms.*.npy"):
        old.unlink()
    old = LexicalIndex.load(tmp_path, 2)
    assert old.scores(["a"])[0] > 0 and old.scores(["a"])[1] == 0  # bm25s's own scores, as before
    with pytest.raises(IndexMismatchError, match="--rebuild"):
        old.restricted(np.array([True, False]))
