"""Relation extraction on statements written for these tests (no corpus city among them).

The rules must be general: every case below uses names that do not occur in the corpus.
"""

from __future__ import annotations

import pytest

from ingest.core.models import Chunk, DocumentMeta
from ingest.facts import extract_facts
from ingest.facts.entities import canonical_name, municipality_of
from ingest.facts.extract import Speaker, relation_named, relations_in, subject_of_publisher, subject_of_title
from ingest.ja.dates import find_dates

pytestmark = pytest.mark.unit

CITY_PAGE = DocumentMeta(title="国際交流のあゆみ", publisher="新潟市 環境部環境政策課", published="2023-05", kind="web_page")
INSTITUTE = DocumentMeta(title="自治体の国際協力事例集", publisher="公益財団法人 国際協力研究所 (ICR)", published="2020-01")


def chunk(text: str, section: str = "", meta: DocumentMeta = CITY_PAGE, n: int = 0) -> Chunk:
    """Factory: one chunk of a test document."""
    return Chunk(
        chunk_id=f"test.txt#{n:04d}", doc_id="test.txt", ordinal=n, text=text, index_text=text,
        section=section, start=0, end=len(text), page=None, meta=meta,
    )


def facts_of(*chunks: Chunk):
    return [(f.subject, f.partner, f.relation, f.action, f.date) for f in extract_facts(chunks)]


def test_list_item_with_instrument_names_both_parties():
    text = "• 2015年4月 「ロシア連邦ハバロフスク市行政府と日本国新潟市との環境協力に関する覚書」を締結"
    [fact] = extract_facts([chunk(text)])
    assert (fact.subject, fact.partner, fact.relation, fact.action, fact.date) == (
        "新潟市", "ハバロフスク市", "覚書", "締結", "2015-04",
    )
    assert fact.partner_country == "ロシア"
    assert fact.instrument == "ロシア連邦ハバロフスク市行政府と日本国新潟市との環境協力に関する覚書"
    assert fact.quote in text and fact.passage_id == "test.txt#0000"


def test_renewals_in_brackets_are_facts_of_their_own():
    text = "新潟市とウラジオストク市は、2012年に港湾分野の協力に関する覚書を締結しました(2015年、2018年更新)。"
    assert facts_of(chunk(text)) == [
        ("新潟市", "ウラジオストク市", "覚書", "締結", "2012"),
        ("新潟市", "ウラジオストク市", "覚書", "更新", "2015"),
        ("新潟市", "ウラジオストク市", "覚書", "更新", "2018"),
    ]


def test_same_memorandum_refers_back():
    text = (
        "2014年7月1日、イルクーツク市と新潟市が「持続可能な都市づくりに関する覚書」を締結した。"
        "2019年6月30日には同覚書を3年間延長している。"
    )
    assert facts_of(chunk(text)) == [
        ("新潟市", "イルクーツク市", "覚書", "締結", "2014-07-01"),
        ("新潟市", "イルクーツク市", "覚書", "延長", "2019-06-30"),
    ]


def test_partner_from_the_section_heading():
    text = "2010年3月9日には「廃棄物管理に関する議定書」を調印し、研修員の受入れを始めた。"
    facts = extract_facts([chunk(text, section="第2章 > 2 タイ王国チェンマイ市との連携・協力")])
    assert [(f.subject, f.partner, f.relation, f.date, f.partner_country) for f in facts] == [
        ("新潟市", "チェンマイ市", "議定書", "2010-03-09", "タイ"),
    ]


def test_friendship_status_is_undated():
    text = "2021年度から、新潟市の友好都市であるハルビン市と大気環境の共同研究を開始した。"
    assert facts_of(chunk(text)) == [("新潟市", "ハルビン市", "友好都市", None, None)]


def test_sister_city_pair_in_brackets():
    text = "・1962年、姉妹都市第1号(仙台市&リバーサイド市)"
    assert facts_of(chunk(text, meta=INSTITUTE)) == [("仙台市", "リバーサイド市", "姉妹都市", None, "1962")]


def test_institute_document_takes_the_subject_from_its_heading():
    text = "- 1985年 蘭州市と友好都市締結"
    facts = facts_of(chunk(text, section="◆ 先進的な事例分析—静岡市 > ステップ1)", meta=INSTITUTE))
    assert facts == [("静岡市", "蘭州市", "友好都市", "締結", "1985")]


def test_topic_parties_cover_a_later_relation_in_the_sentence():
    text = (
        "新潟市とベトナム国・南部開発公社(SDC)は、2017年度から協力関係を築いてきており、"
        "2020年5月12日に廃棄物分野の協力に関する覚書を締結しました。"
    )
    facts = extract_facts([chunk(text)])
    assert [(f.relation, f.date) for f in facts] == [("協力関係", "2017"), ("覚書", "2020-05-12")]
    assert {f.partner for f in facts} == {"南部開発公社"} and "SDC" in facts[0].partner_aliases


@pytest.mark.parametrize(
    "text",
    [
        "覚書の内容について意見交換を行う。",
        "民間事業者と協力する際の協定書等の基準を作成する。",
        "友好都市・地域提携件数 1651",
        "パリ協定の実施に向けた行動の重要性を確認した。",
        "西ジャワ州覚書締結式(2020年)の様子",
    ],
)
def test_no_fact_without_a_named_party_acting_on_a_relation(text):
    assert facts_of(chunk(text)) == []


def test_relation_modifying_another_is_not_a_fact():
    text = "• 2023年12月 英国バーミンガム視察団による訪問を受入れ、友好協力関係構築に関する覚書を締結"
    assert facts_of(chunk(text)) == [("新潟市", "バーミンガム", "覚書", "締結", "2023-12")]


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("ハノイ市人民委員会", "ハノイ市"),
        ("ヤンゴン市開発委員会", "ヤンゴン市"),
        ("西ジャワ州ボゴール市", "ボゴール市"),
        ("神奈川県相模原市", "相模原市"),
        ("東部経済回廊(EEC)事務局", "東部経済回廊事務局"),
        ("マハラシュトラ州公害管理局", "マハラシュトラ州公害管理局"),
        ("ペ ナ ン 州", "ペナン州"),
    ],
)
def test_canonical_names(written, canonical):
    assert canonical_name(written) == canonical


def test_municipality_of_a_department():
    assert municipality_of("大阪市環境局") == "大阪市"
    assert municipality_of("横浜市") == "横浜市"


@pytest.mark.parametrize(
    ("publisher", "subject", "from_headings"),
    [
        ("新潟市 環境部環境政策課", "新潟市", False),
        ("川崎市上下水道局", "川崎市", False),
        ("東京二十三区清掃一部事務組合", "東京二十三区清掃一部事務組合", False),
        ("公益財団法人 国際協力研究所 (ICR)", "国際協力研究所", True),
    ],
)
def test_subject_of_publisher(publisher, subject, from_headings):
    assert subject_of_publisher(publisher) == Speaker(subject, from_headings)


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2016年2月18日", ["2016-02-18"]),
        ("2013 年 10 月", ["2013-10"]),
        ("平成25年10月", ["2013-10"]),
        ("令和元年度", ["2019"]),
        ("1986年~1995年", ["1986"]),
        ("5年間延長", []),
    ],
)
def test_dates(text, iso):
    assert [d.iso for d in find_dates(text)] == iso


def test_relations_in_a_question():
    assert relations_in("大阪市と英国グレーター・マンチェスターが友好協力関係構築に関する覚書を締結したのは") == ["協力関係", "覚書"]
    assert relations_in("姉妹港提携はいつ？") == ["姉妹港"]


@pytest.mark.parametrize(
    ("title", "subject"),
    [("大阪市の環境国際協力", Speaker("大阪市", False)), ("横浜市 国際協力のあゆみ", Speaker("横浜市", False)),
     ("国際協力事例集", Speaker("国際協力事例集", True))],
)
def test_subject_of_a_document_without_publisher(title, subject):
    assert subject_of_title(title) == subject


def test_publisher_less_document_uses_its_title():
    meta = DocumentMeta(title="新潟市の環境国際協力")
    text = "また、ロシアのハバロフスク市とは2019年に低炭素都市づくりに関する覚書（MOU）を締結した。"
    assert facts_of(chunk(text, meta=meta)) == [("新潟市", "ハバロフスク市", "覚書", "締結", "2019")]


def test_subject_named_twice_is_not_its_own_partner():
    text = "• 2019年5月 「新潟市と新潟の経済団体との連携に関する協定」を締結"
    assert facts_of(chunk(text)) == []


@pytest.mark.parametrize(
    ("name", "label"),
    [("MOU", "覚書"), ("ＭｏＵ", "覚書"), ("協力覚書", "覚書"), ("連携協定", "協定"), ("友好交流都市", "友好都市"),
     ("共同発表", "共同声明"), ("覚書", "覚書"), ("大阪", None), ("覚書を締結", None), ("同盟", None)],
)
def test_a_relation_named_on_its_own(name, label):
    assert relation_named(name) == label
