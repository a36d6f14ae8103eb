"""Fitting the reader's two LightGBM models, seeded and deterministic for reproducibility."""

from __future__ import annotations

import numpy as np

#: Shared by the two models: deterministic, and small enough to train here in minutes.
BASE_PARAMS = {
    "learning_rate": 0.05, "num_leaves": 31, "min_data_in_leaf": 20, "feature_fraction": 0.9,
    "bagging_fraction": 0.8, "bagging_freq": 1, "seed": 7, "num_threads": 2, "verbose": -1,
    "deterministic": True, "force_row_wise": True,
}
RANK_PARAMS = {**BASE_PARAMS, "objective": "lambdarank", "metric": "ndcg", "ndcg_eval_at": [1]}
UNIT_PARAMS = {**RANK_PARAMS, "label_gain": [0, 1, 2]}
UNIT_ROUNDS, SPAN_ROUNDS = 300, 400


def fit_ranker(x, y, groups, names, categorical, params, rounds):
    import lightgbm as lgb

    data = lgb.Dataset(x, y, group=groups, feature_name=list(names), categorical_feature=list(categorical), free_raw_data=False)
    return lgb.train(params, data, rounds)


def top_hit(scores: np.ndarray, labels: np.ndarray, groups: np.ndarray, k: int = 1) -> float:
    """Share of groups whose ``k`` best-scored rows include a positive one."""
    hits, i = 0, 0
    for n in groups:
        order = np.argsort(-scores[i : i + n], kind="stable")[:k]
        hits += labels[i : i + n][order].max() > 0
        i += n
    return hits / max(len(groups), 1)
