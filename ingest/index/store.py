"""The data directory: immutable index generations published by an atomic pointer swap.

Layout::

    DATA_DIR/
      CURRENT                 {"generation": "g…"} replaced atomically (os.replace)
      ingest.lock             held by the one ingest that may write
      generations/g…/         one complete, immutable index (its files: ingest.index.generation)
      generations/.build-g…/  a generation being written
      chroma/                 embedded Chroma (collection per generation)
      feedback.sqlite         ratings from the chat UI

An ingest builds a new generation beside the current one and publishes it by
replacing ``CURRENT``; a reader that opened the old one keeps a consistent view,
and an ingest killed midway leaves ``CURRENT`` pointing at the last complete index.
"""

from __future__ import annotations

import json
import os
import shutil
import time
import uuid
from pathlib import Path

from ingest.core.errors import IndexError_, IndexNotFoundError, IngestLockedError
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
    def feedback_db(self) -> Path:
        return self.root / "feedback.sqlite"

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
        build.mkdir(parents=True)
        return name, Generation(build)

    def publish(self, name: str, build: Generation) -> Generation:
        """Make a finished build the current index: rename into place, then swap the pointer."""
        final = self.generations / name
        _fsync_tree(build.path)
        os.replace(build.path, final)
        tmp = self.root / f".CURRENT.{uuid.uuid4().hex}"
        write_json(tmp, {"generation": name})
        os.replace(tmp, self.pointer)
        _fsync_dir(self.root)
        return Generation(final)

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

        self.root.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(self.lock_path), timeout=timeout)
        try:
            lock.acquire()
        except Timeout as exc:
            raise IngestLockedError(
                f"another `docqa ingest` is writing to {self.root}; try again when it has finished"
            ) from exc
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
