"""Stage 2, process: load, normalise, chunk, tokenise and extract the facts of each new or
changed file; large batches run in one worker process per core."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from ingest.chunk import chunk_text
from ingest.core.errors import LoaderError
from ingest.core.models import Chunk, DocumentMeta, LoadedDocument
from ingest.core.settings import Settings
from ingest.facts import Fact, extract_facts
from ingest.index.records import DocumentRecord, UnitsLine
from ingest.ja.chunk_analysis import analyse_chunk
from ingest.ja.normalise import NormalisedText, normalise
from ingest.ja.tokenize import Tokenizer
from ingest.limits import check_text_size, file_deadline
from ingest.loaders import load_file
from ingest.manifest import fallback_meta
from ingest.pathnames import shown
from ingest.pipeline.context import IngestContext
from ingest.pipeline.heap import paused, settle
from ingest.pipeline.plan import IngestPlan, PendingFile, keep_previous
from ingest.pipeline.rebuild import StoredDocument
from ingest.pipeline.summary import Progress
from ingest.units import chunk_units

#: Above this many bytes of new files, documents are processed in parallel worker processes.
PARALLEL_BYTES = 1_000_000


@dataclass(frozen=True)
class ProcessedDocument:
    """One file, ready to index: its text as loaded, catalogue metadata, chunks, their
    index terms (one list per chunk), their answer units (encoded, as a worker sends them)
    and the relation facts it states."""

    loaded: LoadedDocument
    meta: DocumentMeta
    chunks: list[Chunk]
    tokens: list[list[str]]
    units: list[UnitsLine]
    facts: list[Fact]


@dataclass(frozen=True)
class FailedDocument:
    """A file that could not be indexed; ``reason`` is one line for users."""

    reason: str


@dataclass
class Processed:
    """The plan's documents with the processed ones added, and what those brought."""

    documents: dict[str, DocumentRecord]
    chunks: list[Chunk] = field(default_factory=list)
    tokens: dict[str, list[str]] = field(default_factory=dict)
    units: dict[str, UnitsLine] = field(default_factory=dict)
    facts: dict[str, list[Fact]] = field(default_factory=dict)
    #: Original texts of the processed documents, by document id.
    texts: dict[str, str] = field(default_factory=dict)


def build_chunks(loaded: LoadedDocument, meta: DocumentMeta, settings: Settings) -> list[Chunk]:
    """Normalise and chunk one document; ids are the document id plus a content hash."""
    return chunk_normalised(normalise(loaded.text), loaded, meta, settings)


def chunk_normalised(
    norm: NormalisedText, loaded: LoadedDocument, meta: DocumentMeta, settings: Settings
) -> list[Chunk]:
    """The chunks of a document whose text is already normalised (``norm``)."""
    drafts = chunk_text(
        norm,
        target=settings.chunk_target_chars,
        max_chars=settings.chunk_max_chars,
        min_chars=settings.chunk_min_chars,
        headings={h.start: h.level for h in loaded.headings},
    )
    chunks: list[Chunk] = []
    seen: set[str] = set()
    for ordinal, draft in enumerate(drafts):
        digest = hashlib.sha1(f"{draft.section}\n{draft.text}".encode()).hexdigest()[:16]
        chunk_id = f"{loaded.doc_id}#{digest}"
        if chunk_id in seen:
            chunk_id = f"{chunk_id}-{ordinal}"
        seen.add(chunk_id)
        chunks.append(
            Chunk(
                chunk_id=chunk_id,
                doc_id=loaded.doc_id,
                ordinal=ordinal,
                text=draft.text,
                index_text=f"{meta.title}\n{draft.index_text}",
                section=draft.section,
                start=draft.start,
                end=draft.end,
                page=loaded.page_at(draft.start),
                meta=meta,
                ocr=loaded.is_ocr(draft.start, draft.end),
            )
        )
    return chunks


def analyse_chunks(norm: NormalisedText, chunks: list[Chunk], tokenizer: Tokenizer) -> tuple[list[list[str]], list[UnitsLine]]:
    """Each chunk's index terms and its answer units encoded, from one Sudachi analysis of the
    chunk (:mod:`ingest.ja.chunk_analysis`).

    The morphemes, some thousands of small tuples per document, live only in here: they are
    gone before the collector, paused meanwhile (:func:`ingest.pipeline.heap.paused`), would
    walk them once more."""
    analyses = [analyse_chunk(tokenizer, c.index_text, c.text) for c in chunks]
    units = chunk_units(norm, chunks, [a.morphemes for a in analyses])
    return [a.terms for a in analyses], [u.to_line() for u in units]


def stored_document(stored: StoredDocument) -> LoadedDocument:
    """A document as its loader made it, from the text and record the index kept of it."""
    record = stored.record
    return LoadedDocument(
        doc_id=record.doc_id, path=stored.path, text=stored.text, format=record.format,
        pages=list(record.pages), warnings=list(record.warnings), ocr_pages=list(record.ocr_pages),
    )


def process_document(
    path: Path, listed: DocumentMeta | None, settings: Settings, tokenizer: Tokenizer,
    stored: StoredDocument | None = None,
) -> ProcessedDocument | FailedDocument:
    """Load (or take ``stored``), normalise, chunk and tokenise one file; never raises for a bad file."""
    try:
        with file_deadline(settings.file_timeout_s):
            loaded = stored_document(stored) if stored is not None else load_file(path, settings)
            if not loaded.text.strip():
                why = f": {loaded.warnings[0]}" if loaded.warnings else ""
                raise LoaderError(f"no extractable text (a scanned PDF without a text layer?){why}")
            check_text_size(len(loaded.text), settings.max_doc_chars)
            meta = listed or fallback_meta(path.name, loaded.title_hint)
            if not meta.title:  # metadata given without a title (an upload form)
                meta = replace(meta, title=fallback_meta(path.name, loaded.title_hint).title)
            with paused():  # many small objects, no cycles (heap.py)
                norm = normalise(loaded.text)
                chunks = chunk_normalised(norm, loaded, meta, settings)
                tokens, units = analyse_chunks(norm, chunks, tokenizer)
                facts = extract_facts(chunks)
    except LoaderError as exc:
        return FailedDocument(str(exc))
    except (ValueError, UnicodeError, RecursionError, MemoryError) as exc:
        return FailedDocument(f"{type(exc).__name__}: {exc}")
    return ProcessedDocument(loaded, meta, chunks, tokens, units, facts)


def process_files(ctx: IngestContext, plan: IngestPlan, prev_docs: dict[str, DocumentRecord]) -> Processed:
    """Every pending file processed, in plan order; a failure keeps the previous version."""
    summary = ctx.summary
    out = Processed(documents=dict(plan.documents))
    ctx.progress.start("indexing", len(plan.pending))
    results = _process_all(plan.pending, ctx.settings, ctx.tokenizer, ctx.progress)
    for pending, result in zip(plan.pending, results):
        doc_id = pending.doc_id
        if isinstance(result, FailedDocument):
            summary.fail(pending.path, result.reason)
            if doc_id in prev_docs:
                keep_previous(doc_id, prev_docs, out.documents)
                continue
            pending, result = _from_stored_text(ctx, pending)
            if result is None:
                ctx.leaving.add(doc_id)  # a document of the index before is gone only if reported
                continue
        loaded = result.loaded
        out.facts[doc_id] = result.facts
        if pending.stored is None:
            summary.warnings.extend(f"{shown(doc_id)}: {w}" for w in loaded.warnings)
        out.texts[doc_id] = loaded.text
        lost_original = pending.uploaded and pending.stored is not None  # nothing to keep but the text
        out.documents[doc_id] = DocumentRecord(
            doc_id=doc_id,
            path="" if lost_original else str(pending.path),
            meta=result.meta,
            format=loaded.format,
            fingerprint=pending.fingerprint,
            chunk_ids=tuple(c.chunk_id for c in result.chunks),
            warnings=tuple(loaded.warnings),
            chars=len(loaded.text),
            pages=tuple(loaded.pages),
            uploaded=pending.uploaded,
            ocr_pages=tuple(loaded.ocr_pages),
        )
        out.chunks.extend(result.chunks)
        out.tokens.update(zip((c.chunk_id for c in result.chunks), result.tokens))
        out.units.update((u.chunk_id, u) for u in result.units)
        if pending.previous:
            summary.updated += 1
        else:
            summary.added += 1
    return out


def _from_stored_text(ctx: IngestContext, pending: PendingFile) -> tuple[PendingFile, ProcessedDocument | None]:
    """In a rebuild, a document whose file fails now keeps the version indexed before,
    made again from the text the index stored for it."""
    stored = ctx.recovered.stored(pending.doc_id) if ctx.recovered is not None and pending.stored is None else None
    if stored is None:
        return pending, None
    result = process_document(stored.path, stored.record.meta, ctx.settings, ctx.tokenizer, stored)
    if isinstance(result, FailedDocument):
        return pending, None
    ctx.summary.warn(pending.path, "kept the version indexed before, rebuilt from the text the index stored for it")
    pending = PendingFile(stored.path, stored.record.meta, stored.record.fingerprint, stored.record, stored, stored.record.uploaded)
    return pending, result


_WORKER_STATE: tuple[Settings, Tokenizer] | None = None


def _worker_init(settings: Settings, tokenizer: Tokenizer) -> None:
    global _WORKER_STATE
    _WORKER_STATE = (settings, tokenizer)


def _worker_process(job: PendingFile) -> ProcessedDocument | FailedDocument:
    settings, tokenizer = _WORKER_STATE
    return process_document(job.path, job.listed, settings, tokenizer, job.stored)


def _process_all(
    jobs: list[PendingFile], settings: Settings, tokenizer: Tokenizer, progress: Progress
) -> Iterator[ProcessedDocument | FailedDocument]:
    """Results in job order; large batches use every core (fork: the workers only parse and tokenise)."""
    total = 0
    for job in jobs:
        try:
            total += len(job.stored.text) if job.stored is not None else job.path.stat().st_size
        except OSError:
            pass
    processes = min(os.cpu_count() or 1, len(jobs))
    if processes <= 1 or total < PARALLEL_BYTES:
        for job in jobs:
            yield process_document(job.path, job.listed, settings, tokenizer, job.stored)
            settle()
            progress.advance()
        return
    import multiprocessing as mp

    with mp.get_context("fork").Pool(processes, initializer=_worker_init, initargs=(settings, tokenizer)) as pool:
        for result in pool.imap(_worker_process, jobs, chunksize=1):
            yield result
            settle()  # the caller keeps the result: collections need not rescan it (heap.py)
            progress.advance()
