"""``docqa ingest --rebuild``: every document of the index made again, reusing nothing derived.

The document list comes from the newest generation whose catalogue reads back whole
(its ``docs.json`` matches its checksum). Each document is rebuilt from its file when
that file is still where it was ingested from, else from the original text the index
stored for it (checked against its checksum). A document with neither is reported in
the summary's ``failed``, so a repair never drops a document without saying so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ingest.core.errors import IndexError_, IndexMismatchError
from ingest.discover import FoundFile
from ingest.index.generation import Generation
from ingest.index.records import DocumentRecord
from ingest.index.store import DataDir
from ingest.pipeline.context import IngestContext


@dataclass(frozen=True)
class StoredDocument:
    """A document to rebuild from the text the index stored for it, since its file is gone."""

    record: DocumentRecord
    text: str

    @property
    def path(self) -> Path:
        return Path(self.record.path)


@dataclass(frozen=True)
class Recovered:
    """The documents an index held, and the generation that holds their stored texts."""

    generation: Generation | None = None
    documents: dict[str, DocumentRecord] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    #: There were generations, and none's document list could be read.
    unreadable: bool = False

    def stored(self, doc_id: str) -> StoredDocument | None:
        """The document ``doc_id`` as its stored text, when the index holds it whole."""
        record = self.documents.get(doc_id)
        if record is None or self.generation is None:
            return None
        text = stored_text(self.generation, record)
        return StoredDocument(record, text) if text is not None else None


def recover_documents(data: DataDir) -> Recovered:
    """The catalogue of the current generation, or of the newest older one that reads back whole."""
    names = data.finished_generations()
    current = data.current_generation()
    order = ([current] if current in names else []) + [n for n in reversed(names) if n != current]
    warnings: list[str] = []
    for name in order:
        generation = Generation(data.generations / name)
        try:
            documents = _catalogue(generation)
        except IndexError_ as exc:
            warnings.append(f"the document list of generation {name} cannot be read ({exc}); trying an older one")
            continue
        if warnings:
            warnings.append(f"documents recovered from generation {name}")
        return Recovered(generation, documents, tuple(warnings))
    return Recovered(None, {}, tuple(warnings), unreadable=bool(order))


def _catalogue(generation: Generation) -> dict[str, DocumentRecord]:
    try:
        return generation.read_documents(verify=True)
    except IndexMismatchError:
        # Another format version: its records are read as well as they can be; their texts
        # cannot be checked against checksums this docqa does not know how to find.
        return generation.read_documents()


def stored_text(generation: Generation, record: DocumentRecord) -> str | None:
    """The original text ``generation`` stored for ``record``, if it is there and whole."""
    try:
        return generation.read_text_verified(record)
    except IndexMismatchError:
        return generation.read_text(record)
    except IndexError_:
        return None


def original_file(record: DocumentRecord) -> Path | None:
    """The file the document was ingested from, when it is still there."""
    path = Path(record.path) if record.path else None
    return path if path is not None and path.is_file() else None


def rebuild_sources(
    ctx: IngestContext, recovered: Recovered, files: list[FoundFile], prune: bool
) -> list[FoundFile | StoredDocument]:
    """What a rebuild reads, in the recovered row order and then the given files: each
    recovered document's file, or its stored text; one with neither is reported (and, with
    ``prune``, one whose file is gone is removed). Uploaded documents whose originals are
    whole come as ``ctx.changes`` instead."""
    ctx.recovered = recovered
    ctx.summary.warnings.extend(recovered.warnings)
    if recovered.unreadable:
        ctx.summary.fail(ctx.data.root, (
            "the document list of every generation of the index is damaged, so the new index holds only "
            "the files given now; ingest the other folders again to add their documents"
        ))
    given = {f.path.resolve(): f for f in files}
    recovered_files = {original.resolve() for r in recovered.documents.values() if (original := original_file(r))}
    given_names = {f.path.name for key, f in given.items() if key not in recovered_files}
    uploaded_again = {u.doc_id for u in ctx.changes.uploads}
    sources: list[FoundFile | StoredDocument] = []
    for doc_id, record in recovered.documents.items():
        if doc_id in uploaded_again:
            continue  # made again from the original the index keeps (ingest.pipeline.uploads.kept_uploads)
        # an uploaded document's file is its original, kept and checked by the index alone
        path = None if record.uploaded else original_file(record)
        if path is not None:
            sources.append(given.pop(path.resolve(), None) or FoundFile(path, path.parent))
            continue
        if doc_id in given_names:
            continue  # its file is gone and one of that name is given: the document moved there
        if prune:
            ctx.summary.removed += 1
            ctx.leaving.add(doc_id)
            continue
        stored = recovered.stored(doc_id)
        if stored is None:
            ctx.summary.fail(record.path or doc_id, (
                "cannot rebuild this document: its file is gone and the text the index stored for it "
                "is missing or damaged; ingest the file again if you have it"
            ))
            ctx.leaving.add(doc_id)
            continue
        sources.append(stored)
    return sources + list(given.values())
