"""``docqa serve --workers 2`` against a real ``chroma run`` server, end to end.

One Chroma server (the binary that the chromadb package ships) on a free loopback
port, one index ingested into it, two uvicorn workers. The tests check that both
workers answer with dense retrieval through the server, share one memory-mapped
copy of the index, and each pick up a newly published generation on their own;
that an ingest into another data directory on the same server leaves this one's
vectors alone; and that an index whose vectors are elsewhere is refused clearly.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import psutil
import pytest

from tests.conftest import CORPUS, make_settings, write_docs

pytestmark = [pytest.mark.integration, pytest.mark.slow]

CHROMA = Path(sys.executable).with_name("chroma")
DOCS = ["kawasaki-env-yearbook-ch3-intl-contribution-fy2023.txt", "osaka-env-intl-cooperation-page-2024.txt"]
NEW_FACT = "ナタコサ市と川崎市は、2019年4月8日に水道分野の協力に関する覚書を締結した。"
NEW_QUESTION = "川崎市とナタコサ市の水道分野の協力に関する覚書はいつ締結されましたか？"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, seconds: float, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited with {process.returncode}")
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer within {seconds} s")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            for child in psutil.Process(process.pid).children(recursive=True):
                child.kill()
            process.kill()
            process.wait(timeout=10)


def workers(server: subprocess.Popen) -> list[int]:
    """The uvicorn worker processes (spawned children; not multiprocessing's resource tracker)."""
    found = []
    for child in psutil.Process(server.pid).children():
        try:
            if "spawn_main" in " ".join(child.cmdline()):
                found.append(child.pid)
        except psutil.NoSuchProcess:
            pass
    return found


def mapped_files(pid: int) -> set[str]:
    with open(f"/proc/{pid}/maps", encoding="utf-8") as fh:
        return {line.split(None, 5)[5].strip() for line in fh if len(line.split(None, 5)) == 6}


def generation_files(data: Path) -> set[str]:
    """The memory-mapped files of the current generation: BM25 arrays and the chunk records."""
    from ingest.index.generation import LEXICAL
    from ingest.index.store import DataDir

    generation = DataDir(data).current()
    return {str(p) for p in generation.file(LEXICAL).glob("*.npy")} | {str(generation.chunks_file())}


@pytest.fixture(scope="module")
def chroma(tmp_path_factory):
    if not CHROMA.exists():
        pytest.skip(f"no chroma binary beside {sys.executable}")
    root = tmp_path_factory.mktemp("chroma-server")
    port = free_port()
    with open(root / "chroma.log", "wb") as log:
        process = subprocess.Popen(
            [str(CHROMA), "run", "--path", str(root / "db"), "--host", "127.0.0.1", "--port", str(port)],
            stdout=log, stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{url}/api/v2/heartbeat", 30, process)
        yield url
    finally:
        stop(process)


@pytest.fixture(scope="module")
def served(chroma, tmp_path_factory):
    """Two docs ingested into the Chroma server; ``docqa serve --workers 2`` over them."""
    from ingest.pipeline import run_ingest

    root = tmp_path_factory.mktemp("workers")
    corpus = root / "corpus"
    corpus.mkdir()
    for name in [*DOCS, "manifest.json"]:
        shutil.copyfile(CORPUS / name, corpus / name)
    settings = make_settings(root / "data", chroma_url=chroma, embed_model="fake:hashing")
    summary = run_ingest([corpus], settings)
    assert summary.failed == [] and summary.warnings == []
    port = free_port()
    env = {
        **os.environ, "DOCQA_DATA_DIR": str(settings.data_dir), "DOCQA_CHROMA_URL": chroma,
        "DOCQA_EMBED_MODEL": "fake:hashing", "DOCQA_CORPUS_DIR": str(corpus),
    }
    env.pop("DOCQA_API_TOKEN", None)
    with open(root / "serve.log", "wb") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "assistant.cli", "serve", "--port", str(port), "--workers", "2"],
            env=env, cwd=root, stdout=log, stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{base}/health", 60, server)
        deadline = time.monotonic() + 60
        files = generation_files(settings.data_dir)
        while time.monotonic() < deadline:  # each worker loads the index at start-up
            pids = workers(server)
            if len(pids) == 2 and all(files <= mapped_files(pid) for pid in pids):
                break
            time.sleep(0.2)
        else:
            pytest.fail(f"two workers with the index mapped did not appear: {(root / 'serve.log').read_text()[-2000:]}")
        yield {"base": base, "server": server, "settings": settings, "corpus": corpus, "chroma": chroma, "root": root}
    finally:
        stop(server)


def ask_concurrently(base: str, question: str, n: int) -> list[httpx.Response]:
    """``n`` asks at once, each on its own connection, so that the kernel spreads them over the workers."""
    responses: list = [None] * n

    def one(i: int) -> None:
        with httpx.Client(timeout=30) as client:
            responses[i] = client.post(f"{base}/api/ask", json={"question": question})

    threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return responses


def test_workers_answer_with_vectors_from_the_chroma_server(served):
    health = httpx.get(f"{served['base']}/health", timeout=10).json()
    assert health["retrievers"] == ["lexical", "dense"]
    assert health["index"]["embed_model"] == "hashing-bigram-64"
    import chromadb

    host, port = served["chroma"].rsplit(":", 1)
    names = {c.name for c in chromadb.HttpClient(host="127.0.0.1", port=int(port)).list_collections()}
    assert f"docqa_{health['index']['generation']}" in names
    for response in ask_concurrently(served["base"], "川崎市とバンドン市の覚書はいつ締結された？", 6):
        assert response.status_code == 200
        assert "2016年2月18日" in response.json()["answer"]


def test_workers_share_one_memory_mapped_index(served):
    files = generation_files(served["settings"].data_dir)
    pids = workers(served["server"])
    assert len(pids) == 2
    for pid in pids:
        assert files <= mapped_files(pid)


def test_each_worker_picks_up_a_new_generation_on_its_own(served):
    from ingest.pipeline import run_ingest

    before = ask_concurrently(served["base"], NEW_QUESTION, 2)
    assert all("2019年4月8日" not in r.json()["answer"] for r in before)
    write_docs(served["corpus"], {"kawasaki-natakosa-memo.txt": f"川崎市 上下水道局 国際協力の記録\n\n{NEW_FACT}\n"})
    summary = run_ingest([served["corpus"]], served["settings"])
    assert summary.added == 1 and summary.failed == []
    new_files = generation_files(served["settings"].data_dir)
    pids = workers(served["server"])
    deadline = time.monotonic() + 30
    answered = []
    while time.monotonic() < deadline and not all(new_files <= mapped_files(pid) for pid in pids):
        answered += ask_concurrently(served["base"], NEW_QUESTION, 4)
    assert all(new_files <= mapped_files(pid) for pid in pids), "a worker never loaded the new generation"
    for response in answered:  # every ask after the publication, whichever worker took it
        assert response.status_code == 200
        assert "2019年4月8日" in response.json()["answer"]


def test_an_ingest_deletes_only_its_own_collections_on_a_shared_server(served, tmp_path):
    from assistant.service import Assistant
    from ingest.index.store import DataDir
    from ingest.pipeline import run_ingest

    other = make_settings(tmp_path / "other", chroma_url=served["chroma"], embed_model="fake:hashing")
    assert run_ingest([CORPUS / DOCS[1]], other).failed == []
    first = DataDir(served["settings"].data_dir).current().read_meta()
    for _ in range(3):  # enough generations for this data directory to prune its oldest
        run_ingest([served["corpus"]], served["settings"])
    import chromadb

    port = int(served["chroma"].rsplit(":", 1)[1])
    names = {c.name for c in chromadb.HttpClient(host="127.0.0.1", port=port).list_collections()}
    assert first.collection not in names  # its own stale vectors are cleaned up
    assistant = Assistant.from_settings(other)
    assert assistant.health().retrievers == ["lexical", "dense"]
    response = assistant.ask("大阪市はどの都市と覚書を締結していますか？")
    assert "ホーチミン" in response.answer and "dense" not in response.degraded


def test_an_index_whose_vectors_are_elsewhere_is_refused_clearly(served, tmp_path):
    from assistant.service import Assistant
    from ingest.core.errors import IndexMismatchError
    from ingest.pipeline import run_ingest

    embedded = make_settings(tmp_path / "embedded", embed_model="fake:hashing")
    assert run_ingest([CORPUS / DOCS[1]], embedded).failed == []
    with pytest.raises(IndexMismatchError, match="DOCQA_CHROMA_URL"):
        Assistant.from_settings(embedded.model_copy(update={"chroma_url": served["chroma"]}))


def test_a_chroma_server_that_is_down_costs_dense_retrieval_only(tmp_path):
    from assistant.service import Assistant
    from ingest.pipeline import run_ingest

    settings = make_settings(tmp_path / "data", embed_model="fake:hashing")
    assert run_ingest([CORPUS / DOCS[1]], settings).failed == []
    down = settings.model_copy(update={"chroma_url": f"http://127.0.0.1:{free_port()}"})
    assistant = Assistant.from_settings(down)
    health = assistant.health()
    assert health.retrievers == ["lexical"] and health.dense == "unavailable"
    assert any("cannot reach the Chroma server" in n for n in health.notices)
    response = assistant.ask("大阪市はどの都市と覚書を締結していますか？")
    assert "ホーチミン" in response.answer and "dense" in response.degraded


def test_collections_declare_no_embedding_function_and_record_the_model(served):
    """Any Chroma client sees what made the vectors (model, dimension, units) and that the
    collection declares no embedding function; it queries with vectors of that model.
    (chromadb's Python client still falls back to its own default model for ``query_texts``.)"""
    import chromadb

    from ingest.index.store import DataDir

    meta = DataDir(served["settings"].data_dir).current().read_meta()
    port = int(served["chroma"].rsplit(":", 1)[1])
    collection = chromadb.HttpClient(host="127.0.0.1", port=port).get_collection(meta.collection, embedding_function=None)
    assert collection.configuration_json["embedding_function"] is None
    assert collection.metadata["embed_model"] == meta.embed_model == "hashing-bigram-64"
    assert collection.metadata["embed_dim"] == 64 and collection.metadata["units"] == meta.embed_units
    found = collection.query(query_embeddings=[[0.125] * 64], n_results=1, include=["distances"])
    assert len(found["ids"][0]) == 1
