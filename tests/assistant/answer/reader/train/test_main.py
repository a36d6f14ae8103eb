"""Training one model only (``--only``) keeps the other one and says so in the card."""

from __future__ import annotations

import json

import pytest

from assistant.answer.reader.model import FILES, META_FILE
from assistant.answer.reader.train.__main__ import _kept
from assistant.answer.reader.train.card import _kept as card_kept


def _folder(tmp_path, meta: dict):
    (tmp_path / META_FILE).write_text(json.dumps(meta), encoding="utf-8")
    for name in FILES.values():
        (tmp_path / name).write_text("model", encoding="utf-8")
    return tmp_path


def test_a_full_run_keeps_nothing(tmp_path):
    assert _kept(tmp_path, None) == {}


def test_only_spans_keeps_the_units_model_figures_and_day(tmp_path):
    folder = _folder(tmp_path, {"trained": "2026-12-01", "metrics": {"units": {"valid_top1": 0.78}, "spans": {}},
                                "data": {"train_questions": 20000}})
    kept = _kept(folder, "spans")
    assert kept == {"metrics": {"units": {"valid_top1": 0.78}}, "trained_each": {"units": "2026-12-01"},
                    "questions_each": {"units": 20000}}


def test_the_card_says_how_many_questions_each_model_was_fitted_on():
    from assistant.answer.reader.train.card import _questions

    meta = {"data": {"train_questions": 31748, "train_available": 31748}, "questions_each": {"units": 20000, "spans": 31748}}
    assert _questions(meta) == ("the units model on 20000 training questions (a seeded sample); "
                                "the spans model on all 31748 training questions")
    assert _questions({"data": {"train_questions": 20000}}) == "20000 training questions (a seeded sample)"


def test_only_needs_the_other_model_on_disk(tmp_path):
    folder = _folder(tmp_path, {"trained": "2026-12-01", "metrics": {"units": {}, "spans": {}}})
    (folder / FILES["units"]).unlink()
    with pytest.raises(SystemExit, match="missing"):
        _kept(folder, "spans")


def test_the_card_says_which_model_was_kept():
    text = card_kept({"only": "spans", "trained_each": {"units": "2026-12-01", "spans": "2026-12-02"}})
    assert "spans model only" in text and "units model" in text and "2026-12-01" in text
    assert card_kept({"only": None}) == ""
