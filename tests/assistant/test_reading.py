"""The reading view: lines broken inside sentences joined, the quote marked, offsets kept."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, seed, settings
from hypothesis import strategies as st

from assistant.reading import read

pytestmark = pytest.mark.unit

# A PDF's text: a sentence broken over lines with blank lines between, as the corpus has it.
ORIGINAL = (
    "■ 第１節 都市間連携\n\n"
    "このような協働の成果として、２０１６年２月１８日、環境分野の協力関係を推進拡大するためカロン市\n\n"
    "とミズホ市が環境分野における覚書を締結した。両市は専門家の\n\n"
    "相互派遣を続けている。\n\n"
    "■ 第２節 その他\n\n"
    "面積は３㎢である。"
)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def passage_span(text: str) -> tuple[int, int]:
    start = text.index("このような")
    return start, text.index("いる。") + 3


def test_a_sentence_broken_over_lines_reads_as_one_line_and_keeps_its_characters():
    reading = read(ORIGINAL, passage_span(ORIGINAL), context=0)
    (passage,) = reading.segments
    assert passage.role == "passage"
    assert "カロン市とミズホ市" in passage.text and "専門家の相互派遣" in passage.text
    assert "２０１６年２月１８日" in passage.text  # shown as written, not NFKC-folded
    assert squeeze(passage.text) == squeeze(ORIGINAL[passage.start : passage.end])


def test_the_quote_is_marked_alone_and_its_original_span_is_returned():
    quote = "このような協働の成果として、2016年2月18日、環境分野の協力関係を推進拡大するためカロン市とミズホ市が環境分野における覚書を締結した。"
    reading = read(ORIGINAL, passage_span(ORIGINAL), quote=quote, context=0)
    roles = [s.role for s in reading.segments]
    assert roles == ["quote", "passage"]
    marked = reading.segments[0]
    assert squeeze(marked.text) == squeeze(ORIGINAL[reading.quote[0] : reading.quote[1]])
    assert ORIGINAL[reading.quote[0] : reading.quote[1]].endswith("締結した。")
    assert (marked.start, marked.end) == reading.quote


def test_known_offsets_win_over_locating_the_quote():
    start = ORIGINAL.index("両市")
    end = ORIGINAL.index("いる。") + 3
    reading = read(ORIGINAL, passage_span(ORIGINAL), quote="このような", quote_span=(start, end), context=0)
    assert reading.quote == (start, end)
    assert [s.role for s in reading.segments] == ["passage", "quote"]


def test_a_quote_the_passage_does_not_hold_marks_the_passage():
    reading = read(ORIGINAL, passage_span(ORIGINAL), quote="どこにもない文", context=0)
    assert reading.quote is None and [s.role for s in reading.segments] == ["passage"]


def test_context_either_side_and_whether_the_document_goes_on():
    reading = read(ORIGINAL, passage_span(ORIGINAL), context=5)
    assert [s.role for s in reading.segments] == ["context", "passage", "context"]
    assert reading.more_before and reading.more_after
    whole = read(ORIGINAL, passage_span(ORIGINAL), context=10_000)
    assert not whole.more_before and not whole.more_after
    assert "３㎢" in whole.segments[-1].text  # one source character shown once, not as "km2"


@seed(20261201)
@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from("あいう市、。「」\n \t１2a㎢"), max_size=80), st.data())
def test_segments_are_in_order_and_show_only_their_own_characters(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    reading = read(text, (start, end), quote=text[start:end].strip()[:3], context=7)
    last = 0
    for segment in reading.segments:
        assert last <= segment.start <= segment.end <= len(text)
        last = segment.end
        source = squeeze(text[segment.start : segment.end])
        shown = squeeze(segment.text)
        assert shown == source or (shown in source and "㎢" in source)
