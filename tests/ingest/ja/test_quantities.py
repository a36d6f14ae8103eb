"""The counters of numbers asked by a noun (ingest.ja.quantities)."""

from __future__ import annotations

import pytest

from ingest.ja.quantities import noun_counter

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("text", "counter"),
    [("会員企業数は？", "社"), ("参加者数を教えて", "人"), ("職員数は", "人"), ("協定の件数は", "件"), ("対象国数", "か国"), ("概要は", "")],
)
def test_the_counter_of_a_number_asked_by_a_noun(text, counter):
    assert noun_counter(text) == counter


@pytest.mark.parametrize(("text", "n"), [("3", 3), ("１２", 12), ("三", 3), ("十", 10)])
def test_a_small_number_as_written(text, n):
    from ingest.ja.quantities import small_number

    assert small_number(text) == n


def test_a_word_is_no_small_number():
    from ingest.ja.quantities import small_number

    with pytest.raises(ValueError):
        small_number("三十")
