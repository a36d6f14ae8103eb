"""``docqa ask`` for a terminal: the answer and its numbered sources."""

from __future__ import annotations

import pytest

from assistant.cli_ask import render
from assistant.schemas import AskResponse, Citation, Timings

pytestmark = pytest.mark.unit


def response(*citations: Citation) -> AskResponse:
    return AskResponse(question="q", answer="a [1]", short_answer=None, answerable=True, citations=list(citations),
                       passages=[], degraded=[], timings_ms=Timings(retrieve=0, answer=0, total=0))


def test_a_source_names_its_edition_and_text_read_by_ocr():
    scan = Citation(n=1, doc="y.pdf", title="環境局年報", passage_id="y#1", text="焼却量は31万トン", start=0, end=1,
                    page=4, edition="2023年度", ocr=True, publisher="甲市")
    assert "[1] 環境局年報（2023年度版、甲市）p.4 （OCRによる読み取り）" in render(response(scan))


def test_a_source_without_metadata_has_no_empty_brackets():
    plain = Citation(n=1, doc="a.txt", title="案内", passage_id="a#1", text="x", start=0, end=1)
    assert "[1] 案内\n" in render(response(plain)) + "\n"
