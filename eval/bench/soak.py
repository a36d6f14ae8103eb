"""Soak on loopback: N concurrent clients for D seconds against one ``docqa serve`` worker.

Starts ``docqa serve`` on a free 127.0.0.1 port over a fresh lexical index of ``corpus/``
(as ``bench_api.py`` does), warms it up with the same load, and then runs the clients for
``--seconds`` with a mix of requests: ``POST /api/ask`` (most), ``POST /api/chat`` (SSE,
read to its ``final`` event), ``GET /api/documents/{doc}`` with a highlight range,
``GET /api/passages/{id}``, ``POST /v1/chat/completions`` and ``POST /api/feedback``, with
the dev and extra QA questions.

The server's resident memory and open file descriptors (psutil, the server process and any
children) are measured when it is idle: after the warm-up, and again after the soak once
the clients have closed their connections. An error is any status other than the expected
one, an exception, or an event stream without its ``final`` event. Writes
``eval/reports/robustness/soak.json``. Traffic goes to 127.0.0.1 only; the run stops by itself.

    .venv/bin/python eval/bench/soak.py [--seconds 600] [--clients 32] [--warmup 30]
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import quote

import httpx
import psutil
from bench_api import free_port
from common import CORPUS, REPO, percentile

OUT = REPO / "eval" / "reports" / "robustness" / "soak.json"
#: (kind, weight) of the request mix.
MIX = [("ask", 60), ("chat", 15), ("document", 10), ("passage", 5), ("openai", 5), ("feedback", 5)]
#: Seconds allowed for connections to close before the idle measurement.
SETTLE_S = 3.0
SAMPLE_EVERY_S = 10.0


def questions() -> list[str]:
    out = []
    for name in ("dev.jsonl", "extra.jsonl"):
        for line in (REPO / "eval" / "qa" / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                out.append(json.loads(line)["question"])
    return out


def server_footprint(process: psutil.Process) -> tuple[float, int]:
    """(resident MiB, open file descriptors) of the server and its children."""
    processes = [process, *process.children(recursive=True)]
    rss = sum(p.memory_info().rss for p in processes) / 2**20
    fds = sum(p.num_fds() for p in processes)
    return rss, fds


class Load:
    """Client threads sending the request mix until ``stop_at``; latencies and errors recorded."""

    def __init__(self, base: str, asks: list[str], docs: list[dict], seed: int) -> None:
        self.base = base
        self.asks = asks
        self.docs = docs
        self.seed = seed
        self.passages: list[str] = []
        self.latencies: list[float] = []
        self.errors: Counter = Counter()
        self.kinds: Counter = Counter()
        self.lock = threading.Lock()

    def request(self, http: httpx.Client, kind: str, rng: random.Random) -> str | None:
        """Send one request of ``kind``; the error description, or None when it went well."""
        question = rng.choice(self.asks)
        if kind == "ask":
            response = http.post("/api/ask", json={"question": question})
            if response.status_code == 200:
                ids = [p["passage_id"] for p in response.json()["passages"][:3]]
                with self.lock:
                    if len(self.passages) < 500:
                        self.passages.extend(ids)
            return None if response.status_code == 200 else f"ask {response.status_code}"
        if kind == "chat":
            with http.stream("POST", "/api/chat", json={"question": question}) as response:
                body = response.read().decode("utf-8")
            if response.status_code != 200:
                return f"chat {response.status_code}"
            return None if "event: final" in body else "chat without final event"
        if kind == "document":
            doc = rng.choice(self.docs)
            start = rng.randrange(0, max(1, doc["chars"] - 200))
            response = http.get(f"/api/documents/{quote(doc['doc'], safe='')}", params={"start": start, "end": start + 200})
            return None if response.status_code == 200 else f"document {response.status_code}"
        if kind == "passage":
            with self.lock:
                passage = rng.choice(self.passages) if self.passages else None
            if passage is None:
                return None
            response = http.get(f"/api/passages/{quote(passage, safe='')}")
            return None if response.status_code == 200 else f"passage {response.status_code}"
        if kind == "openai":
            body = {"model": "docqa", "messages": [{"role": "user", "content": question}]}
            response = http.post("/v1/chat/completions", json=body)
            return None if response.status_code == 200 else f"openai {response.status_code}"
        response = http.post("/api/feedback", json={
            "rating": rng.choice(["good", "bad"]), "comment": "soak", "question": question, "answer": "soak"})
        return None if response.status_code == 201 else f"feedback {response.status_code}"

    def client(self, n: int, stop_at: float, record: bool) -> None:
        rng = random.Random(self.seed * 1000 + n)
        kinds, weights = zip(*MIX, strict=True)
        with httpx.Client(base_url=self.base, timeout=60) as http:
            while time.time() < stop_at:
                kind = rng.choices(kinds, weights)[0]
                started = time.perf_counter()
                try:
                    error = self.request(http, kind, rng)
                except httpx.HTTPError as exc:
                    error = f"{kind} {type(exc).__name__}"
                elapsed = (time.perf_counter() - started) * 1000
                if not record:
                    continue
                with self.lock:
                    self.kinds[kind] += 1
                    if error is None:
                        self.latencies.append(elapsed)
                    else:
                        self.errors[error] += 1

    def run(self, clients: int, seconds: float, record: bool) -> float:
        stop_at = time.time() + seconds
        threads = [threading.Thread(target=self.client, args=(n, stop_at, record)) for n in range(clients)]
        began = time.time()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return time.time() - began


def wait_healthy(base: str, server: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"docqa serve exited with {server.returncode}")
        try:
            if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError("docqa serve did not become healthy")


def soak(seconds: float, clients: int, warmup: float, seed: int = 1) -> dict:
    with tempfile.TemporaryDirectory(prefix="docqa-soak-") as data:
        # The clients stand for many users but share one address: the per-address feedback
        # rate (DOCQA_FEEDBACK_PER_MINUTE) would refuse most of their ratings.
        env = {**os.environ, "DOCQA_DATA_DIR": data, "DOCQA_EMBED_MODEL": "none", "HF_HUB_OFFLINE": "1",
               "DOCQA_FEEDBACK_PER_MINUTE": "100000"}
        env.pop("DOCQA_API_TOKEN", None)
        subprocess.run([sys.executable, "-m", "assistant.cli", "ingest", str(CORPUS), "--json"],
                       env=env, check=True, capture_output=True)
        port = free_port()
        log_path = Path(tempfile.gettempdir()) / "docqa-soak-server.log"
        with open(log_path, "w") as log:
            server = subprocess.Popen(
                [sys.executable, "-m", "assistant.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
                env=env, stdout=subprocess.DEVNULL, stderr=log)
        base = f"http://127.0.0.1:{port}"
        samples: list[dict] = []
        try:
            wait_healthy(base, server)
            process = psutil.Process(server.pid)
            docs = httpx.get(f"{base}/api/documents", timeout=10).json()
            load = Load(base, questions(), docs, seed)
            load.run(clients, warmup, record=False)
            time.sleep(SETTLE_S)
            rss_start, fds_start = server_footprint(process)

            done = threading.Event()

            def sample() -> None:
                began = time.time()
                while not done.wait(SAMPLE_EVERY_S):
                    rss, fds = server_footprint(process)
                    samples.append({"t": round(time.time() - began), "rss_mb": round(rss, 1), "fds": fds})

            sampler = threading.Thread(target=sample, daemon=True)
            sampler.start()
            wall = load.run(clients, seconds, record=True)
            done.set()
            sampler.join()
            time.sleep(SETTLE_S)
            rss_end, fds_end = server_footprint(process)
            alive = server.poll() is None
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
    requests = len(load.latencies) + sum(load.errors.values())
    return {
        "seconds": round(wall, 1),
        "clients": clients,
        "warmup_seconds": warmup,
        "requests": requests,
        "req_per_s": round(requests / wall, 1),
        "errors": sum(load.errors.values()) + (0 if alive else 1),
        "errors_by_kind": dict(load.errors.most_common()),
        "requests_by_kind": dict(load.kinds.most_common()),
        "server_alive_at_end": alive,
        "rss_start_mb": round(rss_start, 1),
        "rss_end_mb": round(rss_end, 1),
        "rss_max_mb": round(max([rss_end, *(s["rss_mb"] for s in samples)]), 1),
        "rss_growth_pct": round((rss_end - rss_start) / rss_start * 100, 2),
        "fds_start": fds_start,
        "fds_end": fds_end,
        "p50_ms": round(percentile(load.latencies, 50), 1),
        "p95_ms": round(percentile(load.latencies, 95), 1),
        "samples": samples,
        "measured": datetime.date.today().isoformat(),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=600.0)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--warmup", type=float, default=30.0)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    result = soak(args.seconds, args.clients, args.warmup)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print("| seconds | clients | requests | req/s | errors | RSS start → end MB | growth | fds start → end | p50 ms | p95 ms |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    print(f"| {result['seconds']:.0f} | {result['clients']} | {result['requests']} | {result['req_per_s']} | "
          f"{result['errors']} | {result['rss_start_mb']} → {result['rss_end_mb']} | {result['rss_growth_pct']}% | "
          f"{result['fds_start']} → {result['fds_end']} | {result['p50_ms']} | {result['p95_ms']} |")
    if result["errors_by_kind"]:
        print("errors by kind:", result["errors_by_kind"])
    ok = result["errors"] == 0 and result["rss_growth_pct"] < 10 and result["fds_end"] <= result["fds_start"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
