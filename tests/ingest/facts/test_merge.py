"""merge_facts: one name per partner across documents, no repeated records."""

from __future__ import annotations

import pytest

from ingest.facts import Fact, merge_facts

pytestmark = pytest.mark.unit


def fact(partner: str, *, doc="a.txt", date="2020", action="締結", aliases=(), country=None) -> Fact:
    """Factory: a fact of subject 新潟市 with the given partner."""
    return Fact(
        subject="新潟市", partner=partner, relation="覚書", doc=doc, passage_id=f"{doc}#1", quote="…",
        action=action, date=date, partner_aliases=tuple(aliases), partner_country=country,
    )


def test_abbreviation_and_full_name_are_one_partner():
    merged = merge_facts([
        fact("南部開発公社", aliases=["SDC"]), fact("SDC", doc="b.txt", date="2021"), fact("南部開発公社", date="2022"),
    ])
    assert {f.partner for f in merged} == {"南部開発公社"}
    assert all("SDC" in f.partner_aliases for f in merged)


def test_identical_records_are_kept_once_and_undated_ones_stay():
    merged = merge_facts([fact("ハノイ市"), fact("ハノイ市"), fact("ハノイ市", date=None, action=None)])
    assert [(f.date, f.action) for f in merged] == [("2020", "締結"), (None, None)]


def test_country_known_to_one_record_is_known_to_all():
    merged = merge_facts([fact("ハノイ市", country="ベトナム"), fact("ハノイ市", doc="b.txt", date="2022")])
    assert {f.partner_country for f in merged} == {"ベトナム"}


def test_an_abbreviation_of_two_partners_joins_neither():
    merged = merge_facts([
        fact("南部開発公社", aliases=["SDC"]), fact("持続可能開発委員会", aliases=["SDC"], doc="b.txt"),
        fact("SDC", doc="c.txt"),
    ])
    assert [f.partner for f in merged] == ["南部開発公社", "持続可能開発委員会", "SDC"]


def test_rows_carry_only_their_own_partners_spellings():
    merged = merge_facts([
        fact("ハノイ市", aliases=["ハノイ市人民委員会"]), fact("フエ市", aliases=["フエ市人民委員会"], doc="b.txt"),
    ])
    assert [f.partner_aliases for f in merged] == [("ハノイ市人民委員会",), ("フエ市人民委員会",)]


def test_partner_names_resolve_only_abbreviations():
    from ingest.facts.merge import _partner_names

    many = [fact(f"相手{i}市", aliases=[f"相手{i}市行政府"]) for i in range(40_000)]
    assert _partner_names(many) == {}
    assert _partner_names([fact("南部開発公社", aliases=["SDC"])]) == {"SDC": "南部開発公社"}


def test_a_summary_and_a_dated_list_line_are_one_event_with_the_most_precise_date():
    merged = merge_facts([
        fact("ハノイ市", date="2013"),
        fact("ハノイ市", date="2013-10", action="交換"),
        fact("ハノイ市", date="2016", action="更新"),
        fact("ハノイ市", date="2016-03", action="更新"),
        fact("ハノイ市", date="2016-09", action="交換"),
    ])
    assert [(f.date, f.action) for f in merged] == [("2013-10", "交換"), ("2016-03", "更新"), ("2016-09", "交換")]


def test_the_kept_record_takes_the_instrument_name_of_the_other():
    named = Fact(**{**fact("ハノイ市", date="2022-02").__dict__, "instrument": "ハノイ市協力覚書"})
    merged = merge_facts([named, fact("ハノイ市", date="2022-02-24")])
    assert [(f.date, f.instrument) for f in merged] == [("2022-02-24", "ハノイ市協力覚書")]


def test_instruments_named_differently_are_different_events():
    a = Fact(**{**fact("ハノイ市").__dict__, "instrument": "甲覚書"})
    b = Fact(**{**fact("ハノイ市").__dict__, "instrument": "乙覚書"})
    assert len(merge_facts([a, b])) == 2


def test_an_undated_record_goes_when_a_dated_one_says_the_same():
    merged = merge_facts([fact("ハノイ市", date=None), fact("ハノイ市", date="2016-02-18"), fact("フエ市", date=None)])
    assert [(f.partner, f.date) for f in merged] == [("ハノイ市", "2016-02-18"), ("フエ市", None)]


def test_events_of_different_documents_stay_apart_in_the_table():
    merged = merge_facts([fact("ハノイ市", date="2013"), fact("ハノイ市", doc="b.txt", date="2013-10")])
    assert len(merged) == 2
