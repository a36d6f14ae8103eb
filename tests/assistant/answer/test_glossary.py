"""The English → Japanese glossary: its tables are well formed, the longest phrase wins, verbs
map in the forms questions use, and question phrases map to the Japanese question words."""

from __future__ import annotations

import ast
import inspect

import pytest

from assistant.answer import glossary
from assistant.answer.analysis import analyse
from assistant.answer.glossary import ACRONYMS, GLOSSARY, WHICH_KINDS, translate_question

pytestmark = pytest.mark.unit


def _literal_keys(name: str) -> list[str]:
    """The keys of the dict literal assigned to ``name`` in the module source, repeats included
    (a repeated key in a literal silently overwrites the first)."""
    for node in ast.walk(ast.parse(inspect.getsource(glossary))):
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            target = node.targets[0] if isinstance(node, ast.Assign) else node.target
            if isinstance(target, ast.Name) and target.id == name and isinstance(node.value, ast.Dict):
                return [k.value for k in node.value.keys]
    raise AssertionError(f"no dict literal {name}")


@pytest.mark.parametrize("name", ["GLOSSARY", "WHICH_KINDS", "ACRONYMS"])
def test_no_key_is_written_twice(name):
    keys = _literal_keys(name)
    assert sorted({k for k in keys if keys.count(k) > 1}) == []


def test_keys_are_lower_case_words_and_values_japanese_terms():
    for table in (GLOSSARY, WHICH_KINDS):
        for key, value in table.items():
            assert key == key.lower() == key.strip() and "  " not in key, key
            assert value and value == value.strip(), key
    assert all(a == a.upper() for a in ACRONYMS)


def test_the_longest_phrase_wins():
    assert translate_question("How many years was it extended?").split()[0] == "何年間"
    assert "いくつ" not in translate_question("How many years was it extended?")
    assert translate_question("Which sister city?").split()[-1] == "姉妹都市"
    assert "交流" not in translate_question("Who gave the opening address?")
    text = translate_question("What is the municipal solid waste management of Quezon City?")
    assert "都市固形廃棄物" in text and "ケソン市" in text
    assert translate_question("When were the minutes (contract) with Penang signed?").split()[1] == "ミニッツ(契約書)"


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("On what date did Osaka sign the memorandum with the EEC?", "いつ"),
        ("What date was the kick-off meeting?", "いつ"),
        ("In what year did Kawasaki and Shenyang become friendship cities?", "何年"),
        ("How many years was the memorandum extended?", "何年間"),
        ("How many staff did Kawasaki send?", "何名"),
        ("What proportion of incinerators do municipalities run?", "割合"),
        ("How far is Bandung from Jakarta?", "何km"),
        ("Into which language was the Tokyo Model translated?", "何語"),
    ],
)
def test_question_phrases_map_to_question_words(question, asks):
    assert asks in translate_question(question).split()


def test_a_date_question_in_english_is_read_as_one():
    text = translate_question("On what date did Kawasaki sign the memorandum with Bandung?")
    assert {"いつ", "締結", "覚書", "川崎市", "バンドン市"} <= set(text.split())
    assert analyse(text).answer_type == "date"
    staff = analyse(translate_question("How many staff did the water bureau dispatch?"))
    assert staff.answer_type == "quantity" and "名" in staff.counters


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("When was the Tokyo Model translated into Thai?", "翻訳"),
        ("When was the implementation policy revised?", "改定"),
        ("Which forum was co-organised by UNEP?", "共催"),
        ("When did the Clean Authority draw up the action programme?", "策定"),
        ("When did Quezon City join the programme?", "参加"),
        ("How many trainees were accepted?", "受入れ"),
        ("When was Kawasaki selected as an SDGs Future City?", "選定"),
        ("When was the memorandum renewed?", "更新"),
    ],
)
def test_verbs_map_in_the_forms_questions_use(question, term):
    assert term in translate_question(question).split()


def test_place_names_of_the_documents():
    text = translate_question("Which cities did Yokohama work with besides Da Nang, Surabaya and Tianjin?")
    assert {"横浜市", "ダナン市", "スラバヤ市", "天津"} <= set(text.split())
    assert "西ジャワ州" in translate_question("Bandung is the capital of which province, West Java?")


def test_the_kind_a_which_question_asks():
    assert translate_question("Which foundation funds the project?").startswith("どの財団")
    assert translate_question("Which prefecture is Kawasaki in?").startswith("どの県")


def test_dates_ordinals_and_era_years_are_written_as_the_documents_write_them():
    text = translate_question("What was signed on February 18, 2016?")
    assert "2月18日" in text.split() and "2016年" in text.split()
    assert "第20回" in translate_question("How many attended the 20th forum?").split()
    assert "30周年" in translate_question("What was held for the 30th anniversary?").split()
    assert "2012年度" in translate_question("What was formulated in fiscal 2012?").split()
    assert "平成25年" in translate_question("What happened in Heisei 25?").split()
    assert "5月" in translate_question("What started in May 2016?").split()
    assert "5月" not in translate_question("May I ask what Osaka did?")
    assert "3月" not in translate_question("March on: what did Osaka start?")
