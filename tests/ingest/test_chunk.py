"""Chunking: headings and section paths, sizes, tables, coverage — and the real corpus."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest.chunk import chunk_text, detect_heading
from ingest.core.models import ChunkDraft
from ingest.ja.normalise import NormalisedText, normalise
from tests.conftest import CORPUS
from tests.ingest.ja.test_normalise import any_text, document_text, property_settings

pytestmark = pytest.mark.unit

SENTENCE = "海外諸都市の課題解決に協力し、地球環境の保全に貢献することを目的に取り組んできました。"  # 43 characters


def document(*blocks: str) -> str:
    """A document the way the loaders give it: blocks separated by blank lines."""
    return "\n\n".join(blocks) + "\n"


def chunks_of(text: str, **sizes: int) -> list[ChunkDraft]:
    return chunk_text(normalise(text), **sizes)


def section_of(chunks: list[ChunkDraft], needle: str) -> str:
    return next(c.section for c in chunks if needle in c.text)


# --- detect_heading ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "level"),
    [
        ("第1章 アクションプログラム策定にあたって", 1),
        ("第2節 廃棄物処理の現状", 2),
        ("I. 序章", 1),
        ("IV. 国際事業の基本的な考え方", 1),
        ("はじめに", 1),
        ("目 次", 1),
        ("◆ 背景", 2),
        ("◆低炭素都市づくりにおける自治体の強み", 2),
        ("1 背景", 3),
        ("2 東京23区の国際協力事業の主な取組状況", 3),
        ("1. 策定の趣旨", 3),
        ("5.1 マレーシア国ペナン州との連携・協力", 4),
        ("5.1.2 JICA草の根技術協力事業", 5),
        ("5.2.1インドネシア共和国バンドン市との都市間連携による低炭素都市形成支援事業", 5),
        ("5.1.2.2  2023年度の活動状況の概略", 6),
        ("(1) 事業実施可能性調査(FS)等への協力団体としての参加 **【重点】**", 7),
        ("確認事項1) 地方自治体のセールスポイントはあるのか?", 7),
        ("① 研修メニューの作成", 8),
    ],
)
def test_detect_heading_levels(line: str, level: int) -> None:
    assert detect_heading(line) == (level, line.strip())


@pytest.mark.parametrize(
    "line",
    [
        "第1章\tアクションプログラム策定にあたって\t1",  # table of contents, tab separated
        "1. 策定の趣旨 1",  # table of contents, page number after a space
        "・2016年6月 Team OSAKAネットワークの立ち上げ",
        "  • 2016年6月 Team OSAKAネットワークの立ち上げ",
        "○JICA「課題別研修」(平成26年度~)",
        "- 1 23区と連携し、収集・運搬から中間処理まで一体となった国際協力を展開していく。",
        "◆日程:2023年11月15日",
        "23区とともに、環境省等が進める海外諸都市への支援事業に継続的に参加します。",
        "2023年度(令和5年度) 海外における派遣活動一覧",
        "10年間の取組",
        "2024.2.27 川崎市 バンドン市職員1名",
        "",
    ],
)
def test_detect_heading_rejects_list_items_tables_and_sentences(line: str) -> None:
    assert detect_heading(line) is None


# --- section paths -------------------------------------------------------------------------


def test_section_path_nests_chapters_numbers_and_parentheses() -> None:
    chunks = chunks_of(
        document(
            "第2章 海外諸都市の現状、取組状況",
            "1 海外諸都市の廃棄物処理事情",
            SENTENCE * 3,
            "2 東京23区の国際協力事業の主な取組状況",
            "(1) 研修生の受入れ",
            "○JICA「課題別研修」(平成26年度~)",
            SENTENCE * 4,
        ),
        min_chars=0,
    )
    assert section_of(chunks, "課題別研修") == (
        "第2章 海外諸都市の現状、取組状況 > 2 東京23区の国際協力事業の主な取組状況 > (1) 研修生の受入れ"
    )
    # A heading starts the chunk of its section (with min_chars=0 nothing merges).
    assert [c.text for c in chunks[:1]] == ["第2章 海外諸都市の現状、取組状況"]
    assert chunks[1].text.startswith("1 海外諸都市の廃棄物処理事情\n\n海外諸都市の")
    assert chunks[1].section == "第2章 海外諸都市の現状、取組状況 > 1 海外諸都市の廃棄物処理事情"


def test_circled_numbers_read_as_plain_numbers_nest_below_parentheses() -> None:
    chunks = chunks_of(
        document(
            "1 海外諸都市への技術的助言",
            SENTENCE,
            "(1) 事業実施可能性調査(FS)等への参加",
            "① 現地調査への参加",
            SENTENCE * 2,
            "② オンラインによる技術的助言",
            SENTENCE * 2,
            "2 海外人材の育成支援",
            SENTENCE * 2,
        ),
        min_chars=0,
        target=100,
    )
    assert section_of(chunks, "オンラインによる技術的助言") == (
        "1 海外諸都市への技術的助言 > (1) 事業実施可能性調査(FS)等への参加 > 2 オンラインによる技術的助言"
    )
    assert section_of(chunks, "2 海外人材の育成支援") == "2 海外人材の育成支援"


def test_table_of_contents_entries_are_not_headings() -> None:
    chunks = chunks_of(
        document(
            "目次", "1 背景", "2 低炭素都市づくりにおける自治体の強み", "◆ 背景", SENTENCE * 3
        ),
        min_chars=0,
    )
    assert section_of(chunks, "2 低炭素都市づくり") == "目次"
    assert section_of(chunks, SENTENCE) == "◆ 背景"


def test_a_run_of_diamond_lines_is_a_list() -> None:
    chunks = chunks_of(
        document(
            "1 国連環境計画等との連携事業",
            "◆日程:2023年11月15日",
            "◆主催:川崎市",
            "◆内容",
            SENTENCE * 2,
        ),
        min_chars=0,
    )
    assert {c.section for c in chunks} == {"1 国連環境計画等との連携事業"}


def test_web_page_title_lines_are_headings_and_dated_items_stay_with_them() -> None:
    page = document(
        "官民連携による協力・支援",
        "ベトナム・ホーチミン市の脱炭素・低炭素都市形成支援",
        " 大阪市とホーチミン市は、1994年に姉妹港提携を締結して以来、様々な分野で都市間協力を行ってきました。",
        "主な取組み",
        "\n".join(
            f"  • 20{y}年10月 「ホーチミン市・大阪市低炭素都市形成に向けた覚書」を交換"
            for y in range(11, 24)
        ),
        "フィリピン・ケソン市の脱炭素・低炭素都市形成支援",
        " 大阪市とケソン市は、2015年から廃棄物分野で交流を始めました。",
    )
    chunks = chunks_of(page)
    dated = [c for c in chunks if "2013年10月" in c.text]
    assert dated and all(
        c.section == "ベトナム・ホーチミン市の脱炭素・低炭素都市形成支援" for c in dated
    )
    assert all(
        c.index_text.startswith("ベトナム・ホーチミン市の脱炭素・低炭素都市形成支援\n")
        for c in dated
    )
    assert section_of(chunks, "2015年から") == ("フィリピン・ケソン市の脱炭素・低炭素都市形成支援")


# --- sizes, tables, index text -----------------------------------------------------------


def test_chunks_aim_at_the_target_and_never_cut_sentences() -> None:
    chunks = chunks_of(document("1 背景", SENTENCE * 30))
    assert all(len(c.text) <= 600 for c in chunks)
    assert all(c.text.endswith("。") for c in chunks)
    assert max(len(c.text) for c in chunks) > 300


def test_a_sentence_longer_than_the_limit_is_cut_at_commas() -> None:
    long_sentence = "、".join(["国際協力事業を推進する"] * 80) + "。"
    chunks = chunks_of(long_sentence)
    assert len(chunks) > 1 and all(len(c.text) <= 600 for c in chunks)
    assert all(c.text.endswith(("、", "。")) for c in chunks)


def test_small_chunks_merge_within_a_chapter_but_not_across() -> None:
    chunks = chunks_of(
        document("第1章 背景", "1 目的", SENTENCE, "2 位置付け", SENTENCE, "第2章 現状", SENTENCE)
    )
    assert [c.section for c in chunks] == ["第1章 背景", "第2章 現状"]


def test_table_header_is_repeated_in_the_index_text_of_later_chunks() -> None:
    header = "事業名\t目的・ねらい\t実績"
    rows = [f"[No. {i}] 人材交流\t{SENTENCE}\t平成{20 + i}年度" for i in range(12)]
    norm = normalise(document("資料編", "\n".join([header, *rows])))
    chunks = chunk_text(norm)
    assert len(chunks) > 1
    assert chunks[0].text.count(header) == 1
    for chunk in chunks[1:]:
        assert header not in chunk.text
        assert chunk.index_text.startswith(f"資料編\n{header}\n")
    assert "平成25年度(2013年度)" in "".join(c.index_text for c in chunks)


def test_index_text_carries_section_and_era_years_but_text_stays_faithful() -> None:
    (chunk,) = chunks_of(
        document("1 背景", "平成 24 年度に策定した基本方針に基づき取り組んできました。")
    )
    assert chunk.text == "1 背景\n\n平成24年度に策定した基本方針に基づき取り組んできました。"
    assert (
        chunk.index_text
        == "1 背景\n1 背景\n\n平成24年度(2012年度)に策定した基本方針に基づき取り組んできました。"
    )


def test_start_and_end_are_original_offsets() -> None:
    original = "\n\n  はじめに  \n\n\n東京 2 3 区の清掃事業です。 \n"
    (chunk,) = chunks_of(original)
    assert chunk.text == "はじめに\n\n東京23区の清掃事業です。"
    assert original[chunk.start : chunk.end] == "はじめに  \n\n\n東京 2 3 区の清掃事業です。"


def test_sizes_are_checked() -> None:
    with pytest.raises(ValueError):
        chunk_text(NormalisedText("", (0,)), target=700, max_chars=600)


# --- properties ----------------------------------------------------------------------------


def _check_chunks(original: str, target: int, max_chars: int, min_chars: int) -> None:
    norm = normalise(original)
    chunks = chunk_text(norm, target=target, max_chars=max_chars, min_chars=min_chars)
    pos = 0
    previous_end = 0
    for chunk in chunks:
        assert chunk.text and chunk.text == chunk.text.strip()
        assert len(chunk.text) <= max_chars
        at = norm.text.find(chunk.text, pos)
        assert at >= 0 and not norm.text[pos:at].strip()  # in order, nothing skipped
        assert (chunk.start, chunk.end) == norm.original_span(at, at + len(chunk.text))
        assert previous_end <= chunk.start < chunk.end <= len(original)
        previous_end = chunk.end
        pos = at + len(chunk.text)
    assert not norm.text[pos:].strip()  # nothing left over


sizes = st.integers(20, 600).flatmap(
    lambda mx: st.tuples(st.integers(10, mx), st.just(mx)).flatmap(
        lambda tm: st.tuples(st.just(tm[0]), st.just(tm[1]), st.integers(0, tm[0]))
    )
)


@property_settings
@given(any_text, sizes)
def test_chunks_cover_any_text_once_in_order(original: str, size: tuple[int, int, int]) -> None:
    _check_chunks(original, *size)


@property_settings
@given(st.lists(document_text, max_size=6).map("\n\n".join), sizes)
def test_chunks_cover_document_like_text_once_in_order(
    original: str, size: tuple[int, int, int]
) -> None:
    _check_chunks(original, *size)


# --- the corpus ------------------------------------------------------------------------------


@pytest.mark.integration
def test_corpus_documents_normalise_and_chunk() -> None:
    counts = {}
    for path in sorted(CORPUS.glob("*.txt")):
        original = path.read_text(encoding="utf-8")
        norm = normalise(original)
        chunks = chunk_text(norm, target=400, max_chars=600, min_chars=200)
        counts[path.stem] = len(chunks)
        joined = "".join(c.text for c in chunks)
        assert "".join(joined.split()) == "".join(norm.text.split())
        assert all(0 < len(c.text) <= 600 for c in chunks)
        assert not any("<ul" in c.text or "<li>" in c.text for c in chunks)
        if "平成 24 年度" in original:
            assert "平成 24 年度" not in norm.text and "平成24年度" in norm.text
        if "2 3 区" in original:
            assert "2 3 区" not in norm.text and "23区" in norm.text
        if path.stem.startswith("osaka"):
            dated = [c for c in chunks if "2013年10月" in c.text]
            assert dated and all("ホーチミン市" in c.section for c in dated)
    print("chunks per document:", counts)
    assert len(counts) == 5


@pytest.mark.unit
def test_chunk_starting_inside_a_table_carries_the_row_above():
    rows = ["年度\t平成30年度\t令和元年度"] + [f"実績\t{n},000人\t{n + 1},000人" for n in range(1, 40)]
    text = "表の見出し\n\n" + "\n".join(rows) + "\n"
    drafts = chunk_text(normalise(text), target=120, max_chars=160, min_chars=0)
    later = [d for d in drafts if not d.text.startswith(("表", "年度"))]
    assert later, "the table should span several chunks"
    for draft in later:
        first_row = draft.text.split("\n")[0]
        above = rows[rows.index(first_row) - 1]
        assert above in draft.index_text and above not in draft.text
