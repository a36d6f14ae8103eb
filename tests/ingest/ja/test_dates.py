"""Era years: conversion both ways, mentions in text, annotation for indexing."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.ja.dates import (
    ERA_STARTS,
    EraMention,
    annotate_eras,
    find_era_years,
    to_era,
    western_year,
)

pytestmark = pytest.mark.unit

property_settings = settings(derandomize=True, max_examples=200, deadline=None)


@pytest.mark.parametrize(
    ("era", "year", "western"),
    [
        ("明治", 1, 1868),
        ("大正", 15, 1926),
        ("昭和", 56, 1981),
        ("平成", 24, 2012),
        ("平成", 31, 2019),
        ("令和", 1, 2019),
        ("令和", 5, 2023),
    ],
)
def test_western_year(era: str, year: int, western: int) -> None:
    assert western_year(era, year) == western


def test_western_year_refuses_unknown_eras_and_year_zero() -> None:
    with pytest.raises(ValueError):
        western_year("H", 24)
    with pytest.raises(ValueError):
        western_year("平成", 0)


def test_find_era_years_with_spaces_full_width_digits_and_gannen() -> None:
    text = "平成24年度と平成 24 年度、令和元年、令和５年度、昭和56年"
    found = find_era_years(text)
    assert [(m.era, m.era_year, m.western, m.suffix) for m in found] == [
        ("平成", 24, 2012, "年度"),
        ("平成", 24, 2012, "年度"),
        ("令和", 1, 2019, "年"),
        ("令和", 5, 2023, "年度"),
        ("昭和", 56, 1981, "年"),
    ]
    assert [text[m.start : m.end] for m in found] == [
        "平成24年度",
        "平成 24 年度",
        "令和元年",
        "令和５年度",
        "昭和56年",
    ]


def test_find_era_years_reads_an_explicit_western_year() -> None:
    assert find_era_years("令和3(2021)年10月") == [EraMention(0, 10, "令和", 3, 2021, "年")]


def test_find_era_years_ignores_what_is_not_an_era_year() -> None:
    assert find_era_years("H24年度、平成の時代、2012年度、平成2024年") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("平成24年度に策定した", "平成24年度(2012年度)に策定した"),
        ("令和元年", "令和元年(2019年)"),
        ("(平成25年度~平成27年度)", "(平成25年度(2013年度)~平成27年度(2015年度))"),
        ("令和3(2021)年10月", "令和3(2021)年10月"),
        ("平成24年度(2012年度)", "平成24年度(2012年度)"),
        ("2012年度の実績", "2012年度の実績"),
    ],
)
def test_annotate_eras(text: str, expected: str) -> None:
    assert annotate_eras(text) == expected


def test_to_era() -> None:
    assert to_era(2012) == ["平成24"]
    assert to_era(2019) == ["平成31", "令和元", "令和1"]
    assert to_era(1989) == ["昭和64", "平成元", "平成1"]
    assert to_era(2024) == ["令和6"]
    assert to_era(1800) == []


_LAST_YEAR = {"明治": 45, "大正": 15, "昭和": 64, "平成": 31, "令和": 30}


@property_settings
@given(st.sampled_from(sorted(ERA_STARTS)), st.integers(1, 64), st.sampled_from(["年", "年度"]))
def test_mentions_round_trip(era: str, year: int, suffix: str) -> None:
    year = min(year, _LAST_YEAR[era])  # to_era only knows years the era really had
    written = "元" if year == 1 else str(year)
    (mention,) = find_era_years(f"その{era}{written}{suffix}に")
    assert (mention.era, mention.era_year, mention.suffix) == (era, year, suffix)
    assert mention.western == western_year(era, year)
    assert f"{era}{written}" in to_era(mention.western)


@property_settings
@given(
    st.lists(
        st.sampled_from(
            ["平成", "令和", "元", "24", " ", "年", "年度", "(", "2012", ")", "に", "、"]
        ),
        max_size=20,
    ).map("".join)
)
def test_annotate_eras_is_idempotent(text: str) -> None:
    once = annotate_eras(text)
    assert annotate_eras(once) == once
