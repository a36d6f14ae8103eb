"""The short-answer threshold curve of reading with the gold passage."""

from eval.reading import CURVE_AT, render, threshold_curve


def test_the_curve_counts_answers_above_each_threshold():
    scored = [(2.5, 1.0), (0.2, 1.0), (-0.7, 0.0), (-3.0, 0.0)]
    curve = {c["threshold"]: c for c in threshold_curve(scored)}
    assert set(curve) == set(CURVE_AT)
    assert curve[0.0] == {"threshold": 0.0, "answered": 0.5, "em_answered": 1.0, "em_all": 0.5}
    assert curve[-1.0]["answered"] == 0.75 and round(curve[-1.0]["em_answered"], 3) == 0.667
    assert curve[2.0] == {"threshold": 2.0, "answered": 0.25, "em_answered": 1.0, "em_all": 0.25}


def test_the_report_marks_the_shipped_threshold():
    result = {"dataset": "jaquad", "split": "validation", "questions": 4, "em": 0.5, "f1": 0.6,
              "em_by_answer_type": {"-": 0.5}, "threshold_curve": threshold_curve([(1.0, 1.0)])}
    assert "(shipped)" in render(result)
