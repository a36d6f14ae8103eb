"""``GET /api/facts`` over the real corpus index."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from assistant.api import create_app
from tests.assistant.api import AUTH, TOKEN, assert_error

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def client(corpus_settings, corpus_assistant):
    settings = corpus_settings.model_copy(update={"api_token": TOKEN})
    with TestClient(create_app(settings, corpus_assistant)) as client:
        yield client


def test_filters_by_subject_and_relation(client):
    rows = client.get("/api/facts", params={"subject": "大阪市", "relation": "覚書"}, headers=AUTH).json()
    assert rows and all(r["subject"] == "大阪市" and r["relation"] == "覚書" for r in rows)
    partners = {r["partner"] for r in rows}
    for name in ("ホーチミン市", "ケソン市", "ヤンゴン市", "グレーター・マンチェスター"):
        assert name in partners


def test_every_row_quotes_its_passage_and_says_where_it_is(client):
    rows = client.get("/api/facts", headers=AUTH).json()
    assert len(rows) >= 20
    for row in rows[:40]:
        passage = client.get(f"/api/passages/{quote(row['passage_id'], safe='')}", headers=AUTH).json()
        assert row["quote"] in passage["text"]
        assert (row["start"], row["end"]) == (passage["start"], passage["end"])


def test_partner_matches_an_alias(client):
    rows = client.get("/api/facts", params={"partner": "EEC"}, headers=AUTH).json()
    assert {r["partner"] for r in rows} == {"東部経済回廊事務局"}
    assert len(rows) == len(client.get("/api/facts", params={"partner": "東部経済回廊"}, headers=AUTH).json()) >= 2


def test_unknown_relation_is_a_clear_error(client):
    body = assert_error(client.get("/api/facts", params={"relation": "同盟"}, headers=AUTH), 422, "invalid_request")
    assert "覚書" in body["message"]


def test_needs_the_token(client):
    assert_error(client.get("/api/facts"), 401)


def test_one_row_per_event_and_no_undated_duplicate(client):
    from ingest.facts import Fact
    from ingest.facts.merge import same_event

    rows = client.get("/api/facts", headers=AUTH).json()
    facts = [Fact.from_record(r) for r in rows]
    assert not [(a, b) for i, a in enumerate(facts) for b in facts[i + 1 :] if a.doc == b.doc and same_event(a, b)]
    bandung = [f for f in facts if f.subject == "川崎市" and f.partner == "バンドン市" and f.relation == "覚書"]
    assert bandung and all(f.date for f in bandung)


def test_relation_synonyms_filter_like_their_label(client):
    mou = client.get("/api/facts", params={"relation": "MOU"}, headers=AUTH).json()
    assert mou == client.get("/api/facts", params={"relation": "覚書"}, headers=AUTH).json() and mou


def test_rows_sort_by_a_column_either_way(client):
    rows = client.get("/api/facts", params={"sort": "date", "order": "desc"}, headers=AUTH).json()
    dates = [r["date"] for r in rows if r["date"]]
    assert dates == sorted(dates, reverse=True) and rows[-1]["date"] is None
    partners = [r["partner"] for r in client.get("/api/facts", params={"sort": "partner"}, headers=AUTH).json()]
    assert partners == sorted(partners)
    assert_error(client.get("/api/facts", params={"sort": "nope"}, headers=AUTH), 422, "invalid_request")


def test_csv_and_xlsx_exports_hold_the_filtered_rows(client):
    import csv
    import io

    from openpyxl import load_workbook

    params = {"subject": "大阪市", "relation": "MOU", "sort": "partner"}
    rows = client.get("/api/facts", params=params, headers=AUTH).json()
    reply = client.get("/api/facts.csv", params=params, headers=AUTH)
    assert reply.headers["content-type"].startswith("text/csv") and reply.text.startswith("\ufeff主体,相手")
    table = list(csv.reader(io.StringIO(reply.text.lstrip("\ufeff"))))
    assert [line[1] for line in table[1:]] == [r["partner"] for r in rows]
    book = load_workbook(io.BytesIO(client.get("/api/facts.xlsx", params=params, headers=AUTH).content))
    sheet = book.active
    assert [c.value for c in sheet[1]][:3] == ["主体", "相手", "国"]
    assert [sheet.cell(row=i + 2, column=2).value for i in range(len(rows))] == [r["partner"] for r in rows]
    assert sheet.max_row == len(rows) + 1 and sheet.column_dimensions["B"].width >= 20
    assert_error(client.get("/api/facts.csv"), 401, "unauthorized")


@pytest.mark.unit
def test_a_cell_that_starts_like_a_formula_is_text():
    from assistant.facts_export import _cell

    assert _cell("=HYPERLINK(1)") == "'=HYPERLINK(1)" and _cell("大阪市") == "大阪市"
