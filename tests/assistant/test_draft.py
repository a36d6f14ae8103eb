"""The council answer draft: one source per passage, markers renumbered to match, three formats."""

from __future__ import annotations

import io
import re

import pytest

from assistant.draft import as_docx, as_markdown, as_text, draft_of, renumber
from assistant.schemas import Citation

pytestmark = pytest.mark.unit


def cite(n: int, passage: str, text: str, *, doc="a.txt", title="甲市の国際協力", section="第1章 > 1.1 覚書", page=3):
    """Factory: citation ``[n]`` quoting ``text`` from passage ``passage`` of document ``doc``."""
    return Citation(n=n, doc=doc, title=title, passage_id=f"{doc}#{passage}", text=text, page=page,
                    section=section, start=0, end=100, publisher="甲市環境局", published="2024-04-23")


ANSWER = "甲市の覚書の相手は次のとおりです。\n・乙市(ベトナム): 2013年 締結 [1][2]\n・丙市: 2019年 締結 [3]\n・丁市: 2020年 更新 [4]"
CITATIONS = [
    cite(1, "p1", "• 2013年10月 「乙市・甲市覚書」を交換"),
    cite(2, "p1", "2013年には、乙市と覚書を締結した。"),
    cite(3, "p2", "丙市とは2019年に覚書を締結した。"),
    cite(4, "p9", "丁市との覚書を2020年に更新した。", doc="b.txt", title="丁市年報", section="", page=None),
]


def test_citations_of_one_passage_are_one_source_and_the_markers_follow():
    draft = draft_of("甲市の覚書は？", ANSWER, CITATIONS)
    assert [s.number for s in draft.sources] == [1, 2, 3]
    assert [len(s.quotes) for s in draft.sources] == [2, 1, 1]
    assert "締結 [1]\n" in draft.answer and "[2]" in draft.answer and "更新 [3]" in draft.answer
    assert [g.doc for g in draft.documents] == ["a.txt", "b.txt"]


def test_every_marker_of_the_text_has_its_numbered_source_and_quotation():
    text = as_text(draft_of("", ANSWER, CITATIONS))
    answer, sources = text.split("出典：")
    markers = set(re.findall(r"［(\d+)］", answer))
    numbered = set(re.findall(r"^　［(\d+)］", sources, re.MULTILINE))
    assert markers == numbered == {"1", "2", "3"}
    assert "　　「2013年10月 『乙市・甲市覚書』を交換」" in sources  # bullet dropped, 『』 nested
    assert "　甲市の国際協力（甲市環境局、2024年4月23日）" in sources
    assert "　［1］第1章　1.1 覚書、3ページ" in sources
    assert "乙市（ベトナム）：2013年 締結［1］" in answer  # 公用文: full-width brackets and colon
    assert sources.count("甲市の国際協力") == 1  # one title per document


def test_a_marker_that_indexes_no_citation_is_dropped():
    assert renumber("a [1][7] b [2]", {1: 1, 2: 1}) == "a [1] b [1]"


def test_markdown_uses_footnotes_and_escapes_markup():
    md = as_markdown(draft_of("", "<b>太字</b> *です* [1]", [cite(1, "p1", "[リンク](javascript:x)")]))
    assert "[^1]" in md.splitlines()[0] and "\\<b\\>" in md and "\\*です\\*" in md
    assert re.search(r"^\[\^1\]: 甲市の国際協力、第1章　1.1 覚書、3ページ: 「\\\[リンク\\\]", md, re.MULTILINE)


def test_docx_holds_the_same_draft():
    from docx import Document

    document = Document(io.BytesIO(as_docx(draft_of("甲市の覚書は？", ANSWER, CITATIONS))))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "質問：甲市の覚書は？" in text and "［3］" in text and "「丁市との覚書を2020年に更新した。」" in text


def test_docx_survives_characters_xml_cannot_hold_and_empty_names():
    assert as_docx(draft_of("\x00質問\x1b", "回答\x0b [1]", [cite(1, "p1", "引用\x01")]))
    assert as_docx(draft_of("", "", [cite(1, "p1", "", doc="", title="\x00")]))
    assert as_docx(draft_of("\ud8c8", "\udf00 [1]", [cite(1, "p1", "\ud800", doc="\udfff")]))


def test_the_edition_quoted_and_text_read_by_ocr_are_named_in_the_sources():
    yearbook = cite(1, "y1", "ごみ焼却量は296,700トンであった。", doc="y2023.docx", title="環境局年報", section="", page=None)
    scan = cite(2, "s1", "焼却施設は3か所ある。", doc="scan.pdf", title="施設一覧", section="", page=2)
    citations = [yearbook.model_copy(update={"edition": "2023年度"}), scan.model_copy(update={"ocr": True})]
    draft = draft_of("", "296,700トン [1]、3か所 [2]", citations)
    assert (draft.sources[0].edition, draft.sources[1].ocr) == ("2023年度", True)
    text = as_text(draft)
    assert "　環境局年報（2023年度版、甲市環境局、2024年4月23日）" in text
    assert "　［2］2ページ、OCRによる読み取り" in text
    assert "OCRによる読み取り" in as_markdown(draft)
    # A title that names its edition is not followed by it again.
    named = citations[0].model_copy(update={"title": "環境局年報 2023年度版"})
    assert "　環境局年報 2023年度版（甲市環境局、2024年4月23日）" in as_text(draft_of("", "x [1]", [named]))
