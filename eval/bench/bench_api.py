"""Load on loopback: concurrent clients asking ``POST /api/ask`` for a fixed time.

Starts ``docqa serve`` on a free 127.0.0.1 port over a fresh index of ``corpus/``
(lexical + extractive), then runs N client threads for D seconds with the dev-set
questions, and prints requests/s, p50/p95 latency and the error count (must be 0).
Traffic goes to 127.0.0.1 only, and the run stops by itself.

    .venv/bin/python eval/bench/bench_api.py [--clients 16] [--seconds 30]
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time

import httpx
from common import CORPUS, REPO, percentile


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=30.0)
    args = parser.parse_args()
    questions = [json.loads(line)["question"] for line in (REPO / "eval/qa/dev.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    with tempfile.TemporaryDirectory() as data:
        env = {**os.environ, "DOCQA_DATA_DIR": data, "DOCQA_EMBED_MODEL": "none"}
        subprocess.run([sys.executable, "-m", "assistant.cli", "ingest", str(CORPUS), "--json"], env=env, check=True, capture_output=True)
        port = free_port()
        server = subprocess.Popen([sys.executable, "-m", "assistant.cli", "serve", "--port", str(port)], env=env,
                                  stdout=subprocess.DEVNULL, stderr=open(os.path.join(tempfile.gettempdir(), "docqa-bench-api.log"), "w"))
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.time() + 60
            while time.time() < deadline:
                try:
                    if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.2)
            latencies: list[float] = []
            errors: list[str] = []
            lock = threading.Lock()
            stop_at = time.time() + args.seconds

            def client(n: int) -> None:
                with httpx.Client(base_url=base, timeout=30) as http:
                    i = n
                    while time.time() < stop_at:
                        question = questions[i % len(questions)]
                        i += 1
                        start = time.perf_counter()
                        try:
                            response = http.post("/api/ask", json={"question": question})
                            ok = response.status_code == 200
                        except httpx.HTTPError as exc:
                            ok, response = False, exc
                        elapsed = (time.perf_counter() - start) * 1000
                        with lock:
                            if ok:
                                latencies.append(elapsed)
                            else:
                                errors.append(str(getattr(response, "status_code", None) or type(response).__name__))

            threads = [threading.Thread(target=client, args=(n,)) for n in range(args.clients)]
            began = time.time()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            wall = time.time() - began
        finally:
            server.terminate()
            server.wait(timeout=10)
    from collections import Counter

    if errors:
        print("errors by kind:", dict(Counter(errors).most_common(5)))
    print("| clients | seconds | requests | req/s | p50 ms | p95 ms | errors |")
    print("|---|---|---|---|---|---|---|")
    print(f"| {args.clients} | {wall:.0f} | {len(latencies)} | {len(latencies) / wall:.1f} | "
          f"{percentile(latencies, 50):.1f} | {percentile(latencies, 95):.1f} | {len(errors)} |")


if __name__ == "__main__":
    main()
