from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.retrieval.fusion import minmax_fusion, rrf_fusion

pytestmark = pytest.mark.unit

runs = st.lists(
    st.lists(st.tuples(st.sampled_from("abcdefgh"), st.floats(0, 100, allow_nan=False)), max_size=8, unique_by=lambda t: t[0]),
    min_size=1,
    max_size=3,
)


@settings(derandomize=True, max_examples=200, deadline=None)
@given(runs)
def test_fusion_keeps_every_id_once_sorted(rs):
    for fuse in (minmax_fusion, rrf_fusion):
        fused = fuse(rs, [1.0] * len(rs))
        ids = [i for i, _ in fused]
        assert sorted(ids) == sorted({i for run in rs for i, _ in run})
        assert [s for _, s in fused] == sorted((s for _, s in fused), reverse=True)


def test_single_run_minmax_keeps_order():
    run = [("a", 9.0), ("b", 5.0), ("c", 1.0)]
    assert [i for i, _ in minmax_fusion([run, []], [0.7, 0.3])] == ["a", "b", "c"]


def test_weights_decide_between_runs():
    lexical = [("a", 10.0), ("b", 0.0)]
    dense = [("b", 1.0), ("a", 0.0)]
    assert minmax_fusion([lexical, dense], [0.8, 0.2])[0][0] == "a"
    assert minmax_fusion([lexical, dense], [0.2, 0.8])[0][0] == "b"
    assert rrf_fusion([lexical, dense], [1.0, 1.0])[0][1] == pytest.approx(1 / 61 + 1 / 62)
