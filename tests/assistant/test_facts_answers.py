"""Relation questions answered from the fact table, over the real corpus."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.integration


def _quotes_hold(response, corpus_assistant):
    index = corpus_assistant.handle.get()
    for citation in response.citations:
        assert citation.text in index.chunks[index.by_id[citation.passage_id]].text


def test_list_gives_every_agreement_with_its_own_citation(corpus_assistant):
    response = corpus_assistant.ask("大阪市はどの都市と覚書を締結していますか？")
    assert response.answer_type == "list"
    assert len(response.short_answer.split("、")) == 6  # six partners
    lines = [line for line in response.answer.splitlines() if line.startswith("・")]
    # One line per agreement: ホーチミン市's memoranda named differently are lines of their own.
    hcmc = [line for line in lines if line.startswith("・ホーチミン市")]
    assert len(lines) == 8 and len(hcmc) == 3
    assert all("[" in line for line in lines)
    assert "索引済みの文書" in response.answer and "2024年4月23日" in response.answer
    _quotes_hold(response, corpus_assistant)


def test_a_list_states_no_event_twice(corpus_assistant):
    import re

    response = corpus_assistant.ask("大阪市はどの都市と覚書を締結していますか？")
    for line in response.answer.splitlines()[1:]:
        events = re.sub(r"\[\d+\]", "", line.split(": ", 1)[1]).strip().split("、")
        years = [(e.split(" ")[0][:5], e.split(" ")[-1]) for e in events]  # (2014年, 締結)
        assert len(years) == len(set(years)), line
    assert "2022年2月24日 締結" in response.answer and "2022年2月 締結" not in response.answer


def test_signing_date(corpus_assistant):
    response = corpus_assistant.ask("川崎市と瀋陽市の議定書はいつ調印されましたか？")
    assert response.short_answer == "1997年5月9日"
    _quotes_hold(response, corpus_assistant)


def test_renewal_follow_up_uses_the_previous_turn(corpus_assistant):
    history = [{"role": "user", "content": "大阪市とヤンゴン市の覚書はいつ締結されましたか？"}]
    response = corpus_assistant.ask("それはいつ更新されましたか？", history=history)
    assert response.short_answer == "2019年3月"


def test_a_follow_up_about_another_event_is_not_answered_with_the_relations_date(corpus_assistant):
    history = [{"role": "user", "content": "大阪市と英国グレーター・マンチェスターの連携はいつから始まった？"},
               {"role": "assistant", "content": "2021年9月に連携を開始しています。"}]
    response = corpus_assistant.ask("その後、GMの訪問団が大阪に来たのはいつ？", history=history)
    assert "2022年10月" in response.answer


def test_extension_counts_as_a_renewal(corpus_assistant):
    response = corpus_assistant.ask("川崎市とバンドン市の覚書はいつ更新されましたか？")
    assert response.short_answer == "2020年2月6日"


def test_no_renewal_in_the_documents_is_declined(corpus_assistant):
    response = corpus_assistant.ask("横浜市とペナン市の技術協力に関する覚書は何年に更新されましたか？")
    assert response.answerable is False
    assert "1995" not in response.answer and "1986" not in response.answer.split("関連")[0]


def test_undated_relation_says_the_date_is_not_written(corpus_assistant):
    response = corpus_assistant.ask("川崎市とリエカ市が友好都市提携を締結したのは何年ですか？")
    assert response.answerable is False
    assert "日付は書かれていません" in response.answer
    assert response.citations


def test_unknown_partner_is_left_to_the_passage_answerer(corpus_assistant):
    response = corpus_assistant.ask("大阪市とバンコク都が姉妹都市提携を結んだのは何年ですか？")
    assert response.answerable is False
