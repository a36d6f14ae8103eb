"""What a question asks for, part by part, and the typed spans that fill the parts."""

from assistant.answer.reader.parts import Part, asked_parts, counter_form, fill_parts


def kinds(question: str) -> list[tuple[str, str, str]]:
    return [(p.kind, p.counter, p.precision) for p in asked_parts(question)]


def test_counted_numbers_in_the_order_asked():
    assert kinds("受け入れた視察は何件、何か国、約何名ですか？") == [("quantity", "件", ""), ("quantity", "国", ""), ("quantity", "人", "")]


def test_a_counter_before_a_verb_is_asked_but_not_one_a_noun_goes_on_after():
    assert kinds("技術者の派遣は何か国に何回行ったんですか？") == [("quantity", "国", ""), ("quantity", "回", "")]
    assert kinds("何人組で参加しましたか？") == []


def test_nouns_that_ask_for_numbers_and_a_share():
    assert kinds("実施した国の数と件数は？") == [("quantity", "国", ""), ("quantity", "件", "")]
    assert kinds("提携実績のある自治体数とその割合は？") == [("quantity", "", ""), ("percent", "", "")]


def test_a_period_is_one_part_however_it_is_asked():
    assert kinds("その実施期間はいつからいつまでですか？") == [("period", "", "")]
    assert kinds("西暦何年度から何年度までですか？") == [("period", "", "")]


def test_a_date_to_the_day_and_two_dates():
    assert kinds("第1回は何年何月何日に開かれましたか") == [("date", "", "日")]
    assert kinds("覚書はいつ締結され、いつ更新されましたか") == [("date", "", ""), ("date", "", "")]


def test_questions_without_typed_parts():
    assert asked_parts("何について検討しましたか？") == ()
    assert asked_parts("何語に翻訳されましたか？") == ()
    assert asked_parts("担当者は誰ですか？") == ()


def test_counters_compare_in_one_form():
    assert counter_form("ヶ国") == counter_form("か国") == "国"
    assert counter_form("名") == counter_form("人") == "人"


def test_each_part_is_filled_by_its_own_span_in_the_order_the_text_states_them():
    parts = asked_parts("何件、何か国、約何名ですか？")
    found = fill_parts(parts, "• 12件(全6ヶ国、約120名)  (注)平成31年4月~令和2年1月")
    assert [s.text for s in found] == ["12件", "全6ヶ国", "約120名"]


def test_the_span_nearest_the_best_answer_is_taken():
    parts = asked_parts("実施した国の数と件数は？")
    text = "実施国:9か国 件数:21件\t実施国:39か国 件数:17件"
    assert [s.text for s in fill_parts(parts, text, near=text.index("39"))] == ["39か国", "17件"]


def test_a_part_no_span_fills_leaves_nothing():
    assert fill_parts((Part("period"),), "2018年5月から開始した。") is None
    assert fill_parts((Part("date", precision="日"),), "2020年度に決定した。") is None
    assert [s.text for s in fill_parts((Part("period"),), "(実施期間:2012年8月~2017年8月)に参画し")] == ["2012年8月~2017年8月"]
