"""A real ``chroma run`` stopped under a live ``docqa serve``: questions go on lexically.

Before, every question failed with 503 while ``/health`` said ok and listed the dense
retriever. Now a question is answered from lexical retrieval (``degraded: ["dense"]``, one
log line), ``/health`` says ``"dense": "unavailable"``, and when the server is back the
answers are hybrid again without a restart.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

import httpx
import pytest

from tests.assistant.api.test_workers import CHROMA, DOCS, free_port, stop, wait_for
from tests.conftest import CORPUS, make_settings

pytestmark = [pytest.mark.integration, pytest.mark.slow]

QUESTION = "川崎市とバンドン市の覚書はいつ締結された？"
RETRY_S = 0.5


def start_chroma(path, port: int, log) -> subprocess.Popen:
    process = subprocess.Popen(
        [str(CHROMA), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log, stderr=subprocess.STDOUT,
    )
    wait_for(f"http://127.0.0.1:{port}/api/v2/heartbeat", 30, process)
    return process


def ask(base: str) -> dict:
    response = httpx.post(f"{base}/api/ask", json={"question": QUESTION}, timeout=30)
    assert response.status_code == 200, response.text
    return response.json()


def test_questions_are_answered_lexically_while_chroma_is_down(tmp_path):
    from ingest.pipeline import run_ingest

    if not CHROMA.exists():
        pytest.skip(f"no chroma binary beside {sys.executable}")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in [*DOCS, "manifest.json"]:
        shutil.copyfile(CORPUS / name, corpus / name)
    chroma_port = free_port()
    chroma_url = f"http://127.0.0.1:{chroma_port}"
    chroma_log = open(tmp_path / "chroma.log", "ab")  # noqa: SIM115 - kept open across restarts
    chroma = start_chroma(tmp_path / "db", chroma_port, chroma_log)
    server = None
    try:
        settings = make_settings(tmp_path / "data", chroma_url=chroma_url, embed_model="fake:hashing")
        assert run_ingest([corpus], settings).failed == []
        port = free_port()
        env = {**os.environ, "DOCQA_DATA_DIR": str(settings.data_dir), "DOCQA_CHROMA_URL": chroma_url,
               "DOCQA_EMBED_MODEL": "fake:hashing", "DOCQA_DENSE_RETRY_S": str(RETRY_S)}
        env.pop("DOCQA_API_TOKEN", None)
        with open(tmp_path / "serve.log", "wb") as log:
            server = subprocess.Popen(
                [sys.executable, "-m", "assistant.cli", "serve", "--port", str(port)],
                env=env, cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT,
            )
        base = f"http://127.0.0.1:{port}"
        wait_for(f"{base}/health", 60, server)

        health = httpx.get(f"{base}/health", timeout=10).json()
        assert health["dense"] == "ok" and health["retrievers"] == ["lexical", "dense"]
        hybrid = ask(base)
        assert "2016年2月18日" in hybrid["answer"] and hybrid["degraded"] == []

        stop(chroma)
        for _ in range(3):  # every question while it is down, not only the first
            lexical = ask(base)
            assert "2016年2月18日" in lexical["answer"] and lexical["degraded"] == ["dense"]
        health = httpx.get(f"{base}/health", timeout=10).json()
        assert health["status"] == "ok" and health["dense"] == "unavailable"
        assert health["retrievers"] == ["lexical"] and "dense" in health["unavailable"]
        assert any("cannot be reached" in n or "cannot reach" in n for n in health["notices"])

        chroma = start_chroma(tmp_path / "db", chroma_port, chroma_log)
        time.sleep(RETRY_S * 2)
        back = ask(base)
        assert back["degraded"] == [] and "2016年2月18日" in back["answer"]
        assert [p["passage_id"] for p in back["passages"]] == [p["passage_id"] for p in hybrid["passages"]]
        health = httpx.get(f"{base}/health", timeout=10).json()
        assert health["dense"] == "ok" and health["retrievers"] == ["lexical", "dense"]
    finally:
        if server is not None:
            stop(server)
        stop(chroma)
        chroma_log.close()
    log_text = (tmp_path / "serve.log").read_text(encoding="utf-8")
    assert log_text.count("dense retrieval unavailable") == 1 and "dense retrieval is back" in log_text
