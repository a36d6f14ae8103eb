"""The one grammar of typed spans: dates, periods, quantities, money, shares, telephone numbers."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.ja.spans import KINDS, typed_spans

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2016年2月18日、覚書を締結", [("2016年2月18日", "date")]),
        ("平成23年度～令和2年度", [("平成23年度～令和2年度", "period")]),
        ("令和3(2021)年10月", [("令和3(2021)年10月", "date")]),
        ("2023.9.4 研修", [("2023.9.4", "date")]),
        ("○受入実績 4,236人", [("4,236人", "quantity")]),
        ("約3万人が参加", [("約3万人", "quantity")]),
        ("2億4,500万人", [("2億4,500万人", "quantity")]),
        ("人口の4分の1", [("4分の1", "quantity")]),
        ("予算は10億円", [("10億円", "money")]),
        ("割合は89%", [("89%", "percent")]),
        ("電話:06-6630-3580", [("06-6630-3580", "phone")]),
        ("提携件数 1651", [("1651", "number")]),
        ("19世紀の後半", [("19世紀", "date")]),
        ("5月上旬から梅雨に入る", [("5月上旬", "date")]),
        ("7月ごろ北上する", [("7月ごろ", "date")]),
        ("同年7月には選定された", []),
        ("12か月の研修", [("12か月", "quantity")]),
        ("名称を2度変更した", [("2度", "quantity")]),
    ],
)
def test_typed_spans(text, expected):
    assert [(s.text, s.kind) for s in typed_spans(text)] == expected


def test_a_telephone_number_is_not_a_period_and_a_date_not_a_quantity():
    spans = typed_spans("電話 03-1234-5678、2021年5月13日に3件")
    assert [(s.text, s.kind) for s in spans] == [("03-1234-5678", "phone"), ("2021年5月13日", "date"), ("3件", "quantity")]


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.text(alphabet="0123456789年月日度平成令和元約万億人件%円-~/.,分の 、。", max_size=60))
def test_spans_are_ordered_disjoint_typed_substrings(text):
    spans = typed_spans(text)
    for a, b in zip(spans, spans[1:]):
        assert a.end <= b.start
    for s in spans:
        assert text[s.start : s.end] == s.text and s.text.strip() == s.text
        assert s.kind in KINDS + ("money", "percent")


def test_a_rates_denominator_is_not_an_amount():
    spans = typed_spans("1人当たりのごみ排出量は0.8kg、1日あたり500トンを処理する")
    assert [s.text for s in spans] == ["0.8kg", "500トン"]
