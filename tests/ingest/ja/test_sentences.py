"""Sentence spans: where sentences end, and that every character lands in one."""

from __future__ import annotations

import pytest
from hypothesis import given

from ingest.ja.sentences import line_breaks_inside_sentences, split_sentences
from tests.ingest.ja.test_normalise import any_text, document_text, property_settings

pytestmark = pytest.mark.unit


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


def test_splits_after_japanese_and_ascii_terminators() -> None:
    assert sentences("これは一文目。これは二文目!三文目?!四文目") == [
        "これは一文目。",
        "これは二文目!",
        "三文目?!",
        "四文目",
    ]


def test_never_splits_inside_brackets() -> None:
    assert sentences("「実施方針」(以下「考え方」という。)を策定した。次の文。") == [
        "「実施方針」(以下「考え方」という。)を策定した。",
        "次の文。",
    ]
    assert sentences("「…した。」と述べた。") == ["「…した。」と述べた。"]


def test_closing_brackets_after_a_terminator_stay_with_the_sentence() -> None:
    assert sentences("事業を開始した。」次の文。") == ["事業を開始した。」", "次の文。"]


def test_dots_end_sentences_only_before_whitespace_and_not_after_digits() -> None:
    assert sentences("5.1.2 JICA草の根技術協力事業") == ["5.1.2 JICA草の根技術協力事業"]
    assert sentences("タイランド4.0の実現に向けて") == ["タイランド4.0の実現に向けて"]
    assert sentences("1. 策定の趣旨") == ["1. 策定の趣旨"]
    assert sentences("Source: Li Jun, 2011. Introduction to low-carbon cities.") == [
        "Source: Li Jun, 2011. Introduction to low-carbon cities."
    ]
    assert sentences("See the report. It was published") == ["See the report.", "It was published"]


def test_newlines_end_sentences_even_inside_an_open_bracket() -> None:
    assert sentences("川崎市職員2名(オンライン\n参加)。次の文。") == [
        "川崎市職員2名(オンライン",
        "参加)。",
        "次の文。",
    ]


def test_spans_exclude_surrounding_whitespace() -> None:
    assert split_sentences("  文。  \n\n  次。 ") == [(2, 4), (10, 12)]
    assert split_sentences(" \n\t ") == []


def test_line_breaks_inside_sentences_are_the_ones_normalise_removes() -> None:
    wrapped = (
        "川崎市では、産業と環境が調和した都市モデル形成を目指して、国連環境計画との連携により、市"
    )
    text = f"{wrapped}\n\n内企業の技術を活かす。\n\n1 背景\n\n本文。"
    assert line_breaks_inside_sentences(text) == [(len(wrapped), len(wrapped) + 2)]


def _check_cover(text: str) -> None:
    spans = split_sentences(text)
    covered = set()
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        covered.update(range(start, end))
        previous_end = end
    assert {i for i, ch in enumerate(text) if not ch.isspace()} <= covered


@property_settings
@given(any_text)
def test_spans_cover_every_non_whitespace_character(text: str) -> None:
    _check_cover(text)


@property_settings
@given(document_text)
def test_spans_cover_document_like_text(text: str) -> None:
    _check_cover(text)
