"""SIGKILL ``docqa ingest`` at seeded random moments and check the index survives.

Each run copies the baseline data directory (the corpus, indexed), starts
``docqa ingest`` on a copy of ``corpus/`` plus extra files (a few hundred kilobytes
of new text, so that loading, tokenising, writing and publishing all take a while),
kills its whole process group with SIGKILL after a delay drawn from a seeded RNG,
and then checks that ``CURRENT`` still loads and the dev questions, asked within the
corpus documents, answer exactly as before. After the last kill a complete ingest
must succeed in the same data directory and clear the abandoned build.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from eval.robustness.bad_inputs import CHECKED_IN, REPO, SEED
from eval.robustness.runner import CORPUS, RUN_ENV, Baseline, data_lost, ingest_subprocess

#: Extra text the killed ingest has to chew through (new documents, not in the baseline).
EXTRA_LINES = 20000


def make_ingest_input(folder: Path) -> Path:
    """``corpus/`` plus new documents: the checked-in good ones and a generated longer text."""
    shutil.copytree(CORPUS, folder)
    for name in ("shift_jis.txt", "euc_jp.txt", "scripts_and_handlers.html"):
        shutil.copyfile(CHECKED_IN / name, folder / name)
    rng = random.Random(SEED)
    with open(folder / "kill-filler.txt", "w", encoding="utf-8") as fh:
        fh.writelines(f"区民会館の予約{n}件目は第{rng.randrange(1, 50)}会議室で受け付けた。\n" for n in range(EXTRA_LINES))
    return folder


def lock_held(lock_file: Path) -> bool:
    """Whether some process holds ``lock_file`` (Linux ``/proc/locks``; the lock is not touched)."""
    if not lock_file.exists():
        return False
    inode = f":{lock_file.stat().st_ino} "
    try:
        return any(inode in line for line in Path("/proc/locks").read_text().splitlines())
    except OSError:
        return False


def _probe(source: Path, data_dir: Path, env: dict) -> tuple[float, float]:
    """Run one ingest to the end: (seconds until it held the lock, seconds in all)."""
    started = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-m", "assistant.cli", "ingest", str(source), "--json"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=REPO,
        env={**env, "DOCQA_DATA_DIR": str(data_dir)}, start_new_session=True,
    )
    locked = None
    while proc.poll() is None:
        if locked is None and lock_held(data_dir / "ingest.lock"):
            locked = time.monotonic() - started
        time.sleep(0.01)
    total = time.monotonic() - started
    return round(locked if locked is not None else 0.0, 2), round(total, 2)


def _builds(data_dir: Path) -> list[str]:
    folder = data_dir / "generations"
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".build-")) if folder.is_dir() else []


def kill_runs(work: Path, baseline: Baseline, *, runs: int = 5, seed: int = SEED) -> dict:
    """``runs`` killed ingests and one complete one; per-run records and the final check.

    A first, unkilled ingest measures when it takes the lock (after start-up and the
    walk, ``locked_s``) and when it ends (``probe_s``); run ``i`` is then killed at a
    seeded random moment within the ``i``-th fifth of that working time, so the kills
    spread over loading, tokenising, writing and publishing.
    ``phase`` says how far a killed run got: ``before writing`` (no build folder yet:
    start-up, loading, tokenising), ``writing`` (a half-written build folder was left),
    ``published`` (killed after the pointer swap); ``finished`` if it ended first.
    """
    from ingest.store import DataDir

    source = make_ingest_input(work / "input")
    rng = random.Random(seed)
    env = {**os.environ, "DOCQA_EMBED_MODEL": "none", "HF_HUB_OFFLINE": "1", **RUN_ENV}
    data_dir = work / "data"
    shutil.copytree(baseline.data_dir, data_dir, symlinks=True)
    locked_s, probe_s = _probe(source, data_dir, env)
    records = []
    for run in range(runs):
        shutil.rmtree(data_dir, ignore_errors=True)
        shutil.copytree(baseline.data_dir, data_dir, symlinks=True)
        before = DataDir(data_dir).current_generation()
        delay = round(locked_s + (probe_s - locked_s) * (run + rng.random()) / runs, 2)
        proc = subprocess.Popen(
            [sys.executable, "-m", "assistant.cli", "ingest", str(source), "--json"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=REPO,
            env={**env, "DOCQA_DATA_DIR": str(data_dir)}, start_new_session=True,
        )
        try:
            proc.wait(timeout=delay)
            killed = False
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            killed = True
        published = DataDir(data_dir).current_generation() != before
        phase = "finished" if not killed else "published" if published else "writing" if _builds(data_dir) else "before writing"
        records.append({
            "run": run + 1, "delay_s": delay, "killed": killed, "phase": phase,
            "lost": data_lost(baseline, data_dir),
        })
    started = time.monotonic()
    final = ingest_subprocess([source], data_dir)
    return {
        "seed": seed, "locked_s": locked_s, "probe_s": probe_s, "runs": records,
        "final": {
            "returncode": final["returncode"], "seconds": round(time.monotonic() - started, 2),
            "abandoned_builds": len(_builds(data_dir)), "lost": data_lost(baseline, data_dir),
            "documents": (final["summary"] or {}).get("documents"),
        },
    }
