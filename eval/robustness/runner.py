"""Ingest bad inputs into a data directory that already holds the corpus, and count.

For every input the runner copies a *baseline* data directory (the corpus, indexed
lexically, with the answers to the dev questions recorded), runs ``docqa ingest
FOLDER --json`` in a subprocess with a deadline, samples the memory of the process
tree, and then checks

* **handled**: every file got its expected, named outcome (see ``bad_inputs``);
* **hung**: the deadline passed and the process group was killed;
* **data lost**: a corpus document is gone, one of its chunk records changed, or a dev
  question is answered differently from the baseline (answer, short answer, cited
  passages).

``run_separately`` gives each input its own ingest (the report); ``run_batch`` puts
every input in one folder and ingests it once (the test suite, which pays for one
process start instead of twenty).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

from eval.robustness.bad_inputs import REPO, BadInput, Expect
from ingest.core.models import Chunk
from ingest.index.records import DocumentRecord
from ingest.pathnames import shown

CORPUS = REPO / "corpus"
DEV_QA = REPO / "eval" / "qa" / "dev.jsonl"
#: The ingest subprocess is killed (and counted as hung) after this long.
DEADLINE_S = 180.0
#: Limits the runner sets for the ingest it watches: the per-file timeout must end
#: well before the deadline, or a slow file would be counted as a hang.
RUN_ENV = {"DOCQA_FILE_TIMEOUT_S": "120", "DOCQA_PARSE_TIMEOUT_S": "60"}


def _settings(data_dir: Path):
    from ingest.core.settings import Settings

    return Settings(data_dir=data_dir, embed_model="none", corpus_dir=CORPUS)


def dev_questions() -> list[str]:
    with open(DEV_QA, encoding="utf-8") as fh:
        return [json.loads(line)["question"] for line in fh if line.strip()]


def answers(data_dir: Path, questions: list[str]) -> dict[str, list]:
    """What the index in ``data_dir`` answers: answer, short answer and cited passages."""
    from assistant.service import Assistant

    assistant = Assistant.from_settings(_settings(data_dir), with_models=False)
    out = {}
    for question in questions:
        response = assistant.ask(question)
        out[question] = [response.answer, response.short_answer, [c.passage_id for c in response.citations]]
    return out


def reference_answers(paths: list[Path], questions: list[str]) -> dict[str, list]:
    """The answers of a clean index of exactly these files, in this order.

    New documents may rightly change an answer (they change BM25's statistics, or hold
    a better passage), so after an ingest that added documents the old answers are not
    the yardstick: the answers of a from-scratch index of the same documents are.
    """
    import tempfile

    from ingest.pipeline import run_ingest

    with tempfile.TemporaryDirectory(prefix="docqa-reference-") as tmp:
        run_ingest(paths, _settings(Path(tmp)))
        return answers(Path(tmp), questions)


@dataclass
class Baseline:
    data_dir: Path
    questions: list[str]
    answers: dict[str, list]
    chunks: dict[str, Chunk]
    texts: dict[str, str]


def build_baseline(work: Path, questions: list[str] | None = None) -> Baseline:
    """Index the corpus into ``work/baseline`` and record what it answers."""
    from ingest.pipeline import run_ingest

    data_dir = work / "baseline"
    summary = run_ingest([CORPUS], _settings(data_dir))
    if summary.failed:
        raise RuntimeError(f"the corpus itself failed to ingest: {summary.failed}")
    questions = dev_questions() if questions is None else questions
    _, chunks = _current(data_dir)
    return Baseline(data_dir, questions, answers(data_dir, questions), chunks, stored_texts(data_dir))


def _current(data_dir: Path) -> tuple[dict[str, DocumentRecord], dict[str, Chunk]]:
    from ingest.index.store import DataDir

    generation = DataDir(data_dir).current()
    return generation.read_documents(), {c.chunk_id: c for c in generation.read_chunks()}


def stored_texts(data_dir: Path) -> dict[str, str]:
    """Each document's stored original text (what the API shows a passage in)."""
    from ingest.index.store import DataDir

    generation = DataDir(data_dir).current()
    return {d: generation.read_text(doc) for d, doc in generation.read_documents().items()}


def data_lost(baseline: Baseline, data_dir: Path) -> list[str]:
    """What of the baseline is missing or different in ``data_dir``; empty when nothing.

    Lost: a baseline chunk record or stored text that changed or is gone, an index that
    no longer loads, or a dev question answered differently from the baseline (when the
    documents are the same) or from a clean index of the same documents (when some
    were added).
    """
    try:
        docs, chunks = _current(data_dir)
        texts = stored_texts(data_dir)
        now = answers(data_dir, baseline.questions)
    except Exception as exc:  # noqa: BLE001 - an unreadable index is data lost, reported as such
        return [f"the index no longer loads: {type(exc).__name__}: {exc}"]
    lost = [f"chunk {cid} changed or is gone" for cid, rec in baseline.chunks.items() if chunks.get(cid) != rec]
    lost += [f"stored text of {d} changed or is gone" for d, t in baseline.texts.items() if texts.get(d) != t]
    if set(docs) == set(baseline.texts):
        expected, against = baseline.answers, "the baseline"
    else:
        expected = reference_answers([Path(d.path) for d in docs.values()], baseline.questions)
        against = "a clean index of the same documents"
    lost += [f"answer differs from {against}: {q}" for q in baseline.questions if now[q] != expected[q]]
    return lost


def ingest_subprocess(
    paths: list[Path], data_dir: Path, *, deadline_s: float = DEADLINE_S, env: dict | None = None,
    options: tuple[str, ...] = (),
) -> dict:
    """Run ``docqa ingest PATHS --json [OPTIONS]`` in its own process group; kill the group at the deadline."""
    full_env = {**os.environ, "DOCQA_DATA_DIR": str(data_dir), "DOCQA_EMBED_MODEL": "none", "HF_HUB_OFFLINE": "1", **RUN_ENV, **(env or {})}
    started = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-m", "assistant.cli", "ingest", *map(str, paths), "--json", *options],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=full_env, cwd=REPO, start_new_session=True,
    )
    peak, hung = 0, False
    while True:
        try:
            out, err = proc.communicate(timeout=0.1)
            break
        except subprocess.TimeoutExpired:
            peak = max(peak, _tree_rss(proc.pid))
            if time.monotonic() - started > deadline_s:
                hung = True
                os.killpg(proc.pid, signal.SIGKILL)
    try:
        summary = json.loads(out)
    except ValueError:
        summary = None
    return {
        "returncode": proc.returncode, "summary": summary, "hung": hung,
        "stderr": err.decode("utf-8", "replace")[-2000:],
        "seconds": round(time.monotonic() - started, 2), "peak_rss_mb": round(peak / 2**20),
    }


def _tree_rss(pid: int) -> int:
    """Peak resident memory so far of a process plus its live children, in bytes.

    The kernel's high-water mark (VmHWM) catches spikes between two samples; a child
    that lived and died between samples (a PDF parser) can still be missed.
    """
    try:
        proc = psutil.Process(pid)
        return sum(_high_water(p) for p in [proc, *proc.children(recursive=True)])
    except psutil.Error:
        return 0


def _high_water(proc: psutil.Process) -> int:
    try:
        with open(f"/proc/{proc.pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return proc.memory_info().rss


def observe(folder: Path, rel: str, summary: dict, docs: dict[str, DocumentRecord]) -> tuple[str, str]:
    """What ingest made of ``folder/rel``: (outcome, message). Paths in the summary are as
    :func:`ingest.pathnames.shown` prints them (a name that is not UTF-8, escaped)."""
    path = shown(folder / rel)
    for failure in summary["failed"]:
        if failure["path"] == path:
            return "refused", failure["error"]
    for doc in docs.values():
        if doc.path == str(folder / rel):
            return "indexed", "; ".join(doc.warnings)
    for warning in summary["warnings"]:
        if warning.startswith(f"{path}: "):
            return "skipped", warning[len(path) + 2 :]
    return "unaccounted", ""


def check_file(expect: Expect, got: str, message: str, text: str | None, chunks: list[Chunk]) -> list[str]:
    """Problems with one file's outcome; empty when it is the expected one."""
    problems = []
    if expect.outcome == "named":
        if got == "unaccounted":
            problems.append("no outcome in the summary")
    elif got != expect.outcome:
        problems.append(f"expected {expect.outcome}, got {got} ({message})")
    if got in ("refused", "skipped") and (not message or "\n" in message):
        problems.append(f"the message is not one non-empty line: {message!r}")
    if expect.message and expect.message not in message:
        problems.append(f"message {message!r} lacks {expect.message!r}")
    if got == "indexed":
        if not chunks:
            problems.append("indexed without chunks")
        for fragment in expect.contains:
            if fragment not in (text or ""):
                problems.append(f"text lacks {fragment!r}")
        indexed = "\n".join(c.text + "\n" + c.index_text for c in chunks)
        for fragment in expect.absent:
            if fragment in (text or "") or fragment in indexed:
                problems.append(f"{fragment!r} reached the index")
    return problems


def evaluate(entry: BadInput, folder: Path, summary: dict, data_dir: Path) -> dict:
    """Per-file outcomes and problems of one input after an ingest that finished."""
    from ingest.index.store import DataDir

    docs, chunks = _current(data_dir)
    generation = DataDir(data_dir).current()
    files, problems = {}, []
    for rel, expect in entry.expect.items():
        got, message = observe(folder, rel, summary, docs)
        doc = next((d for d in docs.values() if d.path == str(folder / rel)), None)
        text = generation.read_text(doc) if doc else None
        own = [c for c in chunks.values() if doc and c.doc_id == doc.doc_id]
        file_problems = check_file(expect, got, message, text, own)
        files[shown(rel)] = {"expected": expect.outcome, "got": got, "message": message[:300]}
        problems += [f"{shown(rel)}: {p}" for p in file_problems]
    return {"files": files, "problems": problems}


def _slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", name)


def _prepare(entry: BadInput, folder: Path, outside: Path) -> float:
    folder.mkdir(parents=True)
    outside.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    entry.make(folder, outside)
    return round(time.monotonic() - started, 2)


def _status(result: dict, evaluated: dict | None) -> str:
    if result["hung"]:
        return "hung"
    if evaluated is None:
        return "crashed"
    return "handled" if not evaluated["problems"] else "not handled"


def _last_line(result: dict) -> str:
    if result["hung"]:
        return f"killed after {result['seconds']} s"
    lines = result["stderr"].strip().splitlines()
    return f"exit code {result['returncode']}: {lines[-1] if lines else 'no output'}"


def run_entry(entry: BadInput, work: Path, baseline: Baseline, *, deadline_s: float = DEADLINE_S) -> dict:
    """Ingest one input on its own into a copy of the baseline; the record the report shows."""
    root = work / _slug(entry.name)
    folder, outside, data_dir = root / "input", root / "outside", root / "data"
    generate_s = _prepare(entry, folder, outside)
    shutil.copytree(baseline.data_dir, data_dir, symlinks=True)
    result = ingest_subprocess([folder], data_dir, deadline_s=deadline_s)
    evaluated = None
    if not result["hung"] and result["summary"] is not None and result["returncode"] in (0, 3):
        evaluated = evaluate(entry, folder, result["summary"], data_dir)
    record = {
        "name": entry.name, "description": entry.description, "slow": entry.slow, "tags": list(entry.tags),
        "status": _status(result, evaluated),
        "files": evaluated["files"] if evaluated else {},
        "problems": evaluated["problems"] if evaluated else [_last_line(result)],
        "lost": data_lost(baseline, data_dir),
        "seconds": result["seconds"], "generate_seconds": generate_s, "peak_rss_mb": result["peak_rss_mb"],
        "returncode": result["returncode"],
    }
    shutil.rmtree(root, ignore_errors=True)
    return record


def run_separately(entries: list[BadInput], work: Path, baseline: Baseline, *, progress=None) -> list[dict]:
    records = []
    for entry in entries:
        record = run_entry(entry, work, baseline)
        records.append(record)
        if progress:
            progress(record)
    return records


def run_batch(entries: list[BadInput], work: Path, baseline: Baseline, *, deadline_s: float = DEADLINE_S) -> dict:
    """All inputs in one folder, one ingest; per-input records plus the run's own figures."""
    root = work / "batch"
    outside, data_dir = root / "outside", root / "data"
    folders = {entry.name: root / "input" / _slug(entry.name) for entry in entries}
    for entry in entries:
        _prepare(entry, folders[entry.name], outside)
    shutil.copytree(baseline.data_dir, data_dir, symlinks=True)
    result = ingest_subprocess([root / "input"], data_dir, deadline_s=deadline_s)
    finished = not result["hung"] and result["summary"] is not None and result["returncode"] in (0, 3)
    records = {}
    for entry in entries:
        evaluated = evaluate(entry, folders[entry.name], result["summary"], data_dir) if finished else None
        records[entry.name] = {"status": _status(result, evaluated), **(evaluated or {"files": {}, "problems": [_last_line(result)]})}
    return {
        "records": records, "lost": data_lost(baseline, data_dir), "input": root / "input", "data_dir": data_dir,
        **{k: result[k] for k in ("hung", "seconds", "peak_rss_mb", "returncode")},
    }


def totals(records: list[dict]) -> dict:
    """The report's counts over per-input records (and scenario records: their time and
    memory are a server's or several commands', so the ingest maxima leave them out)."""
    files = [f for r in records for f in r["files"].values()]
    ingests = [r for r in records if "scenario" not in r.get("tags", ())]
    return {
        "inputs": len(records),
        "files": sum(len(r["files"]) or 1 for r in records),
        "handled": sum(r["status"] == "handled" for r in records),
        "failed": sum(r["status"] in ("not handled", "crashed") for r in records),
        "hung": sum(r["status"] == "hung" for r in records),
        "not_run": sum(r["status"] == "not run" for r in records),
        "data_lost": sum(bool(r["lost"]) for r in records),
        "indexed": sum(f["got"] == "indexed" for f in files),
        "refused": sum(f["got"] == "refused" for f in files),
        "skipped": sum(f["got"] == "skipped" for f in files),
        "max_seconds": max((r["seconds"] for r in ingests), default=0),
        "max_peak_rss_mb": max((r["peak_rss_mb"] for r in ingests), default=0),
    }
