"""``docqa ingest``: files → loaded documents → chunks → a new index generation.

Per-file failures are isolated: a file that cannot be read is reported in the
summary and, if an earlier version of it was indexed, that version stays.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ingest.chunk import chunk_text
from ingest.discover import discover_files
from ingest.core.errors import ConfigError, LoaderError
from ingest.facts import FACTS_VERSION, Fact, extract_facts, merge_facts
from ingest.index.lexical import LexicalIndex
from ingest.limits import check_text_size, file_deadline
from ingest.loaders import load_file
from ingest.manifest import fallback_meta, read_manifest
from ingest.core.models import Chunk, DocumentMeta, LoadedDocument
from ingest.ja.normalise import normalise
from ingest.core.settings import Settings
from ingest.index.store import (
    FORMAT_VERSION,
    DataDir,
    IndexMeta,
    read_json,
    read_jsonl,
    write_json,
    write_jsonl,
)
from ingest.ja.tokenize import SudachiTokenizer, Tokenizer, tokenize_many


@dataclass
class IngestSummary:
    documents: int = 0
    chunks: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    failed: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def to_json(self) -> dict:
        return dict(self.__dict__)


class Progress:
    """What the pipeline reports while it works; the CLI draws it, tests ignore it."""

    def start(self, stage: str, total: int) -> None: ...

    def advance(self, n: int = 1) -> None: ...


def build_chunks(loaded: LoadedDocument, meta: DocumentMeta, settings: Settings) -> list[Chunk]:
    """Normalise and chunk one document; ids are the document id plus a content hash."""
    norm = normalise(loaded.text)
    drafts = chunk_text(
        norm,
        target=settings.chunk_target_chars,
        max_chars=settings.chunk_max_chars,
        min_chars=settings.chunk_min_chars,
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
            )
        )
    return chunks


def file_fingerprint(path: Path, meta: DocumentMeta, settings: Settings) -> str:
    """Content hash of a file plus everything that shapes its chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    digest.update(repr(sorted(meta.as_dict().items())).encode())
    digest.update(f"{settings.chunk_target_chars}/{settings.chunk_max_chars}/{settings.chunk_min_chars}".encode())
    return digest.hexdigest()


def run_ingest(
    paths: Iterable[Path],
    settings: Settings,
    *,
    prune: bool = False,
    rebuild: bool = False,
    progress: Progress | None = None,
    tokenizer: Tokenizer | None = None,
    embedder_loader: Callable | None = None,
) -> IngestSummary:
    """Index ``paths`` into ``settings.data_dir`` and publish a new generation."""
    started = time.perf_counter()
    progress = progress or Progress()
    tokenizer = tokenizer or SudachiTokenizer()
    paths = [Path(p) for p in paths]
    for path in paths:
        if not path.exists():
            raise ConfigError(f"no such file or folder: {path}")
    summary = IngestSummary()
    files, discover_warnings = discover_files(paths)
    summary.warnings.extend(discover_warnings)

    data = DataDir(settings.data_dir)
    lock = data.lock(settings.lock_timeout_s)
    try:
        previous = None if rebuild else _load_previous(data, tokenizer)
        prev_docs: dict = previous["docs"] if previous else {}
        prev_chunks: dict[str, dict] = previous["chunks"] if previous else {}
        prev_tokens: dict[str, list[str]] = previous["tokens"] if previous else {}
        prev_facts: dict[str, list[Fact]] = previous["facts"] if previous else {}
        doc_facts: dict[str, list[Fact]] = {}

        docs: dict[str, dict] = {}
        new_chunks: list[Chunk] = []
        texts: dict[str, str] = {}
        manifests: dict[Path, dict[str, DocumentMeta]] = {}
        progress.start("reading", len(files))
        pending: list[tuple] = []
        for found in files:
            progress.advance()
            folder = found.path.parent
            if folder not in manifests:
                manifests[folder], manifest_warnings = read_manifest(folder)
                summary.warnings.extend(manifest_warnings)
            doc_id = found.path.name
            if doc_id in docs or any(p[0].path.name == doc_id for p in pending):
                summary.failed.append(
                    {"path": str(found.path), "error": f"another file named {doc_id} was already ingested in this run"}
                )
                continue
            listed = manifests[folder].get(doc_id)
            try:
                fingerprint = file_fingerprint(found.path, listed or DocumentMeta(title=""), settings)
            except OSError as exc:
                summary.failed.append({"path": str(found.path), "error": f"cannot read file: {exc.strerror or exc}"})
                _keep_previous(doc_id, prev_docs, docs)
                continue
            old = prev_docs.get(doc_id)
            if old and old["fingerprint"] == fingerprint:
                docs[doc_id] = {**old, "path": str(found.path)}
                summary.unchanged += 1
                continue
            pending.append((found, listed, fingerprint, old))

        progress.start("indexing", len(pending))
        fresh_tokens: dict[str, list[str]] = {}
        jobs = [(found.path, listed) for found, listed, _, _ in pending]
        for (found, listed, fingerprint, old), result in zip(pending, _process_all(jobs, settings, tokenizer, progress)):
            doc_id = found.path.name
            if isinstance(result, str):
                summary.failed.append({"path": str(found.path), "error": result})
                _keep_previous(doc_id, prev_docs, docs)
                continue
            loaded, meta, chunks, chunk_tokens, facts = result
            doc_facts[doc_id] = facts
            summary.warnings.extend(f"{doc_id}: {w}" for w in loaded.warnings)
            texts[doc_id] = loaded.text
            docs[doc_id] = {
                "doc_id": doc_id,
                "path": str(found.path),
                "fingerprint": fingerprint,
                "format": loaded.format,
                "chunk_ids": [c.chunk_id for c in chunks],
                "warnings": loaded.warnings,
                "chars": len(loaded.text),
                **meta.as_dict(),
            }
            new_chunks.extend(chunks)
            fresh_tokens.update(zip((c.chunk_id for c in chunks), chunk_tokens))
            if old:
                summary.updated += 1
            else:
                summary.added += 1

        given_roots = [p.resolve() for p in paths]
        for doc_id, old in prev_docs.items():
            if doc_id in docs:
                continue
            gone = not Path(old["path"]).exists()
            under_given = any(_is_within(Path(old["path"]).resolve(), root) for root in given_roots)
            if prune and (gone or under_given):
                summary.removed += 1
            else:
                docs[doc_id] = old

        # Assemble the generation: chunk rows in document order.
        new_by_id = {c.chunk_id: c for c in new_chunks}
        records: list[dict] = []
        for doc in docs.values():
            for cid in doc["chunk_ids"]:
                records.append(new_by_id[cid].to_record() if cid in new_by_id else prev_chunks[cid])

        tokens = dict(prev_tokens)
        tokens.update(fresh_tokens)
        missing = [r for r in records if r["chunk_id"] not in tokens]
        if missing:  # chunks of an old index built with another tokenizer
            tokens.update(zip((r["chunk_id"] for r in missing), tokenize_many(tokenizer, [r["index_text"] for r in missing], processes=os.cpu_count() or 1)))
        corpus_tokens = [tokens[r["chunk_id"]] for r in records]
        raw_facts = _facts_of(docs, records, doc_facts, prev_facts)

        generation, build = data.new_generation()
        lexical = LexicalIndex.build(corpus_tokens)
        lexical.save(build / "bm25")

        from ingest.dense_build import build_vectors

        embed_model, collection, dense_warnings = build_vectors(
            settings, data, generation, records, previous, progress, embedder_loader
        )
        summary.warnings.extend(dense_warnings)

        write_jsonl(build / "chunks.jsonl", records)
        write_jsonl(build / "facts_raw.jsonl", (f.to_record() for f in raw_facts))
        write_jsonl(build / "facts.jsonl", (f.to_record() for f in merge_facts(raw_facts)))
        write_jsonl(build / "tokens.jsonl", ({"chunk_id": r["chunk_id"], "tokens": tokens[r["chunk_id"]]} for r in records))
        _write_texts(build / "texts", docs, texts, previous)
        write_json(build / "docs.json", docs)
        meta = IndexMeta(
            format_version=FORMAT_VERSION,
            generation=generation,
            tokenizer=tokenizer.name,
            embed_model=embed_model,
            collection=collection,
            facts_version=FACTS_VERSION,
            documents=len(docs),
            chunks=len(records),
            created=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        )
        write_json(build / "meta.json", meta.to_json())
        data.publish(generation, build)
        deleted = data.prune_generations()
        if deleted or collection:
            from ingest.dense_build import drop_stale_collections

            drop_stale_collections(settings, data)
        summary.documents = len(docs)
        summary.chunks = len(records)
    finally:
        lock.release()
    summary.seconds = round(time.perf_counter() - started, 3)
    return summary


#: Above this many bytes of new files, documents are processed in parallel worker processes.
PARALLEL_BYTES = 1_000_000


def process_document(path: Path, listed: DocumentMeta | None, settings: Settings, tokenizer: Tokenizer):
    """Load, normalise, chunk and tokenise one file; a string is the reason it failed."""
    try:
        with file_deadline(settings.file_timeout_s):
            loaded = load_file(path, settings)
            if not loaded.text.strip():
                raise LoaderError("no extractable text (a scanned PDF without a text layer?)")
            check_text_size(len(loaded.text), settings.max_doc_chars)
            meta = listed or fallback_meta(path.name, loaded.title_hint)
            chunks = build_chunks(loaded, meta, settings)
            tokens = [tokenizer.tokenize(c.index_text) for c in chunks]
            facts = extract_facts(chunks)
    except LoaderError as exc:
        return str(exc)
    except (ValueError, UnicodeError, RecursionError, MemoryError) as exc:
        return f"{type(exc).__name__}: {exc}"
    return loaded, meta, chunks, tokens, facts


_WORKER_STATE: tuple | None = None


def _worker_init(settings: Settings, tokenizer: Tokenizer) -> None:
    global _WORKER_STATE
    _WORKER_STATE = (settings, tokenizer)


def _worker_process(job):
    settings, tokenizer = _WORKER_STATE
    return process_document(job[0], job[1], settings, tokenizer)


def _process_all(jobs: list, settings: Settings, tokenizer: Tokenizer, progress: Progress):
    """Results in job order; large batches use every core (fork: the workers only parse and tokenise)."""
    total = 0
    for path, _ in jobs:
        try:
            total += path.stat().st_size
        except OSError:
            pass
    processes = min(os.cpu_count() or 1, len(jobs))
    if processes <= 1 or total < PARALLEL_BYTES:
        for path, listed in jobs:
            yield process_document(path, listed, settings, tokenizer)
            progress.advance()
        return
    import multiprocessing as mp

    with mp.get_context("fork").Pool(processes, initializer=_worker_init, initargs=(settings, tokenizer)) as pool:
        for result in pool.imap(_worker_process, jobs, chunksize=1):
            yield result
            progress.advance()


def _write_texts(folder: Path, docs: dict, texts: dict[str, str], previous: dict | None) -> None:
    """Each document's original text, for showing a passage in its context."""
    folder.mkdir()
    for number, doc_id in enumerate(sorted(docs)):
        name = f"{number:06d}.txt"
        # A copy: a kept document's record is the previous generation's own dict, which
        # still names the file to copy from below.
        docs[doc_id] = {**docs[doc_id], "text_file": name}
        if doc_id in texts:
            (folder / name).write_text(texts[doc_id], encoding="utf-8")
        elif previous and previous["docs"].get(doc_id, {}).get("text_file"):
            old = previous["path"] / "texts" / previous["docs"][doc_id]["text_file"]
            shutil.copyfile(old, folder / name)


def _keep_previous(doc_id: str, prev_docs: dict, docs: dict) -> None:
    """A file that fails now keeps the version indexed before: bad input never costs data."""
    if doc_id in prev_docs:
        docs[doc_id] = prev_docs[doc_id]


def _is_within(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def _load_previous(data: DataDir, tokenizer: Tokenizer) -> dict | None:
    """The current generation's documents, chunks and tokens, for incremental reuse."""
    generation = data.current_generation()
    if generation is None:
        return None
    path = data.generations / generation
    try:
        meta = data.read_meta(path)
        docs = read_json(path / "docs.json")
        chunks = {r["chunk_id"]: r for r in read_jsonl(path / "chunks.jsonl")}
        tokens: dict[str, list[str]] = {}
        if meta.tokenizer == tokenizer.name:
            tokens = {r["chunk_id"]: r["tokens"] for r in read_jsonl(path / "tokens.jsonl")}
        facts: dict[str, list[Fact]] = {}
        if meta.facts_version == FACTS_VERSION and (path / "facts_raw.jsonl").exists():
            facts = {doc_id: [] for doc_id in docs}  # a document may state no relation at all
            for record in read_jsonl(path / "facts_raw.jsonl"):
                facts.setdefault(record["doc"], []).append(Fact.from_record(record))
    except Exception:  # noqa: BLE001 - an unreadable old index is rebuilt from the files
        return None
    return {"meta": meta, "docs": docs, "chunks": chunks, "tokens": tokens, "facts": facts, "path": path}


def _facts_of(docs: dict, records: list[dict], fresh: dict[str, list[Fact]], previous: dict[str, list[Fact]]) -> list[Fact]:
    """Every document's raw facts: new documents' from this run, unchanged ones' from the
    previous index, re-extracted from their chunks when the extraction rules have changed."""
    by_doc: dict[str, list[dict]] = {}
    for record in records:
        by_doc.setdefault(record["doc_id"], []).append(record)
    out: list[Fact] = []
    for doc_id in docs:
        if doc_id in fresh:
            out.extend(fresh[doc_id])
        elif doc_id in previous:
            out.extend(previous[doc_id])
        else:
            out.extend(extract_facts(Chunk.from_record(r) for r in by_doc.get(doc_id, [])))
    return out
