"""Stage 1, plan: which of the found files are unchanged (kept as indexed) and which to process.

A document's id is its file name, so one name is one document: a second file of the same
name, in this run or from another folder than the one it was indexed from while that
file is still there, is refused with a message naming the file that holds the name.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from ingest.core.models import DocumentMeta
from ingest.core.settings import Settings
from ingest.discover import FoundFile
from ingest.index.records import DocumentRecord
from ingest.manifest import read_manifest
from ingest.pathnames import name_problem, shown
from ingest.pipeline.context import IngestContext
from ingest.pipeline.previous import PreviousIndex
from ingest.pipeline.rebuild import StoredDocument
from ingest.pipeline.uploads import removal_problem, upload_problem

_MB = 1024 * 1024


@dataclass(frozen=True)
class PendingFile:
    """A new or changed file: its catalogue entry (if the manifest lists it) and content hash.

    ``stored`` is set when the document is rebuilt from the text the index stored for it.
    """

    path: Path
    listed: DocumentMeta | None
    fingerprint: str
    previous: DocumentRecord | None
    stored: StoredDocument | None = None
    #: Came through the API (:mod:`ingest.pipeline.uploads`): its original is kept in the index.
    uploaded: bool = False

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


def plan_ingest(
    ctx: IngestContext, files: list[FoundFile | StoredDocument], previous: PreviousIndex | None
) -> IngestPlan:
    """Sort the found files into unchanged ones and ones to process; report unreadable files."""
    summary, progress = ctx.summary, ctx.progress
    prev_docs = previous.documents if previous else {}
    plan = IngestPlan()
    manifests: dict[Path, dict[str, DocumentMeta]] = {}
    holders: dict[str, Path] = {}
    progress.start("reading", len(files))
    for found in files:
        progress.advance()
        if isinstance(found, StoredDocument):
            if found.record.doc_id not in holders:  # else a given file of that name replaces it
                holders[found.record.doc_id] = found.path
                plan.pending.append(PendingFile(
                    found.path, found.record.meta, found.record.fingerprint, None, found, found.record.uploaded,
                ))
                summary.warn(found.path, "the file is gone; rebuilt from the text the index stored for it")
            continue
        if (problem := name_problem(found.path)) is not None:
            summary.fail(found.path, problem)
            continue
        doc_id = found.path.name
        if doc_id in holders:
            summary.fail(found.path, f"another file named {doc_id} was already ingested in this run: {shown(holders[doc_id])}")
            continue
        folder = found.path.parent
        if folder not in manifests:
            manifests[folder], manifest_warnings = read_manifest(folder, max_bytes=ctx.settings.max_file_mb * _MB)
            summary.warnings.extend(manifest_warnings)
        holders[doc_id] = found.path
        listed = manifests[folder].get(doc_id)
        old = prev_docs.get(doc_id)
        indexed = old or (ctx.recovered.documents.get(doc_id) if ctx.recovered else None)
        if indexed is not None and indexed.uploaded:  # in a rebuild too: the upload is made again
            summary.fail(found.path, (
                f"a document named {doc_id} was uploaded through the API; rename the file, or delete the "
                "uploaded document first"
            ))
            keep_previous(doc_id, prev_docs, plan.documents)
            continue
        try:
            fingerprint = file_fingerprint(found.path, listed or DocumentMeta(title=""), ctx.settings)
        except OSError as exc:
            summary.fail(found.path, f"cannot read file: {exc.strerror or exc}")
            if doc_id in prev_docs:
                keep_previous(doc_id, prev_docs, plan.documents)
            elif (stored := ctx.recovered.stored(doc_id) if ctx.recovered else None) is not None:
                plan.pending.append(PendingFile(
                    stored.path, stored.record.meta, stored.record.fingerprint, None, stored, stored.record.uploaded,
                ))
                summary.warn(found.path, "kept the version indexed before, rebuilt from the text the index stored for it")
            else:
                ctx.leaving.add(doc_id)
            continue
        holder = _other_holder(old, found.path) if old else None
        if holder is not None:
            keep_previous(doc_id, prev_docs, plan.documents)
            if old.fingerprint == fingerprint:
                summary.unchanged += 1
                summary.warn(found.path, f"the same as {shown(holder)}, which is indexed under this name; kept as it is")
            else:
                summary.fail(found.path, (
                    f"a document of the same name is already indexed from {shown(holder)}; document ids are "
                    "file names, so rename one of the two files (the indexed one stays as it is)"
                ))
            continue
        if old and old.fingerprint == fingerprint:
            plan.documents[doc_id] = replace(old, path=str(found.path))
            summary.unchanged += 1
            continue
        plan.pending.append(PendingFile(found.path, listed, fingerprint, old))
    _plan_changes(ctx, plan, prev_docs, holders)
    return plan


def _other_holder(old: DocumentRecord, path: Path) -> Path | None:
    """The file an indexed document came from, when that is another file that still exists
    (a file that was moved, its old place now empty, is the same document)."""
    held = Path(old.path)
    if not old.path or not held.is_file():
        return None
    try:
        return None if os.path.samefile(held, path) else held
    except OSError:
        return None


def _plan_changes(ctx: IngestContext, plan: IngestPlan, prev_docs: dict[str, DocumentRecord], holders: dict[str, Path]) -> None:
    """The API's uploads (new, replaced or unchanged) and deletions."""
    changes, summary = ctx.changes, ctx.summary
    for doc_id in changes.remove:
        if (problem := removal_problem(doc_id, prev_docs.get(doc_id))) is not None:
            summary.fail(doc_id, problem)
        else:
            changes.removing.add(doc_id)
    for upload in changes.uploads:
        doc_id, old = upload.doc_id, prev_docs.get(upload.doc_id)
        if doc_id in holders:
            summary.fail(doc_id, f"another file named {doc_id} was already ingested in this run: {shown(holders[doc_id])}")
            continue
        if (problem := upload_problem(upload, old)) is not None:
            summary.fail(doc_id, problem)
            continue
        try:
            fingerprint = file_fingerprint(upload.path, upload.meta or DocumentMeta(title=""), ctx.settings)
        except OSError as exc:
            summary.fail(doc_id, f"cannot read file: {exc.strerror or exc}")
            keep_previous(doc_id, prev_docs, plan.documents)
            continue
        holders[doc_id] = upload.path
        if old is not None and old.fingerprint == fingerprint:
            plan.documents[doc_id] = old
            summary.unchanged += 1
            continue
        plan.pending.append(PendingFile(upload.path, upload.meta, fingerprint, old, uploaded=True))


def keep_previous(doc_id: str, prev_docs: dict[str, DocumentRecord], docs: dict[str, DocumentRecord]) -> None:
    """A file that fails now keeps the version indexed before: bad input never costs data."""
    if doc_id in prev_docs:
        docs[doc_id] = prev_docs[doc_id]
