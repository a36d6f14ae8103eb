"""The reader's trained models: a unit ranker and a span scorer.

Two LightGBM models saved as text (no pickle) in one folder with ``training.json``, which
records the feature version and feature names they were trained with and the training data.
:func:`load_models` refuses a folder whose feature version or names differ from the code's,
so a model never reads features it was not trained on. The shipped models are in ``assistant/answer/reader/model/`` and are made by
``make train-reader`` (:mod:`assistant.answer.reader.train`).
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np

from assistant.answer.reader.features import FEATURE_VERSION, SPAN_FEATURES, UNIT_FEATURES
from ingest.core.errors import ConfigError

MODEL_DIR = Path(__file__).resolve().parent / "model"
FILES = {"units": "units.txt", "spans": "spans.txt"}
META_FILE = "training.json"


class ReaderModels(Protocol):
    """What the reader asks of its models; every method takes one feature row per item."""

    def rank_units(self, features: np.ndarray) -> np.ndarray: ...

    def score_spans(self, features: np.ndarray) -> np.ndarray: ...


@dataclass
class LightGBMModels:
    """The two boosters, and what ``training.json`` says of them."""

    units: object
    spans: object
    meta: dict

    def rank_units(self, features: np.ndarray) -> np.ndarray:
        return self.units.predict(features, num_threads=1) if len(features) else np.zeros(0)

    def score_spans(self, features: np.ndarray) -> np.ndarray:
        return self.spans.predict(features, num_threads=1) if len(features) else np.zeros(0)


class OverlapModels:
    """A fake of the models, for tests: units by question-term coverage, spans by
    closeness to the question's terms and type fit."""

    def rank_units(self, features: np.ndarray) -> np.ndarray:
        i = UNIT_FEATURES.index("cov")
        return features[:, i] + 0.5 * features[:, UNIT_FEATURES.index("type_compat")].clip(0, 1)

    def score_spans(self, features: np.ndarray) -> np.ndarray:
        compat = features[:, SPAN_FEATURES.index("compat")].clip(0, 1)
        in_q = features[:, SPAN_FEATURES.index("in_q")]
        near = features[:, SPAN_FEATURES.index("near3")]
        return compat + 0.1 * near - in_q


def read_meta(folder: Path) -> dict:
    try:
        return json.loads((folder / META_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"the reader's models in {folder} are unreadable ({exc}); run `make train-reader`") from exc


def check_meta(meta: dict, folder: Path) -> None:
    """Refuse models trained on features this code does not make."""
    if meta.get("feature_version") != FEATURE_VERSION:
        raise ConfigError(
            f"the reader's models in {folder} were trained with feature version {meta.get('feature_version')}, "
            f"this docqa makes version {FEATURE_VERSION}; run `make train-reader`"
        )
    expected = {"units": list(UNIT_FEATURES), "spans": list(SPAN_FEATURES)}
    for name, names in expected.items():
        if meta.get("features", {}).get(name) != names:
            raise ConfigError(f"the reader's {name} model in {folder} reads other features; run `make train-reader`")


def import_lightgbm():
    """LightGBM's core API, without the scikit-learn import it makes when scikit-learn is
    installed (about 2 s of a server's start, for estimator classes docqa never uses; the
    core API works without it). Left alone when either is imported already."""
    if "lightgbm" in sys.modules or "sklearn" in sys.modules:
        import lightgbm

        return lightgbm
    sys.modules["sklearn"] = None  # an import of sklearn now raises ImportError: lightgbm skips it
    try:
        import lightgbm
    finally:
        del sys.modules["sklearn"]
    return lightgbm


@lru_cache(maxsize=4)
def load_models(folder: Path = MODEL_DIR) -> LightGBMModels:
    """The models in ``folder`` (the shipped ones by default), checked against the code."""
    lgb = import_lightgbm()

    folder = Path(folder)
    meta = read_meta(folder)
    check_meta(meta, folder)
    boosters = {}
    for name, file in FILES.items():
        path = folder / file
        if not path.is_file():
            raise ConfigError(f"the reader's {name} model {path} is missing; run `make train-reader`")
        boosters[name] = lgb.Booster(model_file=str(path))
    return LightGBMModels(boosters["units"], boosters["spans"], meta)
