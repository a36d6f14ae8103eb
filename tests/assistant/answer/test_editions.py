"""Editions: the newest edition of a series unless the question names a year, the edition
named in the answer, and another edition's differing figure shown beside it."""

from __future__ import annotations

import pytest

from assistant.answer.base import Answer
from assistant.answer.editions import annotate, choose, edition_year, similarity, years_named
from assistant.retrieval.base import Passage
from assistant.wire import make_citation
from ingest.core.models import Chunk, DocumentMeta

pytestmark = pytest.mark.unit


def passage(doc: str, text: str, edition: str = "", series: str = "年報", score: float = 1.0) -> Passage:
    meta = DocumentMeta(doc, series=series if edition else "", edition=edition)
    return Passage(Chunk(f"{doc}#1", doc, 0, text, text, "", 0, len(text), None, meta), score)


OLD = passage("y2022.docx", "2022年度のごみ焼却量は318,400トンであった。焼却施設は2か所である。", "2022年度")
NEW = passage("y2023.docx", "2023年度のごみ焼却量は296,700トンであった。焼却施設は2か所である。", "2023年度")
OTHER = passage("plan.txt", "ごみ焼却量の削減目標を定める。")


@pytest.mark.parametrize(("edition", "year"), [("2023年度", 2023), ("令和5年度版", 2023), ("平成元年", 1989), ("第3版", None)])
def test_edition_year(edition, year):
    assert edition_year(edition) == year


def test_years_named():
    assert years_named("令和4年度のごみ焼却量と2019年の値は？") == {2022, 2019}


def test_the_newest_edition_is_chosen_and_the_others_set_aside():
    choice = choose("ごみ焼却量は？", [OLD, OTHER, NEW])
    assert [p.chunk.doc_id for p in choice.chosen] == ["plan.txt", "y2023.docx"]
    assert [p.chunk.doc_id for p in choice.others] == ["y2022.docx"] and choice.editions == {"年報": "2023年度"}


@pytest.mark.parametrize("question", ["2022年度のごみ焼却量は？", "令和4年度版のごみ焼却量は？"])
def test_a_year_in_the_question_chooses_its_edition(question):
    assert [p.chunk.doc_id for p in choose(question, [NEW, OLD]).chosen] == ["y2022.docx"]


def test_one_edition_alone_is_left_as_it_is():
    assert choose("ごみ焼却量は？", [OLD, OTHER]).chosen == [OLD, OTHER]


def test_the_answer_names_its_edition_and_shows_the_other_figure():
    choice = choose("ごみ焼却量は？", [OLD, NEW])
    quote = "2023年度のごみ焼却量は296,700トンであった。"
    answer = Answer(f"296,700トン\n{quote} [1]", "296,700トン", True, [make_citation(1, NEW, quote)])
    out = annotate(answer, choice)
    assert out.text.endswith("（2023年度版による）（2022年度版では「2022年度のごみ焼却量は318,400トンであった。」[2]）")
    assert [c.doc for c in out.citations] == ["y2023.docx", "y2022.docx"]
    assert out.citations[1].text in OLD.chunk.text and out.citations[1].edition == "2022年度"


def test_the_same_figures_in_both_editions_add_only_the_edition():
    choice = choose("焼却施設は何か所？", [OLD, NEW])
    answer = Answer("2か所 [1]", "2か所", True, [make_citation(1, NEW, "焼却施設は2か所である。")])
    out = annotate(answer, choice, "en")
    assert out.text.endswith("(From the 2023年度 edition.)") and len(out.citations) == 1


def test_answers_without_editions_or_declined_are_unchanged():
    plain = Answer("x [1]", None, True, [make_citation(1, OTHER, "ごみ焼却量の削減目標を定める。")])
    assert annotate(plain, choose("x", [OTHER])) == plain
    declined = Answer("根拠が見つかりません", None, False)
    assert annotate(declined, choose("x", [OLD, NEW])) == declined


def test_similarity_ignores_figures():
    assert similarity("2022年度の量は318,400トン", "2023年度の量は296,700トン") == 1.0
    assert similarity("焼却量は10トン", "資源化率は35パーセント") < 0.3
