"""Two editions of a generated yearbook with one figure changed, end to end: the answer
quotes the newer edition and names it, a question naming the older year quotes the older."""

from __future__ import annotations

import json

import pytest

from assistant.service import Assistant
from eval import officegen
from ingest.pipeline import run_ingest
from tests.conftest import make_settings

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def assistant(tmp_path_factory):
    root = tmp_path_factory.mktemp("editions")
    folder = root / "docs"
    folder.mkdir()
    entries = []
    for edition in officegen.yearbook_editions():
        (folder / edition.file).write_bytes(edition.data)
        entries.append({"file": edition.file, "title": f"みどり市環境局年報 {edition.name}版",
                        "series": "みどり市環境局年報", "edition": edition.name, "published": f"{edition.year + 1}-06-30"})
    (folder / "manifest.json").write_text(json.dumps({"documents": entries}, ensure_ascii=False), encoding="utf-8")
    settings = make_settings(root / "data")
    assert run_ingest([folder], settings).failed == []
    return Assistant.from_settings(settings, with_models=False)


def test_the_newest_edition_is_quoted_and_named_with_the_older_figure_beside_it(assistant):
    response = assistant.ask("みどり市のごみ焼却量は何トンでしたか？")
    assert response.answerable
    assert "296,700" in response.answer and "（2023年度版による）" in response.answer
    assert response.citations[0].edition == "2023年度" and response.citations[0].doc == "yearbook_2023.docx"
    assert "2022年度版では「2022年度のごみ焼却量は318,400トンであった。」" in response.answer
    assert {c.edition for c in response.citations} == {"2023年度", "2022年度"}


def test_a_question_naming_the_older_year_quotes_the_older_edition(assistant):
    response = assistant.ask("2022年度のごみ焼却量は何トンでしたか？")
    assert response.answerable
    assert response.citations[0].doc == "yearbook_2022.docx" and "318,400" in response.answer.split("\n")[0]
    assert "（2022年度版による）" in response.answer
