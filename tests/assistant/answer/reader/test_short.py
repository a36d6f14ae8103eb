"""Short answers checked against the question: the name right after the role it asks about."""

from __future__ import annotations

from assistant.answer.reader.short import ShortAnswer, labelled_value
from tests.assistant.answer.reader.helpers import reading, unit


SENTENCE = "こもれび区は、当事業の実施機関である森川技研株式会社及び北大学、支援機関であるソラ協会と協議を進めた。"


def test_the_name_in_apposition_to_the_role_asked_replaces_another_name_of_the_unit():
    q = reading("当事業の実施機関はどこですか？")
    short = labelled_value(q, [unit(SENTENCE)], ShortAnswer("ソラ協会", 0))
    assert short == ShortAnswer("森川技研株式会社", 0)


def test_a_short_answer_that_is_that_name_stays():
    q = reading("当事業の実施機関はどこですか？")
    assert labelled_value(q, [unit(SENTENCE)], ShortAnswer("森川技研株式会社", 0)).text == "森川技研株式会社"


def test_a_role_the_unit_does_not_state_leaves_the_short_answer():
    q = reading("当事業の事務局はどこですか？")
    assert labelled_value(q, [unit(SENTENCE)], ShortAnswer("ソラ協会", 0)).text == "ソラ協会"


def test_a_month_is_given_to_the_day_when_a_best_unit_states_that_day():
    from assistant.answer.reader.short import to_the_day

    q = reading("こもれび区民フォーラムはいつ開催されましたか？")
    units = [unit("2023年11月にこもれび区民フォーラムを開催した。"), unit("◆日程:2023年11月15日"), unit("◆日程:2024年1月9日")]
    assert to_the_day(q, units, ShortAnswer("2023年11月", 0), [0, 2, 1]) == ShortAnswer("2023年11月15日", 1)


def test_a_day_of_another_month_does_not_make_a_month_precise():
    from assistant.answer.reader.short import to_the_day

    q = reading("こもれび区民フォーラムはいつ開催されましたか？")
    units = [unit("2023年11月にこもれび区民フォーラムを開催した。"), unit("◆日程:2024年1月9日")]
    assert to_the_day(q, units, ShortAnswer("2023年11月", 0), [0, 1]).text == "2023年11月"


def test_the_name_after_the_role_the_question_names_after_its_question_word():
    q = reading("こもれび区の講演会では、誰が講師を務めましたか？")
    u = unit("○こもれび区の講演会の実施(講師:ソラ大学教授)")
    assert labelled_value(q, [u], ShortAnswer("実施", 0)) == ShortAnswer("ソラ大学教授", 0)


def test_a_fax_number_is_read_from_its_own_line_of_the_passage():
    from assistant.answer.reader.short import by_parts

    q = reading("こもれび区環境協力推進室のFAX番号は何番ですか？")
    units = [unit("こもれび区環境協力推進室"), unit("電話:01-9876-5432"), unit("ファックス:01-9876-5433")]
    short = by_parts(q, units, ShortAnswer("環境協力推進室", 0), [0], [0])
    assert short is not None and short.text == "01-9876-5433" and short.unit == 2


def test_the_quoted_name_right_before_the_role_a_what_question_names():
    q = reading("こもれび区がソラ市と設定した共通テーマは何ですか？")
    u = unit("2021年度は、欧州連合の事業のもと、「脱炭素」を共通テーマとして、ソラ市と知見を共有した。")
    assert labelled_value(q, [u], ShortAnswer("欧州連合", 0)) == ShortAnswer("脱炭素", 0)


def test_a_single_character_is_no_short_answer():
    from assistant.answer.reader.candidates import Candidate
    from assistant.answer.reader.short import short_answer

    q = reading("何の基礎資料として活用されますか？")
    u = unit("中期計画等を策定する際の基礎資料として活用する。")
    at = u.text.index("際")
    first = next(i for i, m in enumerate(u.morphemes) if m.start == at)
    c = Candidate(at, at + 1, "際", "np", first, first)
    assert short_answer(q, [u], [(2.0, c, 0)], -1.0) is None


def test_a_number_asked_of_two_things_at_once_is_read_beside_each():
    from assistant.answer.reader.short import per_subject

    u = unit("◆参加者:150名(会場参加者:90名、オンライン参加者:60名)")
    q = reading("交流会の会場参加とオンライン参加はそれぞれ何名？")
    assert per_subject(q, [u], ShortAnswer("150名", 0), [0]) == ShortAnswer("会場参加 90名、オンライン参加 60名", 0)
    before = unit("その下には 120 の目標、300 の指標が決められている。")
    q = reading("目標と指標がそれぞれいくつある？")
    assert per_subject(q, [before], ShortAnswer("300", 0), [0]) == ShortAnswer("目標 120、指標 300", 0)


def test_a_number_asked_of_one_thing_is_left_alone():
    from assistant.answer.reader.short import per_subject

    u = unit("◆参加者:150名(会場参加者:90名、オンライン参加者:60名)")
    assert per_subject(reading("交流会の参加者は何名？"), [u], ShortAnswer("150名", 0), [0]) == ShortAnswer("150名", 0)


def test_a_place_is_widened_by_the_venue_bracketed_after_it():
    from assistant.answer.reader.short import with_venue

    u = unit("2023.11.13 ソラ市 (ミナモホール) でプロジェクトを発表")
    assert with_venue(reading("プロジェクトを発表した会場は？"), [u], ShortAnswer("ソラ市", 0)) == ShortAnswer("ソラ市(ミナモホール)", 0)
    assert with_venue(reading("発表はいつ？"), [u], ShortAnswer("ソラ市", 0)) == ShortAnswer("ソラ市", 0)


def test_a_name_is_widened_by_the_noun_a_name_question_asks():
    from assistant.answer.reader.short import with_asked_noun

    u = unit("取水地域であるツキ川を視察した。")
    assert with_asked_noun(reading("視察した取水地域は何という川ですか？"), [u], ShortAnswer("ツキ", 0)) == ShortAnswer("ツキ川", 0)
    assert with_asked_noun(reading("視察した取水地域は何という川ですか？"), [u], ShortAnswer("ツキ川", 0)) == ShortAnswer("ツキ川", 0)


def test_every_thing_of_the_kind_asked_in_one_series_is_the_short_answer():
    from assistant.answer.reader.short import of_asked_kind

    u = unit("技術を担う建設局・水道局・環境局及び経済振興を担う経済戦略局が局横断的に連携している。")
    q = reading("ソラ機構で連携している本市の局はどこですか？")
    assert of_asked_kind(q, [u], ShortAnswer("経済戦略局", 0)).text == "建設局、水道局、環境局、経済戦略局"
    assert of_asked_kind(reading("最初に連携した局はどこですか？"), [u], ShortAnswer("水道局", 0)).text == "水道局"


def test_things_of_the_kind_asked_that_stand_apart_are_no_series():
    from assistant.answer.reader.short import of_asked_kind

    u = unit("建設局が設計し、その後に水道局が運転を引き継いだ。")
    assert of_asked_kind(reading("運転を引き継いだ局はどこですか？"), [u], ShortAnswer("水道局", 0)).text == "水道局"


def test_a_date_written_in_the_same_year_answers_for_the_event_that_follows_it():
    from assistant.answer.reader.short import dated

    u = unit("ソラ市は2019年2月に推進方針を策定したことに加え、同年7月には内閣府からモデル都市に選定された。")
    q = reading("ソラ市が内閣府からモデル都市に選ばれたのはいつですか？")
    assert dated(q, [u], ShortAnswer("2019年2月", 0), []).text == "2019年7月"
    assert dated(reading("ソラ市が推進方針を策定したのはいつですか？"), [u], ShortAnswer("2019年2月", 0), []).text == "2019年2月"


def test_the_cities_of_one_series_answer_which_cities():
    from assistant.answer.reader.short import of_asked_kind

    u = unit("EU側:ルナ国ソラ市、ミナモ市、民間企業など")
    assert of_asked_kind(reading("こもれび区が協力したルナ国の都市はどこですか？"), [u], ShortAnswer("ソラ市", 0)).text == "ルナ国ソラ市、ミナモ市"


def test_a_name_that_ends_a_bracket_is_widened_to_the_bracketed_name():
    from assistant.answer.reader.candidates import candidates
    from assistant.answer.reader.short import widen

    u = unit("平成24年度に策定した「ソラ区清掃事業の国際協力に関する基本方針」に基づき取り組んだ。")
    at = u.text.index("基本方針")
    c = next(c for c in candidates(u.text, u.morphemes, []) if c.start == at and c.text == "基本方針")
    assert widen(c, u) == "ソラ区清掃事業の国際協力に関する基本方針"


def test_a_count_of_the_items_just_named_answers_with_the_items():
    from assistant.answer.reader.candidates import candidates
    from assistant.answer.reader.short import _counted_series

    u = unit("ミナモ町は、東山、西川、北浜の三つの村の合併によって誕生した。")
    best = next(c for c in candidates(u.text, u.morphemes, []) if c.text == "三つの村")
    assert _counted_series(best, u) == "東山、西川、北浜"
    other = next(c for c in candidates(u.text, u.morphemes, []) if c.text == "合併")
    assert _counted_series(other, u) is None


def test_the_series_bracketed_after_the_words_asked_is_the_short_answer():
    from assistant.answer.reader.short import bracketed_series

    u = unit("個別テーマをミナモ市の持つ先端環境技術(水素、エコタウン等)とし、各都市の知見を共有した。")
    q = reading("ソラ市と共有したミナモ市の先端環境技術の例は何ですか？")
    assert bracketed_series(q, [u], ShortAnswer("各都市", 0), [0]).text == "水素、エコタウン"
    assert bracketed_series(q, [u], ShortAnswer("水素", 0), [0]).text == "水素"
    assert bracketed_series(reading("知見を共有したのはいつですか？"), [u], None, [0]) is None


def test_the_places_bracketed_after_the_country_asked_answer_which_places():
    from assistant.answer.reader.short import bracketed_series

    u = unit("国(都市):韓国(ソラ市、ミナモ市、ツキ郡)、フィリピン(カゼ市等)")
    q = reading("こもれび区に視察で来た韓国の自治体はどこですか？")
    assert bracketed_series(q, [u], ShortAnswer("フィリピン(カゼ市等)", 0), [0]).text == "ソラ市、ミナモ市、ツキ郡"


def test_a_candidate_inside_a_name_of_several_words_is_widened_to_the_whole_name():
    from assistant.answer.reader.candidates import candidates
    from assistant.answer.reader.short import widen

    u = unit("○ルナ王国 フン・セン首相と管理者との会談")
    c = next(c for c in candidates(u.text, u.morphemes, []) if c.text.startswith("セン"))
    assert widen(c, u).startswith("フン・セン")


def test_a_list_question_is_answered_by_a_series_of_things_of_a_kind_it_names():
    from assistant.answer.reader.short import series_of_kind

    u = unit("技術を担う建設局・水道局・環境局及び経済振興を担う経済戦略局が局横断的に連携している。")
    assert series_of_kind(reading("ソラ機構で連携している本市の局を全部挙げて。"), u) == "建設局、水道局、環境局、経済戦略局"
    assert series_of_kind(reading("ソラ機構の取組を全部挙げて。"), u) is None
    two = unit("建設局と水道局が連携している。")
    assert series_of_kind(reading("連携している局を全部挙げて。"), two) is None


def test_the_items_a_count_brackets_answer_for_one_of_them():
    from assistant.answer.reader.candidates import candidates
    from assistant.answer.reader.short import _bracket_counted

    u = unit("○ソラ市の手引きを3カ国語(英語・ルナ語・ミナモ語)、概要を1カ国語(ルナ語)に翻訳")
    found = [c for c in candidates(u.text, u.morphemes, []) if c.text == "ルナ語"]
    assert found and all(_bracket_counted(c, u) == "英語・ルナ語・ミナモ語" for c in found)


def test_bracketed_items_fewer_or_more_than_their_count_are_no_answer():
    from assistant.answer.reader.candidates import candidates
    from assistant.answer.reader.short import _bracket_counted

    u = unit("手引きを4カ国語(英語・ルナ語・ミナモ語)に翻訳した。")
    best = next(c for c in candidates(u.text, u.morphemes, []) if c.text == "ルナ語")
    assert _bracket_counted(best, u) is None


def test_a_list_answer_lists_its_short_items_without_the_long_examples_quoted_after_them():
    from assistant.answer.reader.short import list_items

    items = [unit(t, kind="item") for t in ("- ブランド力の向上", "- 地元企業の海外進出の手助け", "- 地域活性化")]
    examples = [unit("- 例) " + "ソラ市では埋立地の跡地にビオトープが設けられ、自然観察会が毎月開かれている。" * 2, kind="item")]
    assert list_items(items + examples, [0, 1, 2, 3]) == "ブランド力の向上、地元企業の海外進出の手助け、地域活性化"
    assert list_items(items[:1] + examples * 2, [0, 1, 2]) is None


def test_the_place_whose_staff_is_asked_is_read_before_the_noun_asked():
    from assistant.answer.reader.short import owner_of_asked

    units = [unit("2023.9.4 ソラ研修・視察 ルナ国 8 ミナモ館 / ツキ市職員")]
    found = owner_of_asked(reading("ソラ研修で来たのは、どこの職員でしたか？"), units, ShortAnswer("ルナ国", 0))
    assert found is not None and found.text == "ツキ市"
    same = ShortAnswer("ルナ国", 0)
    assert owner_of_asked(reading("ソラ研修で来たのはどの国ですか？"), units, same) is same


def test_quoted_items_joined_by_soshite_are_one_series():
    from assistant.answer.reader.short import _QUOTED_SERIES

    text = "ポイントとなる「Aの充実」、「Bの強化」、そして「Cの創出」について取り組む。"
    assert [m.group(0) for m in _QUOTED_SERIES.finditer(text)] == ["「Aの充実」、「Bの強化」、そして「Cの創出」"]
