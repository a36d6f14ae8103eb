"""The data directory: immutable index generations published by an atomic pointer swap.

Layout::

    DATA_DIR/
      CURRENT                 {"generation": "g…"} replaced atomically (os.replace)
      ingest.lock             held by the one ingest that may write
      generations/g…/         one complete, immutable index (its files: ingest.index.generation)
      generations/.build-g…/  a generation being written
      chroma/                 embedded Chroma (collection per generation)
      jobs/j…/                an ingest started from the API: its request, received files, state
      feedback.sqlite         ratings from the chat UI
      auth.sqlite             accounts, groups, API tokens and sessions (assistant/auth/)
      audit.sqlite            the audit trail, append-only and hash-chained (assistant/audit.py)

An ingest builds a new generation beside the current one and publishes it by
replacing ``CURRENT``; a reader that opened the old one keeps a consistent view,
and an ingest killed midway leaves ``CURRENT`` pointing at the last complete index.
A build that fails (a full disk) is removed at once, and one left by a killed ingest is
removed by the next ingest before it writes anything. A data directory that cannot be
written raises :class:`StorageError` with the reason, never a traceback.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import time
import uuid
from pathlib import Path

from ingest.core.errors import IndexError_, IndexNotFoundError, IngestLockedError, StorageError
from ingest.index.generation import Generation
from ingest.index.jsonio import write_json

#: Finished generations kept on disk (the current one and the one before it).
KEEP_GENERATIONS = 2


class DataDir:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    @property
    def generations(self) -> Path:
        return self.root / "generations"

    @property
    def pointer(self) -> Path:
        return self.root / "CURRENT"

    @property
    def chroma_path(self) -> Path:
        return self.root / "chroma"

    @property
    def jobs(self) -> Path:
        return self.root / "jobs"

    @property
    def feedback_db(self) -> Path:
        return self.root / "feedback.sqlite"

    @property
    def auth_db(self) -> Path:
        return self.root / "auth.sqlite"

    @property
    def audit_db(self) -> Path:
        return self.root / "audit.sqlite"

    @property
    def lock_path(self) -> Path:
        return self.root / "ingest.lock"

    def finished_generations(self) -> list[str]:
        """Names of the published generations on disk, oldest first."""
        if not self.generations.is_dir():
            return []
        return sorted(p.name for p in self.generations.iterdir() if p.is_dir() and not p.name.startswith("."))

    def builds(self) -> list[str]:
        """Names of the build folders of ingests that are running or were killed."""
        if not self.generations.is_dir():
            return []
        return sorted(p.name for p in self.generations.iterdir() if p.name.startswith(".build-"))

    def current_generation(self) -> str | None:
        try:
            data = json.loads(self.pointer.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            raise IndexError_(f"the index pointer {self.pointer} is unreadable: {exc}") from exc
        return data.get("generation")

    def current_path(self) -> Path:
        generation = self.current_generation()
        if generation is None:
            raise IndexNotFoundError(
                f"no index in {self.root}; run `docqa ingest` first (or set DOCQA_DATA_DIR)"
            )
        path = self.generations / generation
        if not path.is_dir():
            raise IndexError_(f"the current index {path} is missing; run `docqa ingest` again")
        return path

    def current(self) -> Generation:
        """The published generation; ``IndexNotFoundError`` when there is none yet."""
        return Generation(self.current_path())

    def new_generation(self) -> tuple[str, Generation]:
        """The generation name it will be published as, and a fresh, hidden build folder."""
        # Names sort in the order they were made (pruning keeps the newest by name), also
        # for several ingests within one second; the random part keeps two processes apart.
        now = time.time_ns()
        stamp = time.strftime("g%Y%m%dT%H%M%S", time.gmtime(now // 1_000_000_000))
        name = f"{stamp}.{now % 1_000_000_000:09d}-{uuid.uuid4().hex[:8]}"
        build = self.generations / f".build-{name}"
        try:
            build.mkdir(parents=True)
        except OSError as exc:
            raise self.storage_error(exc) from exc
        return name, Generation(build)

    def publish(self, name: str, build: Generation) -> Generation:
        """Make a finished build the current index: rename into place, then swap the pointer.

        On failure nothing is left behind and ``CURRENT`` still names the index before.
        """
        final = self.generations / name
        tmp = self.root / f".CURRENT.{uuid.uuid4().hex}"
        try:
            _fsync_tree(build.path)
            os.replace(build.path, final)
            write_json(tmp, {"generation": name})
            os.replace(tmp, self.pointer)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            if self.current_generation() != name:
                shutil.rmtree(final, ignore_errors=True)
            raise self.storage_error(exc) from exc
        _fsync_dir(self.root)
        return Generation(final)

    def discard(self, build: Generation) -> None:
        """Remove a build that will not be published."""
        shutil.rmtree(build.path, ignore_errors=True)

    def remove_abandoned_builds(self) -> list[str]:
        """Delete the build folders (and pointer drafts) of ingests that did not finish; only
        safe under the ingest lock. Returns what was deleted, as paths inside the data directory."""
        leftovers = [self.generations / b for b in self.builds()]
        leftovers += [p for p in self.root.glob(f".{self.pointer.name}.*")] if self.root.is_dir() else []
        for path in leftovers:
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
        return [str(p.relative_to(self.root)) for p in leftovers]

    def storage_error(self, exc: OSError) -> StorageError:
        """A failed write in the data directory, as one line for users."""
        reason = exc.strerror or str(exc)
        hint = {
            errno.ENOSPC: "free some space",
            errno.EDQUOT: "free some space",
            errno.EROFS: "make it writable or set DOCQA_DATA_DIR",
            errno.EACCES: "make it writable or set DOCQA_DATA_DIR",
            errno.EPERM: "make it writable or set DOCQA_DATA_DIR",
        }.get(exc.errno, "check the disk")
        return StorageError(
            f"cannot write to the data directory {self.root}: {reason}; nothing was published and the "
            f"current index is unchanged ({hint}, then run the command again)"
        )

    def prune_generations(self) -> list[str]:
        """Delete old generations and abandoned builds; return the names of deleted generations."""
        current = self.current_generation()
        entries = sorted(p for p in self.generations.iterdir() if p.is_dir()) if self.generations.exists() else []
        finished = [p for p in entries if not p.name.startswith(".")]
        keep = {p.name for p in finished[-KEEP_GENERATIONS:]} | {current}
        deleted = []
        for path in entries:
            if path.name.startswith(".build-") or path.name not in keep:
                shutil.rmtree(path, ignore_errors=True)
                if not path.name.startswith("."):
                    deleted.append(path.name)
        return deleted

    def lock(self, timeout: float):
        """The ingest lock; a second ingest waits ``timeout`` seconds, then refuses."""
        from filelock import FileLock, Timeout

        try:
            self.root.mkdir(parents=True, exist_ok=True)
            lock = FileLock(str(self.lock_path), timeout=timeout)
            lock.acquire()
        except Timeout as exc:  # an OSError too, so first
            raise IngestLockedError(
                f"another `docqa ingest` is writing to {self.root}; try again when it has finished"
            ) from exc
        except OSError as exc:
            raise self.storage_error(exc) from exc
        return lock


def _fsync_tree(root: Path) -> None:
    for dirpath, _dirnames, filenames in os.walk(root):
        for name in filenames:
            with open(Path(dirpath) / name, "rb") as fh:
                os.fsync(fh.fileno())
        _fsync_dir(Path(dirpath))


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
