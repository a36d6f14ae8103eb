"""Names in questions matched against the fact table: results, and cost at archive scale."""

from __future__ import annotations

import time

import pytest

from assistant.facts import partners_named_in
from ingest.facts import Fact

pytestmark = pytest.mark.unit


def fact(partner: str, aliases: tuple[str, ...] = (), doc: str = "a.txt") -> Fact:
    return Fact(subject="川崎市", partner=partner, relation="覚書", doc=doc, passage_id=f"{doc}#1",
                quote="…", partner_aliases=aliases)


def test_partners_named_with_or_without_suffix_or_by_alias_longest_first():
    facts = [fact("バンドン市"), fact("東部経済回廊事務局", ("EEC",)), fact("ハノイ市"), fact("バンドン市", doc="b.txt")]
    assert partners_named_in("川崎市とバンドンの覚書", facts) == ["バンドン市"]
    assert partners_named_in("ＥＥＣとの覚書はいつ？", facts) == ["東部経済回廊事務局"]
    assert partners_named_in("バンドン市とハノイ市", facts) == ["バンドン市", "ハノイ市"]
    assert partners_named_in("ホーチミン市", facts) == []


def test_many_records_of_the_same_partners_are_cheap():
    # 100k records naming 2k partners: ten questions took 5 s when every record's names
    # were folded on every question, 0.4 s now.
    facts = [fact(f"パートナー{i % 2000}市", doc=f"d{i}.txt") for i in range(100_000)]
    started = time.perf_counter()
    for _ in range(10):
        assert partners_named_in("川崎市とパートナー7市の覚書はいつ？", facts) == ["パートナー7市"]
    assert time.perf_counter() - started < 2.0
