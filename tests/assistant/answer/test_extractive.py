"""Answer extraction on passages written for these tests (not the QA sets' questions)."""

from __future__ import annotations

import re

import pytest

from assistant.service import Assistant
from ingest.pipeline import run_ingest
from tests.conftest import make_settings, write_docs

pytestmark = pytest.mark.integration

DOCS = {
    "yokohama.txt": (
        "横浜市の国際協力\n\n"
        "ダナン市との連携\n\n"
        "横浜市とダナン市は、2013年4月に持続可能な都市発展に向けた技術協力に関する覚書を締結した(2019年更新)。\n\n"
        "バンコク都との連携\n\n"
        "横浜市は2013年10月にバンコク都と気候変動に関する覚書を交換した。\n\n"
        "研修事業\n\n"
        "令和元年度は研修員を受け入れ、12か国から48名が参加した。\n\n"
        "◆日程:2022年11月9日\n\n◆参加者:135名\n\n"
    ),
    "kobe.txt": (
        "神戸市の環境施策\n\n"
        "基本目標\n\n神戸市の国際事業の基本目標は「アジアの水環境改善」である。\n\n"
        "ごみ焼却施設の60%は市が運営している。\n"
    ),
}


@pytest.fixture(scope="module")
def assistant(tmp_path_factory):
    folder = write_docs(tmp_path_factory.mktemp("docs"), DOCS)
    settings = make_settings(tmp_path_factory.mktemp("data"), chunk_min_chars=0, chunk_target_chars=120, chunk_max_chars=200)
    run_ingest([folder], settings)
    return Assistant.from_settings(settings, with_models=False)


def _markers_point_to_passages(response):
    numbers = {int(n) for n in re.findall(r"\[(\d+)\]", response.answer)}
    assert numbers == {c.n for c in response.citations}
    passages = {p.passage_id: p.text for p in response.passages}
    for citation in response.citations:
        assert citation.text in passages.get(citation.passage_id, citation.text)


def test_date_answer_with_citation(assistant):
    response = assistant.ask("横浜市とダナン市が覚書を締結したのはいつですか？")
    assert response.answerable and response.short_answer == "2013年4月"
    _markers_point_to_passages(response)


def test_year_of_renewal_near_the_word(assistant):
    response = assistant.ask("横浜市とダナン市の覚書は何年に更新されましたか？")
    assert response.short_answer == "2019年"


def test_quantity_with_counter_and_era_constraint(assistant):
    response = assistant.ask("2019年度の研修には何か国から参加しましたか？")
    assert response.short_answer == "12か国"


def test_labelled_date_and_participants(assistant):
    response = assistant.ask("研修事業の日程はいつで、参加者は何名でしたか？")
    assert "2022年11月9日" in response.answer and "135名" in response.answer


def test_quoted_definition(assistant):
    response = assistant.ask("神戸市の国際事業の基本目標は何ですか？")
    assert response.short_answer == "アジアの水環境改善"


def test_percentage(assistant):
    assert assistant.ask("ごみ焼却施設を市が運営している割合はどれくらいですか？").short_answer == "60%"


def test_list_of_partners_each_cited(assistant):
    response = assistant.ask("横浜市はどの都市と覚書を締結していますか？")
    assert response.answer_type == "list"
    assert "ダナン市" in response.answer and "バンコク都" in response.answer
    assert len(response.citations) >= 2
    _markers_point_to_passages(response)


def test_abstains_on_unknown_entity(assistant):
    response = assistant.ask("横浜市とソウル市が結んだ覚書の内容を教えてください。")
    assert not response.answerable and response.citations == []
    assert "根拠" in response.answer and response.passages


def test_followup_resolves_subject(assistant):
    history = [{"role": "user", "content": "横浜市とダナン市の覚書はいつ締結されましたか？"}, {"role": "assistant", "content": "2013年4月です。"}]
    assert assistant.ask("それは何年に更新されましたか？", history=history).short_answer == "2019年"


def test_response_contract(assistant):
    response = assistant.ask("横浜市の覚書")
    data = response.model_dump()
    assert {"question", "answer", "short_answer", "answerable", "citations", "passages", "degraded", "timings_ms"} <= set(data)
    assert set(data["timings_ms"]) == {"retrieve", "answer", "total"}
    assert len(data["answer"]) <= 300


def test_definition_with_an_aside_and_markup(tmp_path):
    folder = write_docs(tmp_path / "docs", {"terms.txt": "用語\n\n※2 ABC(Alpha Beta City)都市は、環境分野で先進的に取り組む自治体。\n\n- **五原則**:安全、公平、透明な運営の原則\n"})
    settings = make_settings(tmp_path / "data", chunk_min_chars=0)
    run_ingest([folder], settings)
    assistant = Assistant.from_settings(settings, with_models=False)
    assert assistant.ask("ABC都市とは何ですか？").short_answer == "環境分野で先進的に取り組む自治体"
    assert assistant.ask("「五原則」とは何ですか？").short_answer == "安全、公平、透明な運営の原則"


@pytest.mark.parametrize(("name", "text"), [("辻元清美氏", "辻元清美議員"), ("ルナ国向け", "研修(ルナ国)"), ("ソラ市側", "ソラ市が")])
def test_a_name_is_found_without_the_suffix_a_question_adds(name, text):
    from assistant.answer.extractive import _mentions

    assert _mentions(name, text)


def test_what_an_answer_said_is_its_own_words_not_the_passages_it_quoted():
    from assistant.answer.base import ResolvedQuestion
    from assistant.answer.extractive import _said_before

    history = ({"role": "user", "content": "平成25年度は何人？"},
               {"role": "assistant", "content": "The 覚書 was signed on 2023年12月.\n（平成23,24年度）○受入実績 24年度:2,350人 [1]"})
    said = _said_before(ResolvedQuestion(question="その前の年度は？", retrieval_query="", history=history))
    assert "2023年12月" in said and "2,350人" not in said
