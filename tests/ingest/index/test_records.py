"""The records of a generation: a chunk's answer units as the line of the units file."""

from __future__ import annotations

import json

import pytest

from ingest.index.records import ChunkUnits, UnitRecord
from ingest.ja.morphemes import FineMorpheme

pytestmark = pytest.mark.unit


def _units(normalized: str = "川崎") -> ChunkUnits:
    return ChunkUnits(
        "a.txt#1",
        (UnitRecord("row", 0, 4, lead="開催日 / 場所", caption="表\t1", show_start=0, show_end=9, source_start=3, source_end=7),),
        (FineMorpheme(0, 2, 7, normalized), FineMorpheme(2, 3, 12, "\n"), FineMorpheme(3, 4, 0, '"\\')),
    )


@pytest.mark.parametrize("units", [_units(), _units("ａ\u2028\x00é"), ChunkUnits("b.txt#2", (), ())])
def test_a_units_line_is_its_record_encoded_and_reads_back(units):
    line = units.to_line()
    assert line.chunk_id == units.chunk_id
    assert line.line == json.dumps(units.to_record(), ensure_ascii=False)
    assert ChunkUnits.from_record(json.loads(line.line)) == units
