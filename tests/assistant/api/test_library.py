"""Uploading, replacing and deleting documents through the API with the token: the same
ingest path, answers only from what is indexed now, refusals that say what to do."""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient

from assistant.api import create_app
from assistant.service import Assistant
from eval import officegen
from ingest.loaders.ocr import unavailable
from ingest.pipeline import run_ingest
from tests.assistant.api import AUTH, TOKEN, assert_error
from tests.conftest import make_settings, write_docs

pytestmark = [pytest.mark.integration, pytest.mark.slow]

BASE = {"base.txt": "大阪市は2013年にホーチミン市と覚書を締結した。両市は環境分野で協力している。\n"}
DOCX = officegen.docx_bytes(
    "みどり公園のご案内", [("第1章 開園時間", ["みどり公園の開園時間は午前9時から午後5時までです。"])],
    [["施設名", "定員"], ["ひかり会館", "120人"]],
)
XLSX = officegen.xlsx_bytes({"施設一覧": [["施設名", "所在地", "定員"], ["そら会館", "中央区", "80人"], ["うみ会館", "北区", "45人"]]})
OCR_MISSING = unavailable("jpn+jpn_vert") if officegen.japanese_font() else "no Japanese font"


@pytest.fixture()
def app(tmp_path):
    settings = make_settings(tmp_path / "data", api_token=TOKEN)
    run_ingest([write_docs(tmp_path / "docs", BASE)], settings)
    return create_app(settings, Assistant.from_settings(settings, with_models=False))


@pytest.fixture()
def client(app):
    with TestClient(app) as client:
        yield client


def wait(client, response, seconds: float = 120) -> dict:
    assert response.status_code == 202, response.text
    job = response.json()
    assert response.headers["location"] == f"/api/jobs/{job['id']}"
    deadline = time.monotonic() + seconds
    while job["state"] in ("queued", "running"):
        assert time.monotonic() < deadline, job
        time.sleep(0.2)
        got = client.get(f"/api/jobs/{job['id']}", headers=AUTH)
        assert got.status_code == 200, got.text
        job = got.json()
    return job


def ask(client, question: str) -> dict:
    return client.post("/api/ask", json={"question": question}, headers=AUTH).json()


def test_upload_ask_replace_and_delete(client):
    files = [("files", ("park.docx", DOCX)), ("files", ("halls.xlsx", XLSX))]
    job = wait(client, client.post("/api/documents", files=files, data={"series": "公園だより", "edition": "2024年度"}, headers=AUTH))
    assert job["state"] == "done" and [r["outcome"] for r in job["results"]] == ["indexed", "indexed"]
    docs = {d["doc"]: d for d in client.get("/api/documents", headers=AUTH).json()}
    assert docs["park.docx"]["uploaded"] and docs["park.docx"]["format"] == "docx"
    assert docs["halls.xlsx"]["edition"] == "2024年度" and not docs["base.txt"]["uploaded"]

    answer = ask(client, "みどり公園の開園時間は？")
    assert answer["answerable"] and "午前9時" in answer["answer"]
    assert {c["doc"] for c in answer["citations"]} == {"park.docx"}
    kept = {"answer": answer["answer"], "citations": answer["citations"]}  # as a browser keeps it
    assert client.post("/api/draft", json=kept, headers=AUTH).status_code == 200
    answer = ask(client, "そら会館の定員は？")
    assert answer["answerable"] and "80人" in answer["answer"]
    assert answer["citations"][0]["doc"] == "halls.xlsx" and answer["citations"][0]["section"] == "施設一覧"

    new = officegen.docx_bytes("みどり公園のご案内", [("第1章 開園時間", ["みどり公園の開園時間は午前8時から午後6時までです。"])])
    job = wait(client, client.put("/api/documents/park.docx", files={"file": ("park-v2.docx", new)}, headers=AUTH))
    assert [r["outcome"] for r in job["results"]] == ["indexed"]
    answer = ask(client, "みどり公園の開園時間は？")
    assert "午前8時" in answer["answer"] and "午前9時" not in str(answer)
    assert_error(client.post("/api/draft", json=kept, headers=AUTH), 409, "conflict")  # the old version's quote
    ids = list(dict.fromkeys(c["passage_id"] for c in kept["citations"]))
    assert client.post("/api/passages/missing", json={"passage_ids": ids}, headers=AUTH).json()["missing"] == ids

    job = wait(client, client.delete("/api/documents/park.docx", headers=AUTH))
    assert job["results"] == [{"doc": "park.docx", "outcome": "deleted", "message": "", "chunks": 0, "ocr_pages": [], "warnings": []}]
    answer = ask(client, "みどり公園の開園時間は？")
    assert not answer["answerable"] and all(p["doc"] != "park.docx" for p in answer["passages"])
    assert "park.docx" not in {d["doc"] for d in client.get("/api/documents", headers=AUTH).json()}
    completion = client.post("/v1/chat/completions", json={"model": "docqa", "messages": [{"role": "user", "content": "みどり公園の開園時間は？"}]}, headers=AUTH).json()
    assert "park.docx" not in str(completion)


@pytest.mark.skipif(bool(OCR_MISSING), reason=f"OCR unavailable: {OCR_MISSING} (make install installs Tesseract as root)")
def test_a_scanned_pdf_is_ocrd_and_answers(client):
    scan = officegen.scanned_pdf_bytes([["浮島処理センターの年間焼却量は31万トンです。", "焼却施設は市内に3か所ある。"]])
    job = wait(client, client.post("/api/documents", files={"files": ("scan.pdf", scan)}, headers=AUTH))
    assert job["results"][0]["outcome"] == "indexed" and job["results"][0]["ocr_pages"] == [1]
    answer = ask(client, "浮島処理センターの年間焼却量は？")
    assert answer["answerable"] and "31万トン" in answer["answer"]
    assert answer["citations"][0]["ocr"] is True and answer["citations"][0]["page"] == 1
    draft = client.post("/api/draft", json={"answer": answer["answer"], "citations": answer["citations"]}, headers=AUTH).json()
    assert "1ページ、OCRによる読み取り" in draft["text"]


def test_changes_need_the_token(client):
    assert_error(client.post("/api/documents", files={"files": ("a.docx", DOCX)}), 401, "unauthorized")
    assert_error(client.delete("/api/documents/base.txt"), 401, "unauthorized")


def test_what_cannot_be_taken_is_refused_up_front(client):
    assert_error(client.post("/api/documents", files={"files": ("base.txt", b"x")}, headers=AUTH), 409, "conflict")
    error = assert_error(client.post("/api/documents", files={"files": ("old.jtd", officegen.ole_file({"x": b"y"}))}, headers=AUTH), 415)
    assert ".docx または PDF で保存してください" in error["message"]
    error = assert_error(client.post("/api/documents", files={"files": ("a.docx", officegen.ole_file({"WordDocument": b"y"}))}, headers=AUTH), 415)
    assert ".doc" in error["message"]
    assert_error(client.post("/api/documents", files={"files": ("../x.txt", b"x")}, headers=AUTH), 422)
    assert_error(client.post("/api/documents", files={"files": ("a.exe", b"MZ")}, headers=AUTH), 415)
    assert_error(client.delete("/api/documents/base.txt", headers=AUTH), 409, "conflict")
    assert_error(client.delete("/api/documents/none.txt", headers=AUTH), 404, "not_found")
    assert_error(client.get("/api/jobs/../../etc", headers=AUTH), 404)


def test_a_corrupt_file_is_refused_by_its_job_and_nothing_is_lost(client):
    job = wait(client, client.post("/api/documents", files={"files": ("bomb.xlsx", officegen.entity_bomb("xlsx"))}, headers=AUTH))
    assert job["state"] == "done" and job["results"][0]["outcome"] == "refused"
    assert "declares XML entities" in job["results"][0]["message"]
    assert {d["doc"] for d in client.get("/api/documents", headers=AUTH).json()} == {"base.txt"}


def test_a_large_upload_is_413(tmp_path):
    settings = make_settings(tmp_path / "data", api_token=TOKEN, upload_max_mb=1)
    run_ingest([write_docs(tmp_path / "docs", BASE)], settings)
    with TestClient(create_app(settings, Assistant.from_settings(settings, with_models=False))) as client:
        big = b"a" * (3 * 2**20)
        assert_error(client.post("/api/documents", files={"files": ("big.txt", big)}, headers=AUTH), 413)
