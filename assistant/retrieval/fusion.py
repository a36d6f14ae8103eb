"""Rank fusion, as pure functions over ``{id: score}`` lists (best first)."""

from __future__ import annotations


def minmax_fusion(runs: list[list[tuple[str, float]]], weights: list[float]) -> list[tuple[str, float]]:
    """Weighted sum of min-max normalised scores; an id missing from a run scores 0 there."""
    fused: dict[str, float] = {}
    for run, weight in zip(runs, weights):
        if not run or weight == 0:
            continue
        scores = [s for _, s in run]
        low, high = min(scores), max(scores)
        span = high - low
        for doc_id, score in run:
            norm = (score - low) / span if span > 0 else 1.0
            fused[doc_id] = fused.get(doc_id, 0.0) + weight * norm
    return sorted(fused.items(), key=lambda item: (-item[1], item[0]))


def rrf_fusion(runs: list[list[tuple[str, float]]], weights: list[float], k: int = 60) -> list[tuple[str, float]]:
    """Weighted reciprocal rank fusion (Cormack et al., 2009)."""
    fused: dict[str, float] = {}
    for run, weight in zip(runs, weights):
        for rank, (doc_id, _score) in enumerate(run, start=1):
            fused[doc_id] = fused.get(doc_id, 0.0) + weight / (k + rank)
    return sorted(fused.items(), key=lambda item: (-item[1], item[0]))
