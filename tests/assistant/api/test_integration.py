"""The API over a real tiny index and the real ``Assistant`` (lexical only, no models)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from assistant.api import create_app
from ingest.ja.normalise import normalise
from tests.assistant.api import AUTH, TOKEN, parse_sse
from tests.conftest import make_settings, write_docs

pytestmark = pytest.mark.integration

DOCS = {
    "osaka-mou.txt": (
        "大阪市の環境国際協力\n\n"
        "大阪市は、ベトナムのホーチミン市と2013年に環境分野の覚書（MOU）を締結した。\n"
        "また、フィリピンのケソン市とは2019年に低炭素都市づくりに関する覚書（MOU）を締結した。\n"
    ),
    "kawasaki-bandung.txt": (
        "川崎市の国際貢献\n\n"
        "川崎市とインドネシアのバンドン市は、2015年11月に環境分野の覚書を締結した。\n"
        "両市は廃棄物管理について専門家の相互派遣を続けている。\n"
    ),
    "tokyo23.txt": (
        "東京二十三区清掃事業の国際協力\n\n"
        "清掃一組は、これまでに12か国へ技術者を派遣し、焼却施設の運転管理を指導した。\n"
    ),
}


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    from ingest.pipeline import run_ingest

    root = tmp_path_factory.mktemp("api-index")
    settings = make_settings(root / "data", api_token=TOKEN)
    summary = run_ingest([write_docs(root / "docs", DOCS)], settings)
    assert summary.failed == [] and summary.documents == 3
    with TestClient(create_app(settings)) as client:
        yield client


def test_health_reports_the_real_index(client):
    body = client.get("/health").json()
    assert body["index"]["documents"] == 3 and body["version"]


def test_documents_and_passages_from_the_real_index(client):
    docs = client.get("/api/documents", headers=AUTH).json()
    assert len(docs) == 3 and all(d["chars"] > 0 and d["chunks"] >= 1 for d in docs)
    doc = next(d for d in docs if "osaka" in d["doc"])
    detail = client.get(f"/api/documents/{doc['doc']}", headers=AUTH).json()
    assert detail["text"] == DOCS["osaka-mou.txt"]


def test_ask_and_open_the_cited_passage(client):
    response = client.post(
        "/api/ask",
        json={"question": "大阪市はどの都市と覚書（MOU）を締結していますか？"},
        headers=AUTH,
    )
    assert response.status_code == 200, response.text
    data = response.json()
    assert data["answerable"] is True
    assert "ホーチミン市" in data["answer"] and "ケソン市" in data["answer"]
    citation = data["citations"][0]
    detail = client.get(
        f"/api/documents/{citation['doc']}?start={citation['start']}&end={citation['end']}",
        headers=AUTH,
    ).json()
    # Quotes are normalised text; start/end point into the original.
    assert detail["passage"] == DOCS["osaka-mou.txt"][citation["start"] : citation["end"]]
    assert citation["text"] in normalise(detail["passage"]).text
    passage = client.get(
        f"/api/passages/{citation['passage_id'].replace('#', '%23')}", headers=AUTH
    ).json()
    assert passage["doc"] == citation["doc"]


def test_chat_stream_and_follow_up(client):
    first = parse_sse(
        client.post(
            "/api/chat",
            json={"question": "川崎市とバンドン市の覚書はいつ締結された？"},
            headers=AUTH,
        ).text
    )
    assert first[-1][0] == "final", first
    final = first[-1][1]
    assert "2015年11月" in final["answer"]
    history = [
        {"role": "user", "content": final["question"]},
        {"role": "assistant", "content": final["answer"]},
    ]
    follow = client.post(
        "/api/ask", json={"question": "大阪市は？", "history": history}, headers=AUTH
    )
    assert follow.status_code == 200
