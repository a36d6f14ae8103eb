"""Question analysis over arbitrary Unicode (seeded): it never fails, every name and term it
reports is in the question, and follow-up resolution and the English glossary take any input.
test_analysis.py already checks that ``analyse`` returns a known answer type for short text."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from assistant.answer.analysis import (
    PREDICATE_SYNONYMS,
    analyse,
    event_predicate,
    is_english,
    key_terms,
)
from assistant.answer.followup import resolve_followup
from assistant.answer.glossary import translate_question
from ingest.ja.quantities import COUNTER_VARIANTS

pytestmark = pytest.mark.unit

SEED = 20261201
props = settings(max_examples=150, deadline=None, database=None,
                 suppress_health_check=[HealthCheck.too_slow])

ANSWER_TYPES = {"date", "quantity", "person", "place", "list", "definition", "factoid"}
#: Pieces of real questions, so that the analysis takes its interesting branches.
QUESTION_PIECES = [
    "大阪市", "ホーチミン市", "バンドン市", "ケソン市", "UNEP/IETC", "Team OSAKA", "JICA", "とは", "は",
    "と", "の", "が", "いつ", "何年", "何か国", "何人", "どの都市", "どこで", "誰", "覚書", "締結",
    "更新", "されましたか", "？", "令和3年度", "平成24年", "2019年", "3つの", "・", "ｶﾀｶﾅ", "①",
    "When", "did", "How many", "which cities", " ", "\u3000", "\n", "🏙️", "\u200d", "\u0301",
]
question = st.one_of(
    st.text(st.characters(codec="utf-8"), max_size=200),
    st.lists(st.sampled_from(QUESTION_PIECES), max_size=25).map("".join),
)


@seed(SEED)
@props
@given(question)
def test_analysis_of_any_question_is_consistent(text: str) -> None:
    qa = analyse(text)
    folded = unicodedata.normalize("NFKC", text)
    assert qa.text == folded
    assert qa.answer_type in ANSWER_TYPES
    assert set(qa.slots) <= {"date", "quantity"}
    assert set(qa.counters) <= set(COUNTER_VARIANTS) | {None}
    assert all(isinstance(y, int) and y >= 0 for y in qa.years)
    assert len(set(qa.years)) == len(qa.years)
    # Every name and term is a piece of the question, not something made up.
    assert all(e and e in folded for e in qa.entities), qa.entities
    assert all(t and t in folded for t in qa.terms), qa.terms
    assert len(set(qa.terms)) == len(qa.terms)
    assert qa.english == is_english(folded)
    assert qa.list_size is None or 0 <= qa.list_size < 1000
    assert analyse(folded) == qa


@seed(SEED)
@props
@given(question)
def test_event_predicate_is_one_of_the_synonym_groups(text: str) -> None:
    found = event_predicate(text)
    assert found is None or found in PREDICATE_SYNONYMS


@seed(SEED)
@props
@given(question)
def test_the_glossary_takes_any_question(text: str) -> None:
    translated = translate_question(text)
    assert isinstance(translated, str)
    assert translated == translate_question(text)


turn = st.fixed_dictionaries({
    "role": st.sampled_from(["user", "assistant", "system", "tool", ""]),
    "content": st.one_of(question, st.none(), st.integers()),
})


@seed(SEED)
@props
@given(question, st.lists(turn, max_size=4))
def test_follow_up_resolution_takes_any_history(text: str, history: list[dict]) -> None:
    resolved = resolve_followup(text, history)
    assert resolved.question == text
    assert resolved.retrieval_query.endswith(text)
    assert all(term and term not in text for term in resolved.carried)
    if not resolved.carried:
        assert resolved.retrieval_query == text


@pytest.mark.parametrize("digits", [4_301, 5_000, 20_000])
def test_a_question_with_a_very_long_number_is_analysed(digits: int) -> None:
    """A run of more than 4,300 digits before 「つの」 raised ValueError from int()."""
    qa = analyse("1" * digits + "つの都市はどこですか？")
    assert qa.answer_type in ANSWER_TYPES and qa.list_size is None
    assert analyse("3つの都市はどこですか？").list_size == 3


@pytest.mark.integration
def test_ask_survives_a_very_long_number(corpus_assistant):
    response = corpus_assistant.ask("1" * 5_000 + "つの都市はどこですか？")
    assert response.answer


def test_key_terms_of_long_text_do_not_fail() -> None:
    """Sudachi sees at most the first 5,000 characters; the rest is ignored, not an error."""
    assert "覚書" in key_terms("覚書" + "あ" * 60_000)
