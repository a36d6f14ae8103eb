"""The fact record is defined once: the API's FactRecord and the CSV columns come from it."""

from __future__ import annotations

import dataclasses

import pytest

from assistant.api.schemas import FactRecord
from ingest.facts import Fact
from ingest.facts.model import TABLE_COLUMNS

pytestmark = pytest.mark.unit

FACT_FIELDS = [f.name for f in dataclasses.fields(Fact)]


def test_table_columns_are_the_facts_fields():
    assert sorted(TABLE_COLUMNS) == sorted(set(FACT_FIELDS) - {"partner_aliases"})


def test_the_api_record_is_the_fact_and_where_its_passage_is():
    assert list(FactRecord.model_fields) == [*FACT_FIELDS, "title", "section", "start", "end", "page", "edition"]
    fact = Fact("大阪市", "ホーチミン市", "覚書", "a.txt", "a.txt#1", "…", partner_aliases=("HCMC",))
    assert FactRecord(**fact.to_record()).model_dump(exclude={"title", "section", "start", "end", "page", "edition"}) == fact.to_record()
