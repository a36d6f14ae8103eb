"""Footnotes and the terms their marks follow."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ingest.footnotes import glossed_term, note_number

TEXT = """課題は「G to G 関係^{※1}の深化」である。
水・環境ソリューションハブ^{※2}のAAA都市^{※3}として貢献する。
本文中の用語※4について。

※1 「Government to Government」の略称。
※2 国土交通省のネットワーク。
※3 先進的な都市。
※4 注の例。
※5 本文に印のない注。
"""


def _note(n: int) -> int:
    return TEXT.index(f"※{n} ")


def test_a_note_line_and_its_number():
    assert note_number("※2 国土交通省のネットワーク。") == "2"
    assert note_number("  ※ 12 注") == "12"
    assert note_number("本文※1の途中") is None
    assert note_number("※1.5倍") is None


def test_the_term_a_superscript_mark_follows():
    assert glossed_term(TEXT, _note(1)) == "G to G 関係"


def test_a_term_after_a_comma_and_after_an_earlier_mark():
    assert glossed_term(TEXT, _note(2)) == "水・環境ソリューションハブ"
    assert glossed_term(TEXT, _note(3)) == "AAA都市"


def test_a_bare_mark_after_a_word():
    assert glossed_term(TEXT, _note(4)) == "本文中の用語"


def test_a_note_without_a_mark_glosses_nothing():
    assert glossed_term(TEXT, _note(5)) == ""


def test_a_line_that_is_not_a_note_glosses_nothing():
    assert glossed_term(TEXT, 0) == ""


@given(st.text(alphabet="※^{}0123456789あいう 、。\n", max_size=80), st.integers(min_value=0, max_value=80))
def test_any_text_and_offset_give_a_short_term_or_none(text, at):
    term = glossed_term(text, min(at, len(text)))
    assert isinstance(term, str) and len(term) <= 30 and "\n" not in term
