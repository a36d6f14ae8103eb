"""Dense units: each sentence of a chunk with its heading, or the whole chunk; ids map back to chunks."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.core.models import Chunk, DocumentMeta
from ingest.dense_units import SCHEMES, chunk_id_of, dense_units, scheme_name

pytestmark = pytest.mark.unit

SENTENCES = SCHEMES["sentences"]


def chunk(text: str, section: str = "", chunk_id: str = "docs/osaka.txt#abc") -> Chunk:
    return Chunk(chunk_id=chunk_id, doc_id="docs/osaka.txt", ordinal=0, text=text, index_text=f"題\n{section}\n{text}",
                 section=section, start=0, end=len(text), page=None, meta=DocumentMeta(title="題"))


def test_each_sentence_is_a_unit_with_the_nearest_heading():
    units = dense_units(chunk("大阪市は覚書を締結した。\n2021年に更新した。", "国際協力 > 覚書の締結"), SENTENCES)
    assert [u.text for u in units] == ["覚書の締結\n大阪市は覚書を締結した。", "覚書の締結\n2021年に更新した。"]
    assert [u.unit_id for u in units] == ["docs/osaka.txt#abc/0", "docs/osaka.txt#abc/1"]
    assert {u.chunk_id for u in units} == {"docs/osaka.txt#abc"}


def test_a_chunk_without_a_section_has_no_prefix_and_a_blank_chunk_still_has_one_unit():
    assert [u.text for u in dense_units(chunk("一文だけ。"), SENTENCES)] == ["一文だけ。"]
    assert len(dense_units(chunk("   "), SENTENCES)) == 1


def test_the_chunk_scheme_embeds_the_index_text_once():
    c = chunk("大阪市は覚書を締結した。2021年に更新した。", "覚書")
    assert [(u.unit_id, u.text) for u in dense_units(c, SCHEMES["chunks"])] == [(f"{c.chunk_id}/0", c.index_text)]


def test_an_unknown_scheme_is_refused():
    with pytest.raises(ValueError):
        dense_units(chunk("文。"), "paragraph:v9")
    assert scheme_name("sentences") == SENTENCES


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.text(alphabet="あア漢。、\n !?.a1「」", max_size=200), st.sampled_from(["", "章", "章 > 節"]))
def test_units_cover_every_sentence_and_map_back_to_their_chunk(text, section):
    c = chunk(text, section)
    units = dense_units(c, SENTENCES)
    assert units and all(chunk_id_of(u.unit_id) == c.chunk_id for u in units)
    assert len({u.unit_id for u in units}) == len(units)
    body = "".join(u.text.split("\n", 1)[1] if section else u.text for u in units)
    assert "".join(body.split()) == "".join(text.split())
