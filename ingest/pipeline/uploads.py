"""Documents changed through the API: uploaded files, replaced ones and deletions.

They go through the same stages and the same lock as ``docqa ingest``. An uploaded file's
original is kept in the index (the generation's ``originals`` folder,
:mod:`ingest.index.generation`), so a rebuild needs nothing but the data directory; a
document read from a folder is managed there, and the API cannot replace or delete it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ingest.core.models import DocumentMeta
from ingest.index.generation import Generation
from ingest.index.records import DocumentRecord


@dataclass(frozen=True)
class Upload:
    """A received file, named as the document (its name is the document id). ``replace``:
    the document must exist (and was uploaded); else it must not exist yet."""

    path: Path
    meta: DocumentMeta | None = None
    replace: bool = False
    #: The document's access groups; None: those it had (a replacement), or none (a new one).
    groups: tuple[str, ...] | None = None

    @property
    def doc_id(self) -> str:
        return self.path.name


@dataclass(frozen=True)
class Changes:
    """What an ingest is asked to change besides the files under its paths."""

    uploads: tuple[Upload, ...] = ()
    remove: tuple[str, ...] = ()
    #: Documents that leave the index with this ingest (filled by the plan).
    removing: set[str] = field(default_factory=set)


def upload_problem(upload: Upload, old: DocumentRecord | None) -> str | None:
    """Why ``upload`` cannot be taken, or None."""
    if old is not None and not old.uploaded:
        return (
            f"a document named {upload.doc_id} is read from the folder {Path(old.path).parent}; change or "
            "remove the file there and run `docqa ingest` (documents from folders are managed in their folder)"
        )
    if old is not None and not upload.replace:
        return f"a document named {upload.doc_id} is already indexed; replace it (PUT /api/documents/{upload.doc_id}) or rename the file"
    if old is None and upload.replace:
        return f"there is no uploaded document named {upload.doc_id} to replace"
    return None


def removal_problem(doc_id: str, old: DocumentRecord | None) -> str | None:
    """Why ``doc_id`` cannot be deleted, or None."""
    if old is None:
        return f"there is no document named {doc_id}"
    if not old.uploaded:
        return (
            f"{doc_id} is read from the folder {Path(old.path).parent}; remove the file there and run "
            "`docqa ingest --prune` (documents from folders are managed in their folder)"
        )
    return None


def kept_uploads(generation: Generation | None, records: dict[str, DocumentRecord], changes: Changes) -> Changes:
    """For a rebuild: ``changes`` plus every uploaded document of ``records`` (the catalogue
    of ``generation``), made again from the original it keeps when that is whole (a deletion
    or a new upload of the same name wins). One without a whole original is left to be
    rebuilt from its stored text."""
    if generation is None:
        return changes
    given = {u.doc_id for u in changes.uploads} | set(changes.remove)
    again = [
        Upload(original, record.meta)
        for doc_id, record in records.items()
        if record.uploaded and doc_id not in given and (original := generation.original(record)) is not None
    ]
    return Changes(tuple(again) + changes.uploads, changes.remove)
