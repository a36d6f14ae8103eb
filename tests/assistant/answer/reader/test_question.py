"""The reader's analysis of a question: question word, counter, particle, terms."""

from __future__ import annotations

import pytest

from assistant.answer.analysis import analyse

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("question", "wh", "counter", "particle"),
    [
        ("みどり市とルナ市の覚書はいつ締結されましたか？", "when", "", ""),
        ("研修には何人が参加しましたか？", "quantity", "人", "が"),
        ("何年に設立されましたか", "when", "年", "に"),
        ("本部はどこにありますか", "where", "", "に"),
        ("開会挨拶をしたのは誰ですか", "who", "", ""),
        ("何という雑誌に載りましたか", "whatname", "", "と"),
        ("どの国と協定を結びましたか", "where", "", ""),
        ("何か国語に翻訳されましたか", "quantity", "か国語", "に"),
        ("視察者数を教えてください", "quantity", "人", ""),
        ("FSとは何ですか", "what", "", ""),
        ("ルナ市長の名前は何ですか", "who", "", ""),
        ("派遣した職員の氏名は何ですか", "who", "", ""),
        ("ソラ市の吉田担当課長のフルネームを教えてください", "who", "", ""),
        ("覚書の名称は何ですか", "what", "", ""),
        ("ファクトシートの執筆者は？", "who", "", ""),
        ("第4回フォーラムの開催地は？", "where", "", ""),
        ("ルナ市ネットワークの会員企業数は？", "quantity", "社", ""),
        ("研修の参加者数を教えてください", "quantity", "人", ""),
        ("計画人口は何万人ですか？", "quantity", "人", ""),
        ("予算は何億円ですか", "quantity", "円", ""),
        ("何千人が参加しましたか", "quantity", "人", "が"),
    ],
)
def test_question_word_counter_and_particle(question, wh, counter, particle):
    r = analyse(question).reading
    assert (r.wh, r.counter, r.wh_particle) == (wh, counter, particle)


def test_an_era_year_is_a_term_by_its_western_year():
    r = analyse("平成25年度に受け入れた研修員は何人ですか").reading
    assert "2013" in r.terms and "25" not in r.terms and "平成" not in r.terms


def test_terms_know_their_side_of_the_question_word():
    r = analyse("みどり市の市長は誰で、いつ就任しましたか").reading
    assert r.term_side["みどり"] == -1 and r.wh == "who"
    assert r.predicate == "就任"


@pytest.mark.parametrize(
    ("question", "wh", "counter"),
    [
        ("北の気団と南の気団の間にできるのは何前線という？", "what", ""),
        ("ラオスの国民議会は何院制か？", "what", ""),
        ("何種類のごみを分別していますか？", "quantity", "種類"),
        ("鉄道の名前は何か", "what", ""),
        ("世界中どこでも採掘できる理由は何か？", "what", ""),
    ],
)
def test_what_kind_is_not_how_many_and_a_things_name_is_not_a_persons(question, wh, counter):
    r = analyse(question).reading
    assert (r.wh, r.counter) == (wh, counter)


@pytest.mark.parametrize(
    ("question", "noun"),
    [
        ("ルナ市と連携している本市の局はどこですか？", "局"),
        ("調査を行ってきた技術は何ですか？", "技術"),
        ("覚書はどのような都市形成に向けたものですか？", "都市形成"),
        ("参加している日本の自治体はどこですか？", "自治体"),
        ("視察に訪れたのはどこの職員でしたか？", "職員"),
        ("何の事業の一環で作成された？", "事業"),
        ("どんな仕組みですか", "仕組み"),
        ("研修には何人が参加しましたか？", ""),
        ("それは何のためですか", ""),
        ("ソラ市は何をしましたか", ""),
    ],
)
def test_the_noun_whose_kind_is_asked(question, noun):
    from tests.assistant.answer.reader.helpers import reading

    assert reading(question).asked_noun == noun

