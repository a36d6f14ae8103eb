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


def _partner_names_by_scanning(facts):
    """The first implementation (a scan of every fact per group), as the reference."""
    groups: dict[str, set[str]] = {}
    for f in facts:
        group = {f.partner, *f.partner_aliases}
        for member in list(group):
            group |= groups.get(member, set())
        for member in group:
            groups[member] = group
    names = {}
    for group in groups.values():
        spelled = [x.partner for x in facts if x.partner in group]
        best = max(spelled, key=lambda n: (spelled.count(n), len(n))) if spelled else max(group, key=len)
        for member in group:
            names[member] = best
    return names


def test_partner_names_match_the_reference_and_scale_linearly():
    import random
    import time

    from ingest.facts.merge import _partner_names

    rng = random.Random(3)
    pool = [f"名{i}市" for i in range(300)] + ["SDC", "EEC", "JICA"]
    facts = [fact(rng.choice(pool), aliases=rng.sample(pool, rng.choice((0, 0, 0, 1, 2)))) for _ in range(400)]
    assert _partner_names(facts) == _partner_names_by_scanning(facts)
    many = [fact(f"相手{i}市") for i in range(40_000)]
    started = time.perf_counter()
    names = _partner_names(many)
    assert len(names) == 40_000 and time.perf_counter() - started < 5  # was minutes: quadratic
