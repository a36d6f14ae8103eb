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
    assert len(rows) == len(client.get("/api/facts", params={"partner": "東部経済回廊"}, headers=AUTH).json()) >= 3


def test_unknown_relation_is_a_clear_error(client):
    body = assert_error(client.get("/api/facts", params={"relation": "同盟"}, headers=AUTH), 422, "invalid_request")
    assert "覚書" in body["message"]


def test_needs_the_token(client):
    assert_error(client.get("/api/facts"), 401)
