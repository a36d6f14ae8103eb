"""Names in questions matched against the fact table: results, and cost at archive scale."""

from __future__ import annotations

import pytest

from assistant.facts import _partner_forms, partners_named_in, table_of
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


def test_many_records_of_the_same_partners_fold_each_spelling_once():
    # 100k records naming 2k partners: folding every record's names on every question took
    # 5 s for ten questions; the work must scale with the distinct spellings, not the records.
    facts = [fact(f"パートナー{i % 2000}市", doc=f"d{i}.txt") for i in range(100_000)]
    _partner_forms.cache_clear()
    for _ in range(10):
        assert partners_named_in("川崎市とパートナー7市の覚書はいつ？", facts) == ["パートナー7市"]
    assert _partner_forms.cache_info().misses == 2000


def test_table_of_an_index_answers_like_the_plain_function():
    facts = [fact("バンドン市"), fact("東部経済回廊事務局", ("EEC",)), fact("ハノイ市")]
    table = table_of(facts)
    assert table is table_of(facts)
    for text in ("川崎市とバンドンの覚書", "ＥＥＣとの覚書はいつ？", "バンドン市とハノイ市", "ホーチミン市"):
        assert table.partners_named_in(text) == partners_named_in(text, facts)
    assert table.subjects_named_in("川崎の覚書") == ["川崎市"]


def test_table_lookup_matches_the_scan_on_many_names_and_questions():
    import random

    from assistant.facts import FactTable

    rng = random.Random(5)
    syllables = "カキクサシスタナハマラリルバドンイ"
    names = ["".join(rng.choice(syllables) for _ in range(rng.randint(2, 5))) + rng.choice(("市", "州", "")) for _ in range(400)]
    facts = [fact(rng.choice(names), tuple(rng.sample(names, rng.choice((0, 0, 1))))) for _ in range(800)]
    table = FactTable(facts)
    for _ in range(200):
        question = "".join(rng.choice(syllables + "とのは覚書市") for _ in range(rng.randint(1, 30)))
        assert sorted(table.partners_named_in(question)) == sorted(partners_named_in(question, facts))


def test_table_lookup_does_not_walk_every_partner():
    # 100k distinct partners (a 1M-chunk archive has about 430k): testing every spelling took
    # ~0.1 s a question (0.3 s at 1M); looking the question's substrings up does not depend
    # on the table's size.
    import time

    from assistant.facts import FactTable

    table = FactTable([fact(f"相手{i}市") for i in range(100_000)])
    started = time.perf_counter()
    for _ in range(20):
        assert table.partners_named_in("川崎市と相手12345市の覚書はいつ締結されましたか？") == ["相手12345市", "相手1234市", "相手123市", "相手12市", "相手1市"]
    assert time.perf_counter() - started < 0.4  # 20 questions; the scan took about 2 s
