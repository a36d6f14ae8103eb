"""Every metric of eval.scoring on hand-made examples, matching rules first."""

import math

import pytest

from eval import scoring

pytestmark = pytest.mark.unit


# --- matching rules ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("６，２３０ 人", "6230人"),  # NFKC full-width digits and comma, space removed
        ("2 3 区", "23区"),  # PDF artefact: spaced digits
        ("Ho Chi Minh", "hochiminh"),  # case and spaces
        ("1,049人と2,350人", "1049人と2350人"),
        ("12,34", "12,34"),  # not a thousands separator
        ("1,2345", "1,2345"),
        ("a\tb\nc\u3000d", "abcd"),  # tabs, newlines, ideographic space
    ],
)
def test_normalise(text, expected):
    assert scoring.normalise(text) == expected


def test_normalise_is_idempotent():
    for text in ("６，２３０ 人", "平成 24 年度", "ＡＢＣ\u3000def"):
        once = scoring.normalise(text)
        assert scoring.normalise(once) == once


def test_answer_correct_needs_every_group():
    groups = [["2023年11月15日", "2023-11-15"], ["92名", "92人"]]
    assert scoring.answer_correct("2023年11月15日に開催され、参加者は92人でした。", groups)
    assert not scoring.answer_correct("2023年11月15日に開催されました。", groups)


def test_answer_correct_matching_rules():
    assert scoring.answer_correct("受入実績は ６，２３０ 人です", [["6230"]])
    assert scoring.answer_correct("受入実績は6230人", [["6,230"]])
    assert scoring.answer_correct("ホーチミン市 (HO CHI MINH)", [["Ho Chi Minh"]])
    assert scoring.answer_correct("１７カ国に派遣", [["17か国", "17カ国"]])
    assert not scoring.answer_correct("", [["x"]])
    assert not scoring.answer_correct(None, [["x"]])
    assert not scoring.answer_correct("anything", [])


def test_key_recall():
    groups = [["ザグレブ"], ["リエカ"], ["パリ"]]
    assert scoring.key_recall("ザグレブとリエカ", groups) == pytest.approx(2 / 3)
    assert scoring.key_recall(None, groups) == 0.0
    assert scoring.key_recall("x", []) is None


def test_short_answer_correct():
    assert scoring.short_answer_correct("1994年", [["1994"]])
    assert not scoring.short_answer_correct(None, [["1994"]])
    assert not scoring.short_answer_correct("1994年", [["1994"], ["ホーチミン"]])
    assert scoring.short_answer_correct("10件、98名", [["10件"], ["98名", "98人"]])


# --- evidence -----------------------------------------------------------------------------------


QUOTE = "1994年に姉妹港提携を締結して以来"  # 17 characters normalised


def test_passage_contains_substring_after_normalisation():
    assert scoring.passage_contains("大阪市は、1994 年に姉妹港提携を\n締結して以来、…", QUOTE)
    assert scoring.passage_contains("平成24年度に策定した", "平成 24 年度に策定")
    assert not scoring.passage_contains("全く別の文章", QUOTE)
    assert not scoring.passage_contains("anything", "")


def test_passage_contains_quote_cut_at_the_end_of_a_passage():
    norm = scoring.normalise(QUOTE)
    keep = math.ceil(0.8 * len(norm))
    assert scoring.passage_contains("前の文。" + norm[:keep], QUOTE)
    assert not scoring.passage_contains("前の文。" + norm[: keep - 1], QUOTE)
    # the cut piece must sit at the edge, not in the middle
    assert not scoring.passage_contains("前の文。" + norm[:keep] + "後の文", QUOTE)


def test_passage_contains_quote_cut_at_the_start_of_a_passage():
    norm = scoring.normalise(QUOTE)
    keep = math.ceil(0.8 * len(norm))
    assert scoring.passage_contains(norm[-keep:] + "、様々な分野で", QUOTE)
    assert not scoring.passage_contains(norm[-(keep - 1):] + "、様々な分野で", QUOTE)


PASSAGES = ["関係のない文章", "Aの引用がここにある", "また関係ない", "Bの引用もある", "Aの引用が二度目"]


def test_first_hit_rank_and_hit_at_k():
    assert scoring.first_hit_rank(PASSAGES, ["Aの引用"]) == 2
    assert scoring.first_hit_rank(PASSAGES, ["Bの引用", "Aの引用"]) == 2
    assert scoring.first_hit_rank(PASSAGES, ["無い"]) is None
    assert scoring.hit_at_k(PASSAGES, ["Bの引用"], 3) is False
    assert scoring.hit_at_k(PASSAGES, ["Bの引用"], 4) is True
    assert scoring.hit_at_k(PASSAGES, [], 4) is None


def test_recall_at_k():
    assert scoring.recall_at_k(PASSAGES, ["Aの引用", "Bの引用"], 3) == 0.5
    assert scoring.recall_at_k(PASSAGES, ["Aの引用", "Bの引用"], 5) == 1.0
    assert scoring.recall_at_k(PASSAGES, [], 5) is None


def test_reciprocal_rank():
    assert scoring.reciprocal_rank(PASSAGES, ["Bの引用"]) == 0.25
    assert scoring.reciprocal_rank(PASSAGES, ["無い"]) == 0.0
    assert scoring.reciprocal_rank(PASSAGES, []) is None


def test_ndcg_at_k():
    assert scoring.ndcg_at_k(["Aの引用"], ["Aの引用"]) == 1.0
    assert scoring.ndcg_at_k(PASSAGES, ["Aの引用"]) == pytest.approx(1 / math.log2(3))
    two = scoring.ndcg_at_k(PASSAGES, ["Aの引用", "Bの引用"])
    assert two == pytest.approx((1 / math.log2(3) + 1 / math.log2(5)) / 2)
    assert scoring.ndcg_at_k(PASSAGES, ["Bの引用"], k=3) == 0.0
    assert scoring.ndcg_at_k(PASSAGES, []) is None


# --- citations ----------------------------------------------------------------------------------


FULL = {"p1": "前文。1994年に姉妹港提携を締結して以来、協力。", "p2": "無関係な段落、2013年の覚書"}


def lookup(passage_id):
    return FULL.get(passage_id)


def test_citation_support_uses_the_full_passage():
    # the citation quotes only a piece; the full passage holds the evidence
    citations = [{"passage_id": "p1", "text": "協力。"}]
    assert scoring.citation_support(citations, [QUOTE], lookup) is True
    assert scoring.citation_support([{"passage_id": "p2", "text": "覚書"}], [QUOTE], lookup) is False
    assert scoring.citation_support([], [QUOTE], lookup) is False
    assert scoring.citation_support(citations, [], lookup) is None


def test_citation_support_falls_back_to_the_quote_for_unknown_passages():
    assert scoring.citation_support([{"passage_id": "gone", "text": QUOTE}], [QUOTE], lookup) is True


def test_citation_precision():
    citations = [{"passage_id": "p1", "text": "x"}, {"passage_id": "p2", "text": "y"}]
    assert scoring.citation_precision(citations, [QUOTE], [["1994"]], lookup) == 0.5
    # an answer key in the passage also counts
    assert scoring.citation_precision(citations, [QUOTE], [["2013年"]], lookup) == 1.0
    assert scoring.citation_precision([], [QUOTE], [["1994"]], lookup) is None


def test_abstention_correct():
    assert scoring.abstention_correct(False, False)
    assert scoring.abstention_correct(True, True)
    assert not scoring.abstention_correct(False, True)
    assert not scoring.abstention_correct(True, False)


# --- latency and aggregation --------------------------------------------------------------------


def test_percentile():
    values = [5, 1, 3, 2, 4]
    assert scoring.percentile(values, 50) == 3
    assert scoring.percentile(values, 95) == pytest.approx(4.8)
    assert scoring.percentile([7], 95) == 7
    assert scoring.percentile([], 50) is None


def test_aggregate_skips_missing_values_and_groups_by_type():
    records = [
        {"type": "number", "correct": True, "hit@5": True, "latency_ms": 10, "answer_chars": 20},
        {"type": "number", "correct": False, "hit@5": None, "latency_ms": 30, "answer_chars": 40},
        {"type": "unanswerable", "correct": True, "hit@5": None, "latency_ms": 20, "answer_chars": 30},
    ]
    overall = scoring.aggregate(records)
    assert overall["n"] == 3
    assert overall["correct"] == pytest.approx(2 / 3, abs=1e-4)
    assert overall["hit@5"] == 1.0 and overall["n_hit@5"] == 1
    assert overall["answer_chars"] == 30
    assert overall["latency_p50_ms"] == 20
    assert overall["mrr"] is None
    by_type = scoring.aggregate_by(records, "type")
    assert by_type["number"]["correct"] == 0.5
    assert by_type["unanswerable"]["n"] == 1
