"""Normalisation: one test per extraction artefact, plus properties of the offsets map."""

from __future__ import annotations

import itertools
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.ja.normalise import NormalisedText, normalise, normalise_query

pytestmark = pytest.mark.unit

#: Pieces of text in the style of the corpus: extraction artefacts, markup, headings,
#: list marks, tables, full-width and composed characters. Concatenated at random,
#: they give documents that exercise every step of the pipeline.
DOCUMENT_TOKENS = [
    "第1章 ",
    "第2章\t海外諸都市\t3",
    "1 ",
    "2 ",
    "(1)",
    "① ",
    "② ",
    "◆ ",
    "◆日程：",
    "○",
    "・",
    "  • ",
    "- ",
    "5.1.2 ",
    "I. ",
    "目次",
    "はじめに",
    "平成 24 年度",
    "令和元年",
    "令和 3(2021)年 10 月",
    "2 3 区",
    "G 2 0 ",
    "2016 年 2月 18日",
    "10 年間",
    "約 100 年",
    "2011年度 2012年度",
    "6. a 7. a",
    "１２３",
    "ＵＮＥＰ",
    "（",
    "）",
    "「",
    "」",
    "『",
    "』",
    "㎢",
    "Ⅱ",
    "ｶﾞ",
    "e\u0301",
    "か\u3099",
    "\u3000",
    " ",
    "  ",
    "\t",
    "\n",
    "\n\n",
    "\n \n",
    " \n",
    "\r\n",
    "。",
    "、",
    "！",
    "？",
    ".",
    ":",
    "~",
    '<ul style="list-style-type: none"> ',
    "<p>",
    "</p>",
    "<li>",
    "<br>",
    "<http://example.org/a.pdf>",
    "市",
    "内企業の",
    "環境",
    "技術",
    "を推進している",
    "ホーチミン市",
    "2013年10月 ",
    "の様子",
    "について",
    "に向けて",
    "アジア",
    "JICA",
    "SDGs",
    "から",
    "が",
    "は",
]

document_text = st.lists(st.sampled_from(DOCUMENT_TOKENS), max_size=60).map("".join)
any_text = st.text(max_size=200)
property_settings = settings(derandomize=True, max_examples=200, deadline=None)


def norm(text: str) -> str:
    return normalise(text).text


# --- spaced digits --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("東京 2 3 区の国際協力", "東京23区の国際協力"),
        ("、2 3 区とともに", "、23区とともに"),
        ("平成 24 年度に策定した", "平成24年度に策定した"),
        ("2016 年 2月 18日、バンドン市", "2016年2月18日、バンドン市"),
        (
            "、G 2 0 での「大阪ブルー・オーシャン・ビジョン」",
            "、G20での「大阪ブルー・オーシャン・ビジョン」",
        ),
        ("令和 3(2021)年 10 月", "令和3(2021)年10月"),
        ("これまで 10 年間、ごみ焼却施設の導入", "これまで10年間、ごみ焼却施設の導入"),
        ("区民とともに約 100 年という", "区民とともに約100年という"),
        ("2023 年 11 月の第 16 回川崎国際環境技術展", "2023年11月の第16回川崎国際環境技術展"),
        ("事業期間は 2021 年度から 2023 年度まで", "事業期間は2021年度から2023年度まで"),
        ("(通称：LiSE）1 階のアーカイブスペース", "(通称:LiSE)1階のアーカイブスペース"),
        ("、41 都道府県、12 政令指定都市", "、41都道府県、12政令指定都市"),
    ],
)
def test_spaced_digits_are_joined(original: str, expected: str) -> None:
    assert norm(original) == expected


@pytest.mark.parametrize(
    "text",
    [
        "第1章\tアクションプログラム策定にあたって\t1",  # a table-of-contents row
        "2011年度 2012年度",  # two numbers, not single digits
        "6. a 7. a 7. b 8. 2 8. 4",  # SDG target numbers in a table cell
        "1 背景",  # a numbered heading
        "- 2 国の海外展開戦略や東京都、23区の友好事業への参加により貢献していく。",
        "2023.9.4 JICA廃棄物研修・視察 ベトナム 8 川崎市民せっけんプラント",  # flattened table
        "○受入実績 23年度:1,049人 24年度:2,350人",
        "SDGs の 17 の目標",
    ],
)
def test_numbers_that_are_genuinely_apart_stay_apart(text: str) -> None:
    assert norm(text) == text


# --- NFKC -------------------------------------------------------------------------------


def test_nfkc_full_width_circled_and_squared_characters() -> None:
    assert norm("１ 国連環境計画（ＵＮＥＰ）") == "1 国連環境計画(UNEP)"
    assert norm("面積 167㎢、① 開会挨拶") == "面積 167km2、1 開会挨拶"
    assert norm("目\u3000次") == "目 次"
    assert norm("ｶﾞｲﾄﾞ か\u3099") == "ガイド が"


def test_nfkc_offsets_point_at_the_character_that_produced_each_output() -> None:
    original = "167㎢、ＵＮ"
    result = normalise(original)
    assert result.text == "167km2、UN"
    assert [result.original_span(i, i + 1) for i in range(3, 6)] == [(3, 4)] * 3
    assert result.original_span(7, 9) == (5, 7)


def test_composed_characters_map_to_all_their_sources() -> None:
    result = normalise("e\u0301x")
    assert result.text == "éx"
    assert result.original_span(0, 1) == (0, 2)
    assert result.original_span(1, 2) == (2, 3)


# --- HTML list markup ---------------------------------------------------------------------


def test_paragraph_and_list_markup_become_lines() -> None:
    cell = '<p>背景</p> <ul style="list-style-type: none"> ・1990年代中頃まで認識不足が続いた。 ・1997～98年を境に議論が深まる'
    assert norm(cell) == "背景\n・1990年代中頃まで認識不足が続いた。\n・1997~98年を境に議論が深まる"


def test_list_items_inside_table_cells_keep_the_row_shape() -> None:
    row = '実績\t<ul style="list-style-type: none"> ○管理者がマレーシアを訪問 ・大臣と会談 ○フォーラムで発表 \t<ul style="list-style-type: none"> ○第5回フォーラムで発表'
    assert (
        norm(row)
        == "実績\t○管理者がマレーシアを訪問\n・大臣と会談\n○フォーラムで発表\t○第5回フォーラムで発表"
    )


def test_unmarked_list_items_split_between_japanese_items() -> None:
    cell = '<ul style="list-style-type: none"> 交通システムの変革（LRT・BRTの導入） エネルギー利用構造の変革（排熱の活用）等を推進'
    assert (
        norm(cell)
        == "交通システムの変革(LRT・BRTの導入)\nエネルギー利用構造の変革(排熱の活用)等を推進"
    )


def test_circle_items_of_a_plain_table_cell_go_on_their_own_lines() -> None:
    row = "平成26年度\t○JICA「EPP研修」（マレーシア） ○JICA「草の根技術協力事業」（マレーシア）"
    assert (
        norm(row)
        == "平成26年度\t○JICA「EPP研修」(マレーシア)\n○JICA「草の根技術協力事業」(マレーシア)"
    )


def test_autolinks_keep_their_url() -> None:
    assert norm("典拠:\n\n<http://www.env.go.jp/earth/coop/guide/06.pdf>") == (
        "典拠:\n\nhttp://www.env.go.jp/earth/coop/guide/06.pdf"
    )


# --- lines broken inside a sentence ----------------------------------------------------------


def test_yearbook_lines_separated_by_blank_lines_are_joined() -> None:
    original = (
        "川崎市では、産業と環境が調和した都市モデル形成を目指して、国連環境計画との連携により、市\n\n"
        "内企業の優れた環境技術や川崎市の環境保全の経験を活かし、工業化の著しい都市の環境対策への国際貢献 \n\n"
        "を推進している。 \n\n"
    )
    assert norm(original) == (
        "川崎市では、産業と環境が調和した都市モデル形成を目指して、国連環境計画との連携により、市内企業の"
        "優れた環境技術や川崎市の環境保全の経験を活かし、工業化の著しい都市の環境対策への国際貢献を推進している。"
    )


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        (
            "「2015 循環経済賞 ファイナリス\n\nト」に選ばれたことを示すロゴ",
            "「2015 循環経済賞 ファイナリスト」に選ばれたことを示すロゴ",
        ),
        ("プラスチックごみが\n海に流れ出している様子", "プラスチックごみが海に流れ出している様子"),
        (
            "○環境省「CO2削減支援事業」、\n経済産業省「調査等事業」(平成24年度~)",
            "○環境省「CO2削減支援事業」、経済産業省「調査等事業」(平成24年度~)",
        ),
        (
            "実施方針を「上\n\n下水道分野における国際事業推進の考え方」へ改めました。",
            "実施方針を「上下水道分野における国際事業推進の考え方」へ改めました。",
        ),
    ],
)
def test_sentences_broken_at_a_bracket_comma_or_particle_are_joined(
    original: str, expected: str
) -> None:
    assert norm(original) == expected


@pytest.mark.parametrize(
    "text",
    [
        "1 背景\n\n平成27年9月の国連サミットにおいて採択された目標の推進。",
        "はじめに\n\n東京二十三区清掃一部事務組合は、基本方針を策定した。",
        "- 清掃一組・・・東京二十三区清掃一部事務組合\n- 基本方針・・・東京23区清掃事業の国際協力に関する基本方針",
        "自治体種類\t自治体総数\n都道府県\t47",
        "アジアの低炭素発展に向けて\n\n世界経済の成長を担うアジア地域は、世界のほぼ50%を占めるだろう。",
        (
            "  • 2019年9月 タイ東部地域(EECおよびバンコク都)で都市間連携事業の新規実施\n\n"
            "ベトナム・ホーチミン市の脱炭素・低炭素都市形成支援\n\n 大阪市とホーチミン市は、協力を行ってきました。"
        ),
        "- 観光振興、など\n\n海外環境協力に必要な確認事項",
        "図 1. 考え方の体系図\n\nⅡ. 背景",
    ],
)
def test_headings_titles_list_items_and_table_rows_stay_apart(text: str) -> None:
    assert norm(text) == unicodedata.normalize("NFKC", text)


# --- whitespace --------------------------------------------------------------------------------


def test_whitespace_trailing_spaces_blank_runs_and_line_endings() -> None:
    assert (
        norm("\n\n\n見出し  \r\n\r\n\r\n\r\n本文。 \t\n \n\n次の段落。  \n\n")
        == "見出し\n\n本文。\n\n次の段落。"
    )


def test_indentation_is_kept() -> None:
    assert norm("見出し\n\n 大阪市は協力しています。") == "見出し\n\n 大阪市は協力しています。"


# --- the offsets contract ------------------------------------------------------------------------


def test_original_span_of_a_joined_number_covers_the_spaces() -> None:
    original = "東京 2 3 区"
    result = normalise(original)
    assert result.text == "東京23区"
    assert result.original_span(2, 4) == (3, 6)
    assert original[slice(*result.original_span(0, len(result.text)))] == original


def test_normalised_text_checks_its_shape_and_defaults_ends() -> None:
    assert NormalisedText("ab", (0, 1, 2)).ends == (1, 2)
    with pytest.raises(ValueError):
        NormalisedText("ab", (0, 1))
    with pytest.raises(ValueError):
        NormalisedText("ab", (0, 1, 2)).original_span(1, 3)


def test_normalise_query_collapses_whitespace_and_joins_digits() -> None:
    assert normalise_query("  平成　24 年度の\n予算  ") == "平成24年度の 予算"
    assert normalise_query("ＪＩＣＡ 2 3 区") == "JICA 23区"


# --- properties ------------------------------------------------------------------------------------


def _check_contract(original: str) -> None:
    result = normalise(original)
    text, offsets, ends = result.text, result.offsets, result.ends
    assert unicodedata.is_normalized("NFKC", text)
    assert len(offsets) == len(text) + 1 and len(ends) == len(text)
    assert offsets[-1] == len(original)
    assert all(a <= b for a, b in itertools.pairwise(offsets))
    assert all(a <= b for a, b in itertools.pairwise(ends))
    for i, ch in enumerate(text):
        start, end = result.original_span(i, i + 1)
        assert 0 <= start < end <= len(original)
        source = original[start:end]
        # Every character is the NFKC of its source, except the line breaks that
        # replace markup, line separators or the spaces between list items.
        assert ch in unicodedata.normalize("NFKC", source) or (
            ch == "\n" and (source.isspace() or "<" in source)
        ), (i, ch, source)
    assert normalise(text).text == text


@property_settings
@given(any_text)
def test_contract_holds_for_any_text(original: str) -> None:
    _check_contract(original)


@property_settings
@given(document_text)
def test_contract_holds_for_document_like_text(original: str) -> None:
    _check_contract(original)


@property_settings
@given(document_text)
def test_normalise_query_is_idempotent(text: str) -> None:
    once = normalise_query(text)
    assert normalise_query(once) == once
    assert unicodedata.is_normalized("NFKC", once)
