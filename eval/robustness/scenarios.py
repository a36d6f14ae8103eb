"""Damage that is not a bad file: a damaged index, a data directory inside the input, a full
or read-only disk. Each scenario runs ``docqa`` in subprocesses against a copy of the
baseline data directory and returns a record shaped like ``runner.run_entry``'s:

* **handled**: every check of the scenario held (they are listed in ``outcome``);
* **data lost**: afterwards, a corpus chunk record or stored text differs from the baseline,
  or a dev question is answered differently (``runner.data_lost``).

A scenario that needs what this machine cannot do (mounting a tmpfs) is ``not run``, with
the reason, and counts as neither handled nor failed.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from eval.robustness.mounts import MountUnavailable, fill, read_only_view, small_tmpfs
from eval.robustness.runner import CORPUS, Baseline, data_lost, ingest_subprocess
from ingest.index.generation import CHUNKS, DOCUMENTS, FACTS_RAW, META, TEXTS, TOKENS, Generation
from ingest.index.jsonio import read_json, write_json
from ingest.index.store import DataDir

NEW_DOC = ("notice.txt", "公民館の休館日は毎週月曜日です。図書室は午後五時に閉まります。\n")


@dataclass
class Checks:
    """The checks of one scenario, in order; ``ok`` when all held."""

    items: list[tuple[bool, str]]

    def __init__(self) -> None:
        self.items = []

    def check(self, held: bool, what: str) -> bool:
        self.items.append((bool(held), what))
        return bool(held)

    @property
    def ok(self) -> bool:
        return all(held for held, _ in self.items)

    def problems(self) -> list[str]:
        return [f"did not hold: {what}" for held, what in self.items if not held]

    def outcome(self) -> str:
        return "; ".join(f"{'✓' if held else '✗'} {what}" for held, what in self.items)


def record(name: str, description: str, checks: Checks | None, lost: list[str], started: float, *,
           reason: str = "", peak_rss_mb: int = 0, slow: bool = False) -> dict:
    """A record for the report and the totals (``files`` empty: a scenario is one input)."""
    status = "not run" if checks is None else "handled" if checks.ok else "not handled"
    return {
        "name": name, "description": description, "slow": slow, "tags": ["scenario"], "status": status,
        "files": {}, "problems": [reason] if checks is None else checks.problems(),
        "outcome": reason if checks is None else checks.outcome(), "lost": lost,
        "seconds": round(time.monotonic() - started, 1), "generate_seconds": 0.0, "peak_rss_mb": peak_rss_mb,
        "returncode": None,
    }


def _new_folder(root: Path) -> Path:
    folder = root / "new"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / NEW_DOC[0]).write_text(NEW_DOC[1], encoding="utf-8")
    return folder


def _last_line(result: dict) -> str:
    lines = result["stderr"].strip().splitlines()
    return lines[-1] if lines else ""


# --- a damaged previous generation ------------------------------------------------------------


def _cut(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 20])


def _respell(path: Path) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace("大阪", "大坂", 1), encoding="utf-8")


@dataclass(frozen=True)
class Damage:
    """What is done to the current generation, the file ``--check`` must name, what the ingest's
    error must say, and how ``--rebuild`` ends (3: it could not recover every document)."""

    spoil: Callable[[Generation], None]
    damaged: Callable[[Generation], str]
    said: Callable[[Generation], str]
    rebuild_exit: int = 0


def _first_text(generation: Generation) -> str:
    return f"{TEXTS.name}/{next(iter(generation.read_documents().values())).text_file}"


DAMAGES: dict[str, Damage] = {
    "tokens cut short": Damage(lambda g: _cut(g.file(TOKENS)), lambda g: TOKENS.name, lambda g: TOKENS.name),
    "raw facts cut short": Damage(lambda g: _cut(g.file(FACTS_RAW)), lambda g: FACTS_RAW.name, lambda g: FACTS_RAW.name),
    "chunks respelled (still parses)": Damage(lambda g: _respell(g.file(CHUNKS)), lambda g: CHUNKS.name, lambda g: CHUNKS.name),
    "another format version": Damage(
        lambda g: write_json(g.file(META), {**read_json(g.file(META)), "format_version": 99}),
        lambda g: META.name, lambda g: "format version 99",
    ),
    "a stored text deleted": Damage(lambda g: (g.path / _first_text(g)).unlink(), _first_text, _first_text),
    # The only generation's catalogue: the rebuild has the given files (the corpus) and says so.
    "catalogue cut short": Damage(
        lambda g: _cut(g.file(DOCUMENTS)), lambda g: DOCUMENTS.name, lambda g: DOCUMENTS.name, rebuild_exit=3,
    ),
}


def damaged_generation(work: Path, baseline: Baseline, damage: str) -> dict:
    """Damage the current generation, then: an ingest of another folder stops and names the
    file, ``--check`` names it, ``--rebuild`` repairs, ``--check`` passes, nothing is lost."""
    started, checks = time.monotonic(), Checks()
    root = work / f"damaged-{abs(hash(damage))}"
    data = root / "data"
    shutil.copytree(baseline.data_dir, data, symlinks=True)
    store = DataDir(data)
    before = store.current_generation()
    spec = DAMAGES[damage]
    generation = store.current()
    damaged, named = spec.damaged(generation), spec.said(generation)
    spec.spoil(generation)
    stopped = ingest_subprocess([_new_folder(root)], data)
    line = _last_line(stopped)
    checks.check(stopped["returncode"] == 1, f"an ingest of another folder exits 1 (got {stopped['returncode']})")
    checks.check(named in line and "--rebuild" in line, "its one-line error names the damage and `--rebuild`")
    checks.check(store.current_generation() == before and not store.builds(), "nothing published, no build left")
    check = ingest_subprocess([], data, options=("--check",))
    report = check["summary"] or {}
    checks.check(check["returncode"] == 1 and damaged in {d["file"] for d in report.get("damaged", [])},
                 f"`--check` exits 1 naming {damaged}")
    repaired = ingest_subprocess([CORPUS], data, options=("--rebuild",))
    checks.check(repaired["returncode"] == spec.rebuild_exit and (repaired["summary"] or {}).get("documents") == 5,
                 f"`--rebuild` exits {spec.rebuild_exit} with the 5 documents (got {repaired['returncode']})")
    checks.check(ingest_subprocess([], data, options=("--check",))["returncode"] == 0, "`--check` then exits 0")
    lost = data_lost(baseline, data)
    shutil.rmtree(root, ignore_errors=True)
    return record(f"damaged generation: {damage}", f"{damage}, then an ingest of another folder", checks, lost, started)


def rebuilt_from_stored_texts(work: Path, baseline: Baseline) -> dict:
    """The files are gone and the index is damaged: ``--rebuild`` makes every document again
    from the texts the index stored, and it answers as the baseline does."""
    started, checks = time.monotonic(), Checks()
    root = work / "stored-texts"
    copy, data = root / "corpus", root / "data"
    shutil.copytree(CORPUS, copy)
    checks.check(ingest_subprocess([copy], data)["returncode"] == 0, "the corpus copy is indexed")
    shutil.rmtree(copy)
    _cut(DataDir(data).current().file(TOKENS))
    empty = root / "empty"
    empty.mkdir()  # the default folder of `docqa ingest`, so that nothing but the stored texts is there
    rebuilt = ingest_subprocess([], data, options=("--rebuild",), env={"DOCQA_CORPUS_DIR": str(empty)})
    summary = rebuilt["summary"] or {}
    checks.check(rebuilt["returncode"] == 0 and summary.get("documents") == 5, "`--rebuild` exits 0 with 5 documents")
    checks.check(sum("rebuilt from the text the index stored" in w for w in summary.get("warnings", [])) == 5,
                 "each document is said to come from its stored text")
    lost = data_lost(baseline, data)
    shutil.rmtree(root, ignore_errors=True)
    return record("damaged generation: files gone", "the corpus files deleted, tokens cut short, then `--rebuild`",
                  checks, lost, started)


# --- where the data directory is, and what it can hold ----------------------------------------


def data_dir_inside_input(work: Path, baseline: Baseline) -> dict:
    """``DOCQA_DATA_DIR`` inside the folder ingested: three ingests keep 5 documents."""
    started, checks = time.monotonic(), Checks()
    folder = work / "inside" / "corpus"
    shutil.copytree(CORPUS, folder)
    data = folder / "index-data"
    counts = [(ingest_subprocess([folder], data)["summary"] or {}).get("documents") for _ in range(3)]
    checks.check(counts == [5, 5, 5], f"three ingests hold 5, 5, 5 documents (got {counts})")
    warnings = (ingest_subprocess([folder], data)["summary"] or {}).get("warnings", [])
    checks.check(any(w.startswith(f"{data}: skipped, it is the data directory") for w in warnings),
                 "a warning says the data directory was skipped")
    lost = data_lost(baseline, data)
    shutil.rmtree(folder.parent, ignore_errors=True)
    return record("data directory inside the input", "DOCQA_DATA_DIR is a folder of the folder ingested, three runs",
                  checks, lost, started)


def full_disk(work: Path, baseline: Baseline) -> dict:
    """A tmpfs with 200 KB free: the ingest fails in one line and leaves no build; once space
    is freed the next ingest works; a build that fills the disk is cleared by the next ingest."""
    started, checks = time.monotonic(), Checks()
    name, description = "full disk (tmpfs)", "an 8 MB tmpfs holding the index, filled to 200 KB free; then a full build left"
    try:
        mount = small_tmpfs(8 * 2**20)
        point = mount.__enter__()
    except MountUnavailable as exc:
        return record(name, description, None, [], started, reason=f"not run: {exc}")
    try:
        data = point / "data"
        shutil.copytree(baseline.data_dir, data, symlinks=True)
        store = DataDir(data)
        before = store.current_generation()
        filler = fill(point, leave_bytes=200_000)
        failed = ingest_subprocess([_new_folder(work / "full")], data)
        checks.check(failed["returncode"] == 1 and "No space left on device" in _last_line(failed),
                     "the ingest exits 1 with one line: No space left on device")
        checks.check(store.current_generation() == before and not store.builds(), "nothing published, no build left")
        lost = data_lost(baseline, data)
        filler.unlink()
        again = ingest_subprocess([work / "full" / "new"], data)
        checks.check(again["returncode"] == 0 and (again["summary"] or {}).get("documents") == 6,
                     "with space freed, the next ingest adds the document")
        left = store.generations / ".build-g20000101T000000.000000000-deadbeef"
        left.mkdir()
        fill(left)
        cleared = ingest_subprocess([work / "full" / "new"], data)
        checks.check(cleared["returncode"] == 0 and not store.builds(),
                     "a build left filling the disk is removed by the next ingest, which succeeds")
    finally:
        mount.__exit__(None, None, None)
        shutil.rmtree(work / "full", ignore_errors=True)
    return record(name, description, checks, lost, started)


def read_only_disk(work: Path, baseline: Baseline) -> dict:
    """The data directory on a read-only mount: the ingest fails in one line; the index answers."""
    started, checks = time.monotonic(), Checks()
    name, description = "read-only data directory", "the index seen through a read-only bind mount"
    data = work / "ro-source"
    shutil.copytree(baseline.data_dir, data, symlinks=True)
    try:
        mount = read_only_view(data)
        point = mount.__enter__()
    except MountUnavailable as exc:
        shutil.rmtree(data, ignore_errors=True)
        return record(name, description, None, [], started, reason=f"not run: {exc}")
    try:
        failed = ingest_subprocess([_new_folder(work / "ro")], point)
        checks.check(failed["returncode"] == 1 and "Read-only file system" in _last_line(failed),
                     "the ingest exits 1 with one line: Read-only file system")
        from eval.robustness.server_attacks import read_only_server

        read_only_server(point, checks)
        lost = data_lost(baseline, point)
    finally:
        mount.__exit__(None, None, None)
        shutil.rmtree(data, ignore_errors=True)
    return record(name, description, checks, lost, started)


def run_all(work: Path, baseline: Baseline, *, slow: bool = True, progress=None) -> list[dict]:
    """Every scenario, in order (``slow``: the server floods too)."""
    from eval.robustness import server_attacks

    jobs: list[Callable[[], dict]] = [lambda d=d: damaged_generation(work, baseline, d) for d in DAMAGES]
    jobs += [lambda: rebuilt_from_stored_texts(work, baseline), lambda: data_dir_inside_input(work, baseline),
             lambda: full_disk(work, baseline), lambda: read_only_disk(work, baseline)]
    if slow:
        jobs += [lambda: server_attacks.feedback_flood(work, baseline), lambda: server_attacks.slow_connections(work, baseline)]
    records = []
    for job in jobs:
        result = job()
        records.append(result)
        if progress:
            progress(result)
    return records
