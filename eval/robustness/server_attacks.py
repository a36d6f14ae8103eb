"""``docqa serve`` under attack, in a subprocess on a free loopback port: a feedback flood,
slow connections, and a read-only data directory. Each returns (or adds to) the checks of a
``scenarios`` record; the thresholds are stated in the check's text."""

from __future__ import annotations

import json
import os
import resource
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import psutil

from eval.robustness.runner import REPO, Baseline, data_lost
from eval.robustness.scenarios import Checks, record
from ingest.index.store import DataDir

QUESTION = "大阪市はどの都市と覚書（MOU）を締結していますか？"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serving(data_dir: Path, env: dict[str, str] | None = None, *, open_files: int | None = None) -> Iterator[tuple[str, psutil.Process]]:
    """``docqa serve`` over ``data_dir``; yields its base URL and process (stopped afterwards)."""
    port = _free_port()
    full_env = {k: v for k, v in os.environ.items() if k != "DOCQA_API_TOKEN"}
    full_env.update({"DOCQA_DATA_DIR": str(data_dir), "DOCQA_EMBED_MODEL": "none", "HF_HUB_OFFLINE": "1", **(env or {})})

    def limit_files() -> None:
        if open_files is not None:
            resource.setrlimit(resource.RLIMIT_NOFILE, (open_files, open_files))

    log = open(data_dir.parent / f"serve-{port}.log", "wb")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [sys.executable, "-m", "assistant.cli", "serve", "--port", str(port)], cwd=REPO, env=full_env,
        # preexec_fn is safe here: the scenarios start their server before any thread of theirs runs.
        stdout=log, stderr=log, start_new_session=True, preexec_fn=limit_files,  # noqa: PLW1509
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError(f"docqa serve did not start: {Path(log.name).read_text()[-500:]}")
            time.sleep(0.2)
        yield base, psutil.Process(proc.pid)
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def _error_shape(response: httpx.Response) -> bool:
    try:
        body = response.json()
    except ValueError:
        return False
    return isinstance(body, dict) and set(body) == {"error"} and set(body["error"]) == {"code", "message"}


def _answers(base: str) -> bool:
    response = httpx.post(f"{base}/api/ask", json={"question": QUESTION}, timeout=30)
    return response.status_code == 200 and bool(response.json().get("citations"))


def read_only_server(data_dir: Path, checks: Checks) -> None:
    """On a read-only data directory the server answers, and a rating is refused as 507, not 500."""
    with serving(data_dir) as (base, _proc):
        checks.check(_answers(base), "`docqa serve` answers from the read-only index")
        rating = httpx.post(f"{base}/api/feedback", json={"rating": "good", "question": "q", "answer": "a"}, timeout=10)
        checks.check(rating.status_code == 507 and _error_shape(rating),
                     f"a rating is refused with 507 in the error shape (got {rating.status_code})")


def _flood(base: str, clients: int, seconds: float, body: dict) -> Counter:
    statuses: Counter = Counter()
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client() -> None:
        with httpx.Client(base_url=base, timeout=30) as http:
            while time.monotonic() < stop_at:
                try:
                    response = http.post("/api/feedback", json=body)
                    key = response.status_code if _error_shape(response) or response.status_code == 201 else f"{response.status_code} (bad shape)"
                except httpx.HTTPError as exc:
                    key = type(exc).__name__
                with lock:
                    statuses[key] += 1

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def feedback_flood(work: Path, baseline: Baseline, *, clients: int = 8, seconds: float = 20.0) -> dict:
    """8 clients post 45 KB ratings as fast as they can: at the default rate, all but 30 a minute
    get 429; with the rate lifted, the database stops at its cap with 507; the export of it all
    does not swell the server; every refusal is in the error shape; the index answers as before."""
    started, checks = time.monotonic(), Checks()
    data = work / "flood" / "data"
    shutil.copytree(baseline.data_dir, data, symlinks=True)
    body = {"rating": "bad", "question": QUESTION, "answer": "a" * 45_000, "comment": "c" * 2000}
    peak = 0
    with serving(data) as (base, proc):
        limited = _flood(base, clients, seconds / 2, body)
        checks.check(set(limited) <= {201, 429} and limited[201] <= 30,
                     f"at the default rate: {limited[201]} accepted (at most 30 a minute), {limited[429]} got 429")
        peak = max(peak, proc.memory_info().rss)
    cap_mb = 20
    with serving(data, {"DOCQA_FEEDBACK_PER_MINUTE": "100000", "DOCQA_FEEDBACK_MAX_DB_MB": str(cap_mb)}) as (base, proc):
        flooded = _flood(base, clients, seconds, body)
        db = DataDir(data).feedback_db
        size_mb = db.stat().st_size / 2**20
        checks.check(set(flooded) <= {201, 507} and flooded[507] > 0,
                     f"rate lifted: {flooded[201]} accepted, then {flooded[507]} got 507 (the {cap_mb} MB cap)")
        checks.check(size_mb <= cap_mb, f"the database stopped at {size_mb:.1f} MB (cap {cap_mb} MB)")
        rss_before = proc.memory_info().rss
        export = httpx.get(f"{base}/api/feedback", timeout=120)
        rows = len(json.loads(export.content))
        rss_after = proc.memory_info().rss
        growth_mb = (rss_after - rss_before) / 2**20
        checks.check(export.status_code == 200 and rows == limited[201] + flooded[201],
                     f"the export streams all {rows} rows ({len(export.content) / 2**20:.0f} MB)")
        checks.check(growth_mb < 100, f"server memory grew {growth_mb:+.0f} MB during the export (under 100)")
        checks.check(_answers(base), "the server still answers")
        peak = max(peak, rss_after)
    lost = data_lost(baseline, data)
    shutil.rmtree(work / "flood", ignore_errors=True)
    return record("feedback flood", f"{clients} clients posting 45 KB ratings, {seconds / 2:.0f} s at the default rate "
                  f"and {seconds:.0f} s with it lifted, then one export", checks, lost, started,
                  peak_rss_mb=round(peak / 2**20), slow=True)


def _slowloris(host: str, port: int, sockets: int, seconds: float, lifetimes: list[float]) -> None:
    """Hold ``sockets`` connections that send a request's headers one line a second; record
    how long the server let each live."""
    stop_at = time.monotonic() + seconds
    live: dict[socket.socket, float] = {}

    def open_one() -> None:
        try:
            sock = socket.create_connection((host, port), timeout=2)
            sock.sendall(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            sock.setblocking(False)
            live[sock] = time.monotonic()
        except OSError:
            pass

    while time.monotonic() < stop_at:
        while len(live) < sockets and time.monotonic() < stop_at:
            open_one()
        for sock, opened in list(live.items()):
            try:
                if sock.recv(4096) == b"":
                    raise ConnectionResetError
            except BlockingIOError:
                try:
                    sock.send(b"X-Slow: 1\r\n")
                except OSError:
                    pass
                continue
            except OSError:
                pass
            lifetimes.append(time.monotonic() - opened)
            sock.close()
            del live[sock]
        time.sleep(1.0)
    for sock in live:
        sock.close()


def slow_connections(work: Path, baseline: Baseline, *, sockets: int = 300, seconds: float = 20.0) -> dict:
    """300 connections that never finish their request, against a server limited to 256 open
    files: each is closed within the request timeout, the others get 503 at once, a client
    asking meanwhile is always answered, and the descriptors come back."""
    started, checks = time.monotonic(), Checks()
    data = work / "slow" / "data"
    shutil.copytree(baseline.data_dir, data, symlinks=True)
    timeout_s = 2.0
    env = {"DOCQA_REQUEST_TIMEOUT_S": str(timeout_s), "DOCQA_MAX_CONNECTIONS": "100"}
    with serving(data, env, open_files=256) as (base, proc):
        fds_start = proc.num_fds()
        host, port = "127.0.0.1", int(base.rsplit(":", 1)[1])
        lifetimes: list[float] = []
        attack = threading.Thread(target=_slowloris, args=(host, port, sockets, seconds, lifetimes))
        attack.start()
        answered: Counter = Counter()
        slowest = 0.0
        time.sleep(2)
        while attack.is_alive():
            asked = time.monotonic()
            try:
                answered[httpx.get(f"{base}/health", timeout=10).status_code] += 1
            except httpx.HTTPError as exc:
                answered[type(exc).__name__] += 1
            slowest = max(slowest, time.monotonic() - asked)
            time.sleep(0.25)
        attack.join()
        time.sleep(timeout_s + 1)
        fds_end = proc.num_fds()
        checks.check(set(answered) <= {200, 503} and slowest < 5,
                     f"a client asking during the attack was always answered: {answered[200]}×200, "
                     f"{answered[503]}×503, slowest {slowest:.1f} s")
        longest = max(lifetimes, default=0.0)
        checks.check(lifetimes and longest < timeout_s + 2.5,
                     f"{len(lifetimes)} slow connections, each closed by the server within {longest:.1f} s "
                     f"(request timeout {timeout_s:g} s)")
        checks.check(fds_end <= fds_start + 5, f"file descriptors {fds_start} → {fds_end}")
        checks.check(_answers(base), "the server answers afterwards")
        peak = proc.memory_info().rss
    lost = data_lost(baseline, data)
    shutil.rmtree(work / "slow", ignore_errors=True)
    return record("slow connections", f"{sockets} connections sending headers one line a second for {seconds:.0f} s, "
                  "server limited to 256 open files and 100 connections", checks, lost, started,
                  peak_rss_mb=round(peak / 2**20), slow=True)
