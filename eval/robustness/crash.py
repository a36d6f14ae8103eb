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
from ingest.index.store import DataDir

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


def _probe(source: Path, data_dir: Path, env: dict) -> dict[str, float]:
    """Run one ingest to the end; seconds until it held the lock, until its build folder
    appeared, and until it ended."""
    started = time.monotonic()
    proc = _start_ingest(source, data_dir, env)
    marks: dict[str, float] = {}
    while proc.poll() is None:
        now = round(time.monotonic() - started, 2)
        if "locked" not in marks and lock_held(DataDir(data_dir).lock_path):
            marks["locked"] = now
        if "build" not in marks and _builds(data_dir):
            marks["build"] = now
        time.sleep(0.005)
    end = round(time.monotonic() - started, 2)
    locked = marks.get("locked", 0.0)
    return {"locked": locked, "build": marks.get("build", (locked + end) / 2), "end": end}


def _builds(data_dir: Path) -> list[str]:
    return DataDir(data_dir).builds()


def _start_ingest(source: Path, data_dir: Path, env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "assistant.cli", "ingest", str(source), "--json"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=REPO,
        env={**env, "DOCQA_DATA_DIR": str(data_dir)}, start_new_session=True,
    )


def _kill_after(proc: subprocess.Popen, data_dir: Path, anchor: str, offset: float) -> bool:
    """SIGKILL the process group ``offset`` s after ``anchor`` ("lock" taken or "build" folder
    seen); False when the ingest ended first."""
    seen = lock_held if anchor == "lock" else lambda _lock: bool(_builds(data_dir))
    while not seen(DataDir(data_dir).lock_path):
        if proc.poll() is not None:
            return False
        time.sleep(0.005)
    try:
        proc.wait(timeout=offset)
        return False
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        return True


def kill_runs(work: Path, baseline: Baseline, *, runs: int = 5, seed: int = SEED) -> dict:
    """``runs`` killed ingests and one complete one; per-run records and the final check.

    A first, unkilled ingest measures when it takes the lock (after start-up and the
    walk), when its build folder appears and when it ends (``probe``). All runs but the
    last two are killed at seeded random offsets after taking the lock, in successive
    slices of the probe's reading time (lock to build folder); the last two at offsets
    after their build folder appeared, in the two halves of the writing time (build
    folder to end). Kills are timed from what the ingest did, not from its start, so
    they reach the writing phase however slow the start-up.
    ``phase`` says how far a killed run got: ``before writing`` (no build folder yet:
    loading, tokenising), ``writing`` (a half-written build folder was left),
    ``published`` (killed after the pointer swap); ``finished`` if it ended first.
    """
    source = make_ingest_input(work / "input")
    rng = random.Random(seed)
    env = {**os.environ, "DOCQA_EMBED_MODEL": "none", "HF_HUB_OFFLINE": "1", **RUN_ENV}
    data_dir = work / "data"
    shutil.copytree(baseline.data_dir, data_dir, symlinks=True)
    probe = _probe(source, data_dir, env)
    writing_runs = min(2, runs)
    reading_runs = runs - writing_runs
    records = []
    for run in range(runs):
        shutil.rmtree(data_dir, ignore_errors=True)
        shutil.copytree(baseline.data_dir, data_dir, symlinks=True)
        before = DataDir(data_dir).current_generation()
        if run < reading_runs:
            anchor, width, slot, slots = "lock", probe["build"] - probe["locked"], run, reading_runs
        else:
            anchor, width, slot, slots = "build", probe["end"] - probe["build"], run - reading_runs, writing_runs
        offset = round(width * (slot + rng.random()) / slots, 3)
        killed = _kill_after(_start_ingest(source, data_dir, env), data_dir, anchor, offset)
        published = DataDir(data_dir).current_generation() != before
        phase = "finished" if not killed else "published" if published else "writing" if _builds(data_dir) else "before writing"
        records.append({
            "run": run + 1, "after": "taking the lock" if anchor == "lock" else "its build folder appeared",
            "offset_s": offset, "killed": killed, "phase": phase, "lost": data_lost(baseline, data_dir),
        })
    started = time.monotonic()
    final = ingest_subprocess([source], data_dir)
    return {
        "seed": seed, "probe": probe, "runs": records,
        "final": {
            "returncode": final["returncode"], "seconds": round(time.monotonic() - started, 2),
            "abandoned_builds": len(_builds(data_dir)), "lost": data_lost(baseline, data_dir),
            "documents": (final["summary"] or {}).get("documents"),
        },
    }
