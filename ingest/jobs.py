"""Ingest jobs started from the API: each one ingest, run in a process of its own.

A job is a folder in the data directory (``DataDir.jobs``): ``request.json`` (what to change
and the settings to do it with), ``files/`` (the received files, named as their documents)
and ``job.json``, its state, which the job's process rewrites as it goes (atomically), so
every server worker can report it. The process is ``python -m ingest.jobs FOLDER``: a file
that crashes or exhausts a parser costs that process, never the server, and the ingest runs
in a main thread, where its per-file deadline works. Jobs wait for the ingest lock
(``DOCQA_JOB_WAIT_S``), so they run one after another, with ``docqa ingest`` too.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ingest.core.models import DocumentMeta
from ingest.index.jsonio import read_json, write_json
from ingest.index.store import DataDir

REQUEST = "request.json"
STATE = "job.json"
FILES = "files"
#: Job folders kept; older ones are removed when a job is started.
KEEP_JOBS = 50
#: Settings never written into a job's folder (the job does not need them).
_SECRETS = {"api_token", "llm_api_key"}
#: Seconds between two writes of a running job's progress.
_PROGRESS_EVERY_S = 0.25


@dataclass
class FileResult:
    """What became of one document of a job: ``indexed``, ``unchanged``, ``refused`` (with
    the reason in ``message``) or ``deleted``."""

    doc: str
    outcome: str
    message: str = ""
    chunks: int = 0
    ocr_pages: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class JobState:
    """A job as ``GET /api/jobs/{id}`` shows it. ``state``: queued, running, done, failed."""

    id: str
    kind: str
    docs: list[str]
    state: str = "queued"
    stage: str = ""
    done: int = 0
    total: int = 0
    created: str = ""
    finished: str | None = None
    error: str | None = None
    results: list[FileResult] = field(default_factory=list)
    pid: int | None = None

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> JobState:
        results = [FileResult(**r) for r in data.get("results") or ()]
        fields = {k: data[k] for k in cls.__dataclass_fields__ if k in data and k != "results"}
        return cls(**fields, results=results)


@dataclass(frozen=True)
class UploadItem:
    """One received file of a job and the metadata given with it."""

    doc: str
    meta: DocumentMeta | None = None
    #: Access groups given with it; None: a new document has none, a replaced one keeps its own.
    groups: tuple[str, ...] | None = None


def write_state(path: Path, state: JobState) -> None:
    """Replace a job's state file atomically: readers in other processes never see half of one."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(state.to_json(), ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


class Jobs:
    """The job folders of a data directory."""

    def __init__(self, data: DataDir) -> None:
        self.data = data
        self.root = data.jobs

    def folder(self, job_id: str) -> Path | None:
        if not job_id or Path(job_id).name != job_id or job_id.startswith("."):
            return None
        path = self.root / job_id
        return path if path.is_dir() else None

    def create(self, kind: str, docs: list[str]) -> tuple[JobState, Path]:
        """A new queued job and its folder (with an empty ``files/`` to receive uploads)."""
        self._prune()
        job_id = time.strftime("j%Y%m%dT%H%M%S", time.gmtime()) + "-" + uuid.uuid4().hex[:10]
        folder = self.root / job_id
        (folder / FILES).mkdir(parents=True)
        state = JobState(job_id, kind, docs, created=_now())
        write_state(folder / STATE, state)
        return state, folder

    def start(self, folder: Path, settings, uploads: list[UploadItem], remove: list[str], replace: bool) -> None:
        """Write the request and start the job's process (it outlives this call)."""
        values = settings.model_dump(mode="json", exclude=_SECRETS)
        values["data_dir"] = str(self.data.root)
        request = {
            "settings": values, "replace": replace, "remove": remove,
            "uploads": [
                {"doc": u.doc, "meta": u.meta.as_dict() if u.meta else None,
                 "groups": list(u.groups) if u.groups is not None else None}
                for u in uploads
            ],
        }
        write_json(folder / REQUEST, request)
        subprocess.Popen(
            [sys.executable, "-m", "ingest.jobs", str(folder)],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True, cwd=str(Path(__file__).resolve().parents[1]),
        )

    def get(self, job_id: str) -> JobState | None:
        folder = self.folder(job_id)
        if folder is None:
            return None
        try:
            state = JobState.from_json(read_json(folder / STATE))
        except (OSError, ValueError, TypeError):
            return None
        if state.state in ("queued", "running") and state.pid and not _alive(state.pid):
            state.state, state.error = "failed", "the job's process stopped before it finished"
        return state

    def recent(self, limit: int = 20) -> list[JobState]:
        names = sorted((p.name for p in self.root.iterdir() if p.is_dir()), reverse=True) if self.root.is_dir() else []
        found = (self.get(n) for n in names[:limit])
        return [s for s in found if s is not None]

    def _prune(self) -> None:
        if not self.root.is_dir():
            return
        names = sorted(p.name for p in self.root.iterdir() if p.is_dir())
        for name in names[: max(0, len(names) - KEEP_JOBS + 1)]:
            state = self.get(name)
            if state is None or state.state in ("done", "failed"):
                shutil.rmtree(self.root / name, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a finished child not yet reaped by its parent is a zombie: not running
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return fh.read().split(") ", 1)[1][:1] != "Z"
    except (OSError, IndexError):
        return True


class JobProgress:
    """The pipeline's progress, written into ``job.json`` a few times a second."""

    def __init__(self, folder: Path, state: JobState) -> None:
        self.folder, self.state = folder, state
        self._written = 0.0

    def start(self, stage: str, total: int) -> None:
        self.state.stage, self.state.total, self.state.done = stage, total, 0
        self.save(force=True)

    def advance(self, n: int = 1) -> None:
        self.state.done += n
        self.save()

    def save(self, force: bool = False) -> None:
        now = time.monotonic()
        if force or now - self._written >= _PROGRESS_EVERY_S:
            write_state(self.folder / STATE, self.state)
            self._written = now


def run_job(folder: Path) -> int:
    """The job's process: run its ingest, then record what became of each document."""
    from ingest.core.errors import DocqaError
    from ingest.core.settings import Settings
    from ingest.pipeline import run_ingest
    from ingest.pipeline.uploads import Changes, Upload

    state = JobState.from_json(read_json(folder / STATE))
    state.state, state.pid = "running", os.getpid()
    progress = JobProgress(folder, state)
    progress.save(force=True)
    try:
        request = read_json(folder / REQUEST)
        values = request["settings"]
        settings = Settings(**values)
        settings = settings.model_copy(update={"lock_timeout_s": settings.job_wait_s})
        uploads = tuple(
            Upload(
                folder / FILES / u["doc"], DocumentMeta.from_dict(u["meta"]) if u.get("meta") else None, request["replace"],
                tuple(u["groups"]) if u.get("groups") is not None else None,
            )
            for u in request["uploads"]
        )
        summary = run_ingest([], settings, progress=progress, changes=Changes(uploads, tuple(request["remove"])))
        state.results = _results(state, summary, DataDir(settings.data_dir), uploads, request["remove"])
        state.state = "done"
    except DocqaError as exc:
        state.state, state.error = "failed", str(exc)
    except Exception as exc:  # noqa: BLE001 - the job reports every failure in its state
        state.state, state.error = "failed", f"{type(exc).__name__}: {exc}"
    finally:
        shutil.rmtree(folder / FILES, ignore_errors=True)
        state.finished = _now()
        progress.save(force=True)
    return 0 if state.state == "done" else 1


def _results(state: JobState, summary, data: DataDir, uploads, remove: list[str]) -> list[FileResult]:
    failed = {Path(f.path).name: f.error for f in summary.failed}
    records = data.current().read_documents()
    out = []
    for upload in uploads:
        doc = upload.doc_id
        record = records.get(doc)
        if doc in failed:
            out.append(FileResult(doc, "refused", failed[doc]))
        elif record is None:
            out.append(FileResult(doc, "refused", "not indexed"))
        else:
            out.append(FileResult(doc, "indexed", chunks=len(record.chunk_ids), ocr_pages=list(record.ocr_pages),
                                  warnings=list(record.warnings)))
    for doc in remove:
        out.append(FileResult(doc, "refused", failed[doc]) if doc in failed else FileResult(doc, "deleted"))
    return out


if __name__ == "__main__":
    raise SystemExit(run_job(Path(sys.argv[1])))
