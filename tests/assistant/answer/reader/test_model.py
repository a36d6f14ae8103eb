"""The shipped reader models: they load, fast, and match the code's feature version."""

from __future__ import annotations

import json
import shutil
import time

import numpy as np
import pytest

from assistant.answer.reader.features import FEATURE_VERSION, SPAN_FEATURES, UNIT_FEATURES
from assistant.answer.reader.model import FILES, META_FILE, MODEL_DIR, OverlapModels, load_models, read_meta
from ingest.core.errors import ConfigError

pytestmark = pytest.mark.unit


def test_the_shipped_models_load_and_match_the_feature_version():
    meta = read_meta(MODEL_DIR)
    assert meta["feature_version"] == FEATURE_VERSION
    assert meta["features"] == {"units": list(UNIT_FEATURES), "spans": list(SPAN_FEATURES)}
    load_models.cache_clear()
    started = time.perf_counter()
    models = load_models(MODEL_DIR)
    assert time.perf_counter() - started < 5  # the bench measures the real figure; this catches a broken file
    assert models.rank_units(np.zeros((3, len(UNIT_FEATURES)), dtype=np.float32)).shape == (3,)
    assert models.score_spans(np.zeros((2, len(SPAN_FEATURES)), dtype=np.float32)).shape == (2,)


def test_the_model_card_names_the_data_and_its_licence():
    card = (MODEL_DIR / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert "JaQuAD" in card and "CC BY-SA 3.0" in card and f"Feature version {FEATURE_VERSION}" in card


def test_models_of_another_feature_version_are_refused(tmp_path):
    folder = tmp_path / "model"
    shutil.copytree(MODEL_DIR, folder)
    meta = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
    meta["feature_version"] = FEATURE_VERSION + 1
    (folder / META_FILE).write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ConfigError, match="feature version"):
        load_models(folder)


def test_models_reading_other_features_are_refused(tmp_path):
    folder = tmp_path / "model"
    shutil.copytree(MODEL_DIR, folder)
    meta = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
    meta["features"]["units"] = meta["features"]["units"][:-1]
    (folder / META_FILE).write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ConfigError, match="units model"):
        load_models(folder)


def test_a_missing_model_file_says_how_to_make_it(tmp_path):
    folder = tmp_path / "model"
    shutil.copytree(MODEL_DIR, folder)
    (folder / FILES["units"]).unlink()
    with pytest.raises(ConfigError, match="make train-reader"):
        load_models(folder)


def test_the_fake_models_rank_by_coverage():
    fake = OverlapModels()
    rows = np.zeros((2, len(UNIT_FEATURES)), dtype=np.float32)
    rows[1, UNIT_FEATURES.index("cov")] = 0.8
    assert list(np.argsort(-fake.rank_units(rows))) == [1, 0]


def test_lightgbm_is_imported_without_scikit_learn_which_stays_importable():
    import subprocess
    import sys

    code = (
        "import sys, importlib.util\n"
        "from assistant.answer.reader.model import import_lightgbm\n"
        "import_lightgbm()\n"
        "assert 'sklearn' not in sys.modules\n"
        "assert 'lightgbm' in sys.modules\n"
        "assert importlib.util.find_spec('numpy') is not None\n"
        "if importlib.util.find_spec('sklearn') is not None:\n"
        "    import sklearn\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


def test_term_weights_scale_the_terms_given_a_factor():
    from assistant.answer.reader.features import TermWeights

    plain = TermWeights(lambda term: 1, 100)
    scaled = TermWeights(lambda term: 1, 100, {"覚書": 0.5})
    assert scaled("覚書") == pytest.approx(plain("覚書") * 0.5)
    assert scaled("締結") == plain("締結")
