"""The data directory: immutable index generations published by an atomic pointer swap.

Layout::

    DATA_DIR/
      CURRENT                 {"generation": "g…"} replaced atomically (os.replace)
      ingest.lock             held by the one ingest that may write
      generations/g…/         one complete, immutable index
        meta.json             format version, tokenizer, embedding model, counts
        docs.json             per document: content hash, path, metadata, chunk ids
        chunks.jsonl          one chunk record per line (row i = BM25 row i)
        facts_raw.jsonl       relation facts per document as extracted (reused for unchanged files)
        facts.jsonl           the same merged across documents: one name per partner
        tokens.jsonl          the chunk's index terms, reused by the next ingest
        bm25/                 bm25s arrays (npy) and vocabulary (json), no pickle
      chroma/                 embedded Chroma (collection per generation)

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
from dataclasses import dataclass
from pathlib import Path

from ingest.core.errors import IndexError_, IndexMismatchError, IndexNotFoundError, IngestLockedError

FORMAT_VERSION = 1
KEEP_GENERATIONS = 2


@dataclass(frozen=True)
class IndexMeta:
    format_version: int
    generation: str
    tokenizer: str
    embed_model: str | None
    collection: str | None
    documents: int
    chunks: int
    created: str
    #: Version of the relation-extraction rules (None: an index from before facts existed).
    facts_version: int | None = None

    def to_json(self) -> dict:
        return dict(self.__dict__)

    @classmethod
    def from_json(cls, data: dict) -> IndexMeta:
        return cls(**{k: data.get(k) for k in cls.__dataclass_fields__})


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

    def read_meta(self, generation_path: Path) -> IndexMeta:
        try:
            meta = IndexMeta.from_json(read_json(generation_path / "meta.json"))
        except (OSError, ValueError, TypeError) as exc:
            raise IndexError_(f"cannot read {generation_path / 'meta.json'}: {exc}") from exc
        if meta.format_version != FORMAT_VERSION:
            raise IndexMismatchError(
                f"the index in {self.root} has format version {meta.format_version}, this docqa "
                f"reads version {FORMAT_VERSION}; rebuild it with `docqa ingest --rebuild`"
            )
        return meta

    def new_generation(self) -> tuple[str, Path]:
        """A fresh, hidden build directory and the generation name it will be published as."""
        name = time.strftime("g%Y%m%dT%H%M%S", time.gmtime()) + "-" + uuid.uuid4().hex[:8]
        build = self.generations / f".build-{name}"
        build.mkdir(parents=True)
        return name, build

    def publish(self, name: str, build: Path) -> Path:
        """Make a finished build the current index: rename into place, then swap the pointer."""
        final = self.generations / name
        _fsync_tree(build)
        os.replace(build, final)
        tmp = self.root / f".CURRENT.{uuid.uuid4().hex}"
        write_json(tmp, {"generation": name})
        os.replace(tmp, self.pointer)
        _fsync_dir(self.root)
        return final

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
        lock = FileLock(str(self.root / "ingest.lock"), timeout=timeout)
        try:
            lock.acquire()
        except Timeout as exc:
            raise IngestLockedError(
                f"another `docqa ingest` is writing to {self.root}; try again when it has finished"
            ) from exc
        return lock


def read_json(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


def write_json(path: Path, data) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False)
        fh.flush()
        os.fsync(fh.fileno())


def write_jsonl(path: Path, rows) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False))
            fh.write("\n")
        fh.flush()
        os.fsync(fh.fileno())


def read_jsonl(path: Path) -> list:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


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
