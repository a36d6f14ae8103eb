"""Ingests while ``docqa serve`` answers, and two ingests at once.

One scenario (module fixture, about 15 s), several checks. ``docqa serve`` runs on a
free loopback port over a copy of the corpus index while a client asks a corpus
question in a loop. Ingest A (the corpus plus new documents, one of them about a tree
planting festival, and ~2 MB of filler so that it takes seconds) starts; once A holds the
lock, ingest B1 (lock timeout 0) and ingest B2 (lock timeout 120 s) start on another
folder. Expected: B1 refuses with exit 1 and writes nothing; B2 waits for A and then
builds on A's index; the server answers every request, from the old index until A
publishes, and the festival question becomes answerable without a restart.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from eval.robustness import crash
from eval.robustness.runner import REPO, RUN_ENV
from ingest.index.generation import TOKENS
from ingest.index.jsonio import read_jsonl
from ingest.index.store import DataDir
from tests.conftest import write_docs

pytestmark = [
    pytest.mark.integration,
    pytest.mark.slow,
    pytest.mark.skipif(not Path("/proc/locks").exists(), reason="needs Linux /proc/locks to see who holds the lock"),
]

CORPUS_QUESTION = "大阪市とホーチミン市が姉妹港提携を締結したのは何年ですか？"
NEW_QUESTION = "みどりの植樹祭はいつ開催されますか？"
NEW_DOC = "みどりの 植樹祭 案内.txt"  # Japanese and spaces in the name, through ingest and the API
NEW_TEXT = "みどりの植樹祭\n\n第12回みどりの植樹祭は、2025年10月19日に中央公園で開催される。\n"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _env(data_dir: Path, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "DOCQA_API_TOKEN"}
    return {**env, "DOCQA_DATA_DIR": str(data_dir), "DOCQA_EMBED_MODEL": "none", "HF_HUB_OFFLINE": "1", **RUN_ENV, **extra}


def _start(args: list[str], env: dict, log: Path) -> subprocess.Popen:
    with open(log, "wb") as err:  # the child has its own copy of the descriptor
        return subprocess.Popen(
            [sys.executable, "-m", "assistant.cli", *args], cwd=REPO, env=env, start_new_session=True,
            stdout=subprocess.PIPE, stderr=err,
        )


class Asker(threading.Thread):
    """Asks the corpus question in a loop; records (status, answer, generation)."""

    def __init__(self, base: str) -> None:
        super().__init__(daemon=True)
        self.base, self.stop, self.seen = base, threading.Event(), []

    def run(self) -> None:
        with httpx.Client(base_url=self.base, timeout=30) as client:
            while not self.stop.is_set():
                ask = client.post("/api/ask", json={"question": CORPUS_QUESTION})
                health = client.get("/health")
                answer = ask.json().get("answer") if ask.status_code == 200 else None
                self.seen.append((ask.status_code, health.status_code, answer, health.json()["index"]["generation"]))
                time.sleep(0.05)


@pytest.fixture(scope="module")
def scenario(baseline, tmp_path_factory):
    import shutil

    root = tmp_path_factory.mktemp("concurrency")
    data = root / "data"
    shutil.copytree(baseline.data_dir, data, symlinks=True)
    big = crash.make_ingest_input(root / "a")
    (big / NEW_DOC).write_text(NEW_TEXT, encoding="utf-8")
    # A second filler keeps A holding the lock for seconds, well past B1's start-up.
    filler = (big / "kill-filler.txt").read_text(encoding="utf-8")
    (big / "more-filler.txt").write_text(filler.replace("区民会館", "市民ホール"), encoding="utf-8")
    small = write_docs(root / "b", {"b-notice.txt": "公民館の休館日は毎週月曜日です。\n"})
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = _start(["serve", "--port", str(port)], _env(data), root / "serve.log")
    procs = [server]
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline and server.poll() is None, (root / "serve.log").read_text()
            time.sleep(0.1)
        before = {
            q: httpx.post(f"{base}/api/ask", json={"question": q}, timeout=30).json()
            for q in (CORPUS_QUESTION, NEW_QUESTION)
        }
        old_generation = DataDir(data).current_generation()
        asker = Asker(base)
        asker.start()
        a = _start(["ingest", str(big), "--json"], _env(data), root / "a.log")
        procs.append(a)
        deadline = time.monotonic() + 60
        while not crash.lock_held(DataDir(data).lock_path):
            assert time.monotonic() < deadline and a.poll() is None, (root / "a.log").read_text()
            time.sleep(0.02)
        b1 = _start(["ingest", str(small), "--json"], _env(data, DOCQA_LOCK_TIMEOUT_S="0"), root / "b1.log")
        b2 = _start(["ingest", str(small), "--json"], _env(data, DOCQA_LOCK_TIMEOUT_S="120"), root / "b2.log")
        procs += [b1, b2]
        results = {}
        for name, proc in (("b1", b1), ("a", a), ("b2", b2)):
            out, _ = proc.communicate(timeout=180)
            results[name] = {"code": proc.returncode, "out": out.decode(), "ended": time.monotonic(),
                             "err": (root / f"{name}.log").read_text(encoding="utf-8", errors="replace")}
        time.sleep(0.3)
        asker.stop.set()
        asker.join(30)
        after = {
            q: httpx.post(f"{base}/api/ask", json={"question": q}, timeout=30).json()
            for q in (CORPUS_QUESTION, NEW_QUESTION)
        }
        from urllib.parse import quote

        document = httpx.get(f"{base}/api/documents/{quote(NEW_DOC)}", timeout=30)
        yield {"data": data, "before": before, "after": after, "seen": asker.seen, "results": results,
               "old_generation": old_generation, "document": document}
    finally:
        for proc in procs:
            if proc.poll() is None:
                os.killpg(proc.pid, 9)
                proc.wait()


def test_second_ingest_refuses_at_once(scenario):
    b1 = scenario["results"]["b1"]
    assert b1["code"] == 1 and b1["out"] == ""
    assert "another `docqa ingest` is writing" in b1["err"]
    assert b1["ended"] < scenario["results"]["a"]["ended"]


def test_waiting_ingest_builds_on_the_first(scenario):
    a, b2 = scenario["results"]["a"], scenario["results"]["b2"]
    assert a["code"] == 0, a["err"]
    assert b2["code"] == 0, b2["err"]
    first, second = json.loads(a["out"]), json.loads(b2["out"])
    # B2 started before A published, yet its previous index is A's: it waited for the lock.
    assert second["documents"] == first["documents"] + 1
    assert (second["added"], second["unchanged"]) == (1, 0)


def test_the_final_index_is_whole(scenario):
    generation = DataDir(scenario["data"]).current()
    docs = generation.read_documents()
    rows = read_jsonl(generation.chunks_file())
    assert {NEW_DOC, "b-notice.txt"} <= set(docs)
    assert [r["chunk_id"] for r in rows] == [c for d in docs.values() for c in d.chunk_ids]
    assert len(read_jsonl(generation.file(TOKENS))) == len(rows)


def test_server_answered_every_request_during_the_ingests(scenario):
    seen = scenario["seen"]
    assert len(seen) >= 10
    assert {(s[0], s[1]) for s in seen} == {(200, 200)}
    old = scenario["before"][CORPUS_QUESTION]["answer"]
    new = scenario["after"][CORPUS_QUESTION]["answer"]
    served_old = [s for s in seen if s[3] == scenario["old_generation"]]
    assert served_old, "no request was answered before the first publish"
    assert {s[2] for s in seen} <= {old, new}
    assert "1994" in old


def test_new_document_answerable_after_publish_without_restart(scenario):
    before, after = scenario["before"][NEW_QUESTION], scenario["after"][NEW_QUESTION]
    assert NEW_DOC not in {c["doc"] for c in before["citations"]}
    assert after["answerable"] is True
    assert NEW_DOC in {c["doc"] for c in after["citations"]}
    assert "2025年10月19日" in after["answer"]


def test_new_document_with_a_japanese_spaced_name_is_served(scenario):
    response = scenario["document"]
    assert response.status_code == 200, response.text
    assert response.json()["text"] == NEW_TEXT
