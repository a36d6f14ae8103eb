"""The in-package fake answerer keeps the Answerer contract: markers index citations, quotes are in their passages."""

from __future__ import annotations

import re

import pytest

from assistant.answer.base import ResolvedQuestion
from assistant.answer.fake import CannedAnswerer
from assistant.api.fake import OSAKA, SAMPLE_ANSWERS, SAMPLE_DOCUMENTS, build_index
from assistant.retrieval.base import Filters

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def handle(tmp_path_factory):
    return build_index(tmp_path_factory.mktemp("fake-index"), SAMPLE_DOCUMENTS)


@pytest.mark.parametrize("answer", SAMPLE_ANSWERS, ids=lambda a: a.match)
def test_canned_answers_keep_the_answerer_contract(handle, answer):
    got = CannedAnswerer(handle, SAMPLE_ANSWERS).answer(ResolvedQuestion(answer.match, answer.match), [], Filters())
    assert got.answerable and got.text == answer.text
    index = handle.get()
    assert {int(n) for n in re.findall(r"\[(\d+)\]", got.text)} <= {c.n for c in got.citations}
    for citation in got.citations:
        assert citation.text in index.chunks[index.by_id[citation.passage_id]].text
        assert index.original_text(citation.doc)[citation.start : citation.end] == index.chunks[index.by_id[citation.passage_id]].text


def test_an_unmatched_question_is_declined(handle):
    got = CannedAnswerer(handle, SAMPLE_ANSWERS).answer(ResolvedQuestion("天気", "天気"), [], Filters())
    assert not got.answerable and got.citations == []
    assert handle.get().original_text(OSAKA.doc) == OSAKA.text
