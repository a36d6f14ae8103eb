"""Stage 1, plan: which of the found files are unchanged (kept as indexed) and which to process."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path

from ingest.core.models import DocumentMeta
from ingest.core.settings import Settings
from ingest.discover import FoundFile
from ingest.index.records import DocumentRecord
from ingest.manifest import read_manifest
from ingest.pipeline.context import IngestContext
from ingest.pipeline.previous import PreviousIndex


@dataclass(frozen=True)
class PendingFile:
    """A new or changed file: its catalogue entry (if the manifest lists it) and content hash."""

    path: Path
    listed: DocumentMeta | None
    fingerprint: str
    previous: DocumentRecord | None

    @property
    def doc_id(self) -> str:
        return self.path.name


@dataclass
class IngestPlan:
    #: Records that stay as they are, in row order: unchanged files, and the previous
    #: version of files that could not be read.
    documents: dict[str, DocumentRecord] = field(default_factory=dict)
    pending: list[PendingFile] = field(default_factory=list)


def file_fingerprint(path: Path, meta: DocumentMeta, settings: Settings) -> str:
    """Content hash of a file plus everything that shapes its chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    digest.update(repr(sorted(meta.as_dict().items())).encode())
    digest.update(f"{settings.chunk_target_chars}/{settings.chunk_max_chars}/{settings.chunk_min_chars}".encode())
    return digest.hexdigest()


def plan_ingest(ctx: IngestContext, files: list[FoundFile], previous: PreviousIndex | None) -> IngestPlan:
    """Sort the found files into unchanged ones and ones to process; report unreadable files."""
    summary, progress = ctx.summary, ctx.progress
    prev_docs = previous.documents if previous else {}
    plan = IngestPlan()
    manifests: dict[Path, dict[str, DocumentMeta]] = {}
    pending_ids: set[str] = set()
    progress.start("reading", len(files))
    for found in files:
        progress.advance()
        folder = found.path.parent
        if folder not in manifests:
            manifests[folder], manifest_warnings = read_manifest(folder)
            summary.warnings.extend(manifest_warnings)
        doc_id = found.path.name
        if doc_id in plan.documents or doc_id in pending_ids:
            summary.fail(found.path, f"another file named {doc_id} was already ingested in this run")
            continue
        listed = manifests[folder].get(doc_id)
        try:
            fingerprint = file_fingerprint(found.path, listed or DocumentMeta(title=""), ctx.settings)
        except OSError as exc:
            summary.fail(found.path, f"cannot read file: {exc.strerror or exc}")
            keep_previous(doc_id, prev_docs, plan.documents)
            continue
        old = prev_docs.get(doc_id)
        if old and old.fingerprint == fingerprint:
            plan.documents[doc_id] = replace(old, path=str(found.path))
            summary.unchanged += 1
            continue
        plan.pending.append(PendingFile(found.path, listed, fingerprint, old))
        pending_ids.add(doc_id)
    return plan


def keep_previous(doc_id: str, prev_docs: dict[str, DocumentRecord], docs: dict[str, DocumentRecord]) -> None:
    """A file that fails now keeps the version indexed before: bad input never costs data."""
    if doc_id in prev_docs:
        docs[doc_id] = prev_docs[doc_id]
