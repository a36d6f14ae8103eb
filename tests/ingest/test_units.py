"""Answer units of a document: sentences, items, labels, headings, blocks, table rows and cells."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.core.models import Chunk, DocumentMeta
from ingest.ja.normalise import normalise
from ingest.units import UNIT_KINDS, answer_units, chunk_units

pytestmark = pytest.mark.unit


def units_of(text: str) -> list[tuple[str, str, str]]:
    return [(u.kind, text[u.start : u.end], u.lead) for u in answer_units(text)]


def test_prose_sentences_and_list_items():
    text = "本市は覚書を締結した。翌年に更新した。\n・第1回セミナーを開催\n・研修員を受け入れ"
    assert units_of(text) == [
        ("sentence", "本市は覚書を締結した。", ""),
        ("sentence", "翌年に更新した。", ""),
        ("item", "・第1回セミナーを開催", ""),
        ("item", "・研修員を受け入れ", ""),
    ]


def test_label_lines_keep_their_label():
    text = "担当:環境局国際課\n電話:03-1111-2222\n- FS・・・Feasibility Study の略。"
    found = units_of(text)
    assert ("label", "担当:環境局国際課", "担当") in found
    assert ("label", "電話:03-1111-2222", "電話") in found
    assert ("label", "- FS・・・Feasibility Study の略。", "FS") in found


def test_a_row_under_year_columns_reads_its_years_and_a_cell_its_own_year():
    text = "事業名\t[No. 9] 見学者の受入\n\t平成27年度\t平成28年度\t平成29年度\n\t○受入 120人\t○受入 150人\t○受入 170人"
    units = answer_units(text)
    cells = {text[u.start : u.end]: u for u in units if u.kind == "cell"}
    assert cells["○受入 150人"].lead == "平成28年度"
    assert cells["○受入 150人"].caption == "事業名 [No. 9] 見学者の受入"
    shown = cells["○受入 150人"].show
    assert text[shown[0] : shown[1]] == "○受入 120人\t○受入 150人\t○受入 170人"
    rows = [u for u in units if u.kind == "row" and "○受入 120人" in text[u.start : u.end]]
    assert rows[0].lead == "平成27年度 / 平成28年度 / 平成29年度"


def test_a_table_with_a_header_row_labels_each_cell_with_its_column_and_row():
    text = "区分\t総数\t実績\t割合\n町\t930\t245\t26%\n村\t120\t30\t25%"
    cells = {(text[u.start : u.end], u.lead) for u in answer_units(text) if u.kind == "cell"}
    assert ("245", "実績 町") in cells and ("25%", "割合 村") in cells


def test_a_two_column_table_is_label_and_value():
    text = "委員長\t国際協力室長\n副委員長\t国際協力課長"
    assert units_of(text) == [
        ("label", "委員長\t国際協力室長", "委員長"),
        ("label", "副委員長\t国際協力課長", "副委員長"),
    ]


def test_fragments_of_a_flattened_table_are_read_as_blocks_and_date_led_records():
    text = "2024.1.29 青年代表団\n\n研修\n\n中国 30 歴史の講義\n\n2024.2.1 大気研修\n\nタイ 7 見学"
    blocks = [text[u.start : u.end] for u in answer_units(text) if u.kind == "block"]
    assert "2024.1.29 青年代表団\n\n研修\n\n中国 30 歴史の講義" in blocks


def test_a_long_date_led_line_begins_a_record_of_the_fragments_after_it():
    text = ("2023.9.4 ソラ市廃棄物研修・視察 ツキ国 8 こもれび資源化センター/\n\nエコ会館\n\nソラ市職員\n\n"
            "2023.9.12 ツキ国環境省訪\n\n日視察")
    blocks = [text[u.start : u.end] for u in answer_units(text) if u.kind == "block"]
    assert "2023.9.4 ソラ市廃棄物研修・視察 ツキ国 8 こもれび資源化センター/\n\nエコ会館\n\nソラ市職員" in blocks


def test_a_footnote_is_read_with_the_term_its_mark_follows():
    text = "課題は「L to L 連携^{※1}の深化」である。\n\n※1 「Local to Local」の略称。\n"
    notes = [(kind, lead) for kind, t, lead in units_of(text) if t.startswith("※1")]
    assert notes and notes[0][1] == "L to L 連携"


@settings(max_examples=200, derandomize=True, deadline=None)
@given(st.text(alphabet="あい。、\t\n・:年度123 ○覚書市", max_size=120))
def test_units_are_stripped_spans_inside_the_text(text):
    for u in answer_units(text):
        assert u.kind in UNIT_KINDS
        assert 0 <= u.start < u.end <= len(text)
        assert text[u.start : u.end].strip() == text[u.start : u.end]


def test_chunk_units_are_relative_to_each_chunk_and_cite_the_original_text():
    original = "第1章 概要\n\n本市は 2 0 1 6 年に覚書を締結した。\n\n第2章 実績\n\n研修員を受け入れた。"
    norm = normalise(original)
    meta = DocumentMeta("t")
    first, second = norm.text.split("\n\n第2章")[0], "第2章" + norm.text.split("\n\n第2章")[1]
    chunks = [
        Chunk("d#1", "d", 0, first, first, "", 0, 0, None, meta),
        Chunk("d#2", "d", 1, second, second, "", 0, 0, None, meta),
    ]
    per_chunk = chunk_units(norm, chunks)
    assert [u.chunk_id for u in per_chunk] == ["d#1", "d#2"]
    for chunk, units in zip(chunks, per_chunk):
        for unit in units.units:
            shown = chunk.text[unit.show[0] : unit.show[1]]
            assert normalise(original[unit.source_start : unit.source_end]).text == shown
        assert all(chunk.text[m.start : m.end] for m in units.morphemes)
    sentence = next(u for u in per_chunk[0].units if u.kind == "sentence")
    assert original[sentence.source_start : sentence.source_end] == "本市は 2 0 1 6 年に覚書を締結した。"


def test_a_sentence_the_pdf_broke_across_lines_is_one_unit():
    text = (
        "国際都市地域間協力事業(IURC)は欧州連合(EU)が2021年1月\n"
        " に開始した、欧州と日本の都市・地域が参加する交流・協力事業である。次の文。\n"
        "見出し\n"
        "本市は視察を受け入れた。\n"
        "- 項目は行を続けない\n"
    )
    assert units_of(text)[:3] == [
        ("sentence", "国際都市地域間協力事業(IURC)は欧州連合(EU)が2021年1月\n に開始した、欧州と日本の都市・地域が参加する交流・協力事業である。", ""),
        ("sentence", "次の文。", ""),
        ("heading", "見出し", ""),
    ]
    assert ("sentence", "本市は視察を受け入れた。", "") in units_of(text)


def test_a_broken_sentence_a_chunk_ends_in_keeps_its_lines_in_that_chunk():
    text = "本市は2021年1月に国際都市地域間協力事業への参加を表明し、欧州の都市と\n ペアを組んで交流を始めた。"
    norm = normalise(text)  # a line that begins with a space is not joined by the normaliser
    head = norm.text.split("\n")[0] + "\n"
    chunks = [Chunk("d#1", "d", 0, head, head, "", 0, 0, None, DocumentMeta("t"))]
    (units,) = chunk_units(norm, chunks)
    assert [head[u.start : u.end] for u in units.units] == [head.rstrip("\n")]


def test_a_sentence_a_figure_caption_cuts_in_two_is_read_whole():
    text = ("2023年度は、来日での研修又はオンライン研修に向けた調整のためにソラ市と協議を重ねてきたが、その後の\n\n"
            "「第3回ソラ市フォーラム」の様子\n 調整を実施したが、ルナ市側の都合により実施には至らなかった。")
    sentences = [t for kind, t, _ in units_of(text) if kind == "sentence"]
    assert any(t.startswith("2023年度は") and "ルナ市側の都合" in t for t in sentences)


def test_a_caption_after_a_finished_sentence_stays_apart():
    text = "2023年度は、来日での研修又はオンライン研修に向けた調整のためにソラ市と協議を重ねてきた。\n\n「第3回ソラ市フォーラム」の様子\n次の年度も続けた。"
    sentences = [t for kind, t, _ in units_of(text) if kind == "sentence"]
    assert not any("の様子" in t for t in sentences)
