"""One index generation on disk, and the only module that knows its file names.

A generation is a folder that ingest writes once and readers never change::

    meta.json         format version, tokenizer, embedding model, counts
    docs.json         per document: content hash, path, metadata, chunk ids, text file
    chunks.jsonl      one chunk record per line (row i = BM25 row i)
    facts_raw.jsonl   relation facts per document as extracted (reused for unchanged files)
    facts.jsonl       the same merged across documents: one name per partner
    tokens.jsonl      each chunk's index terms, reused by the next ingest
    texts/            each document's original text, for showing a passage in context
    bm25/             bm25s arrays (npy) and vocabulary (json), no pickle

Every file is listed once in :data:`FILES`; a new file joins there, with the methods that
write and read it below. Everything else (the pipeline, the reader, the API, the
evaluation) goes through :class:`Generation` and never spells a file name.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from ingest.core.errors import IndexError_, IndexMismatchError
from ingest.core.models import Chunk
from ingest.facts.merge import merge_facts
from ingest.facts.model import FACTS_VERSION, Fact
from ingest.index.jsonio import read_json, read_jsonl, write_json, write_jsonl
from ingest.index.lexical import LexicalIndex
from ingest.index.records import DocumentRecord, GenerationContents, IndexMeta

#: Version of this layout and its records; an index of another version is refused on load.
FORMAT_VERSION = 1


@dataclass(frozen=True)
class GenerationFile:
    """A file (or folder) of a generation and what it holds."""

    name: str
    holds: str
    folder: bool = False


META = GenerationFile("meta.json", "format version, tokenizer, embedding model, counts")
DOCUMENTS = GenerationFile("docs.json", "per document: content hash, path, metadata, chunk ids, text file")
CHUNKS = GenerationFile("chunks.jsonl", "one chunk record per line (row i = BM25 row i)")
FACTS_RAW = GenerationFile("facts_raw.jsonl", "relation facts per document as extracted (reused for unchanged files)")
FACTS = GenerationFile("facts.jsonl", "the same merged across documents: one name per partner")
TOKENS = GenerationFile("tokens.jsonl", "each chunk's index terms, reused by the next ingest")
TEXTS = GenerationFile("texts", "each document's original text, for showing a passage in context", folder=True)
LEXICAL = GenerationFile("bm25", "bm25s arrays (npy) and vocabulary (json), no pickle", folder=True)

#: Every file of a generation.
FILES: tuple[GenerationFile, ...] = (META, DOCUMENTS, CHUNKS, FACTS_RAW, FACTS, TOKENS, TEXTS, LEXICAL)


class Generation:
    """Reads and writes the files of the generation folder ``path``."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def __repr__(self) -> str:
        return f"Generation({str(self.path)!r})"

    def file(self, item: GenerationFile) -> Path:
        return self.path / item.name

    # --- reading -------------------------------------------------------------------------

    def read_meta(self) -> IndexMeta:
        """The generation's metadata; ``IndexMismatchError`` when it has another format version."""
        path = self.file(META)
        try:
            meta = IndexMeta.from_json(read_json(path))
        except (OSError, ValueError, TypeError) as exc:
            raise IndexError_(f"cannot read {path}: {exc}") from exc
        if meta.format_version != FORMAT_VERSION:
            raise IndexMismatchError(
                f"the index in {self.path.parent.parent} has format version {meta.format_version}, this docqa "
                f"reads version {FORMAT_VERSION}; rebuild it with `docqa ingest --rebuild`"
            )
        return meta

    def read_documents(self) -> dict[str, DocumentRecord]:
        """Every document's record, in row order."""
        return {doc_id: DocumentRecord.from_json(data) for doc_id, data in read_json(self.file(DOCUMENTS)).items()}

    def read_chunks(self) -> list[Chunk]:
        """Every chunk record, decoded (a reader memory-maps :meth:`chunks_file` instead)."""
        return [Chunk.from_record(r) for r in read_jsonl(self.file(CHUNKS))]

    def chunks_file(self) -> Path:
        """The chunk records, one JSON object a line, for readers that map the file."""
        return self.file(CHUNKS)

    def read_tokens(self) -> dict[str, list[str]]:
        return {r["chunk_id"]: r["tokens"] for r in read_jsonl(self.file(TOKENS))}

    def read_facts(self) -> list[Fact]:
        """The merged fact table; empty for a generation from before facts existed."""
        path = self.file(FACTS)
        return [Fact.from_record(r) for r in read_jsonl(path)] if path.exists() else []

    def read_raw_facts(self) -> list[Fact] | None:
        """The facts as extracted per document, or None when the generation has none stored."""
        path = self.file(FACTS_RAW)
        return [Fact.from_record(r) for r in read_jsonl(path)] if path.exists() else None

    def read_text(self, record: DocumentRecord) -> str | None:
        """The document's original text, or None when the generation does not hold it.

        Only a plain file name inside the text folder is followed, whatever the record says.
        """
        name = record.text_file or ""
        if not name or Path(name).name != name or name in (".", ".."):
            return None
        try:
            return (self.file(TEXTS) / name).read_text(encoding="utf-8")
        except OSError:
            return None

    def open_lexical(self, size: int, *, mmap: bool = True) -> LexicalIndex:
        return LexicalIndex.load(self.file(LEXICAL), size, mmap=mmap)

    # --- writing (a build folder, before it is published) -----------------------------------

    def write(
        self,
        contents: GenerationContents,
        *,
        name: str,
        tokenizer: str,
        embed_model: str | None = None,
        embed_units: str | None = None,
        collection: str | None = None,
        previous: Generation | None = None,
        previous_docs: dict[str, DocumentRecord] | None = None,
    ) -> IndexMeta:
        """Write every file of the generation ``name``; the one writer of an index.

        ``previous`` (with its records ``previous_docs``) is the generation that holds the
        stored texts of documents not in ``contents.texts``.
        """
        self.write_lexical(LexicalIndex.build(contents.tokens))
        self.write_chunks(contents.chunks)
        self.write_facts(contents.facts, merge_facts(contents.facts))
        self.write_tokens(zip((c.chunk_id for c in contents.chunks), contents.tokens))
        docs = self.write_texts(contents.documents, contents.texts, previous, previous_docs)
        self.write_documents(docs)
        meta = IndexMeta(
            format_version=FORMAT_VERSION,
            generation=name,
            tokenizer=tokenizer,
            embed_model=embed_model,
            embed_units=embed_units,
            collection=collection,
            facts_version=FACTS_VERSION,
            documents=len(docs),
            chunks=len(contents.chunks),
            created=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        )
        self.write_meta(meta)
        return meta

    def write_lexical(self, lexical: LexicalIndex) -> None:
        lexical.save(self.file(LEXICAL))

    def write_chunks(self, chunks: Iterable[Chunk]) -> None:
        write_jsonl(self.file(CHUNKS), (c.to_record() for c in chunks))

    def write_facts(self, raw: Iterable[Fact], merged: Iterable[Fact]) -> None:
        write_jsonl(self.file(FACTS_RAW), (f.to_record() for f in raw))
        write_jsonl(self.file(FACTS), (f.to_record() for f in merged))

    def write_tokens(self, tokens: Iterable[tuple[str, list[str]]]) -> None:
        write_jsonl(self.file(TOKENS), ({"chunk_id": cid, "tokens": terms} for cid, terms in tokens))

    def write_texts(
        self,
        docs: dict[str, DocumentRecord],
        texts: dict[str, str],
        previous: Generation | None = None,
        previous_docs: dict[str, DocumentRecord] | None = None,
    ) -> dict[str, DocumentRecord]:
        """Store each document's original text; return the records naming their text files.

        A document in ``texts`` is written from it; any other is copied from ``previous``,
        the generation that holds it (``previous_docs`` are that generation's records).
        """
        folder = self.file(TEXTS)
        folder.mkdir()
        named: dict[str, DocumentRecord] = {}
        for number, doc_id in enumerate(sorted(docs)):
            name = f"{number:06d}.txt"
            named[doc_id] = replace(docs[doc_id], text_file=name)
            if doc_id in texts:
                (folder / name).write_text(texts[doc_id], encoding="utf-8")
            elif previous is not None and (old := (previous_docs or {}).get(doc_id)) and old.text_file:
                shutil.copyfile(previous.file(TEXTS) / old.text_file, folder / name)
        return {doc_id: named[doc_id] for doc_id in docs}

    def write_documents(self, docs: dict[str, DocumentRecord]) -> None:
        write_json(self.file(DOCUMENTS), {doc_id: record.to_json() for doc_id, record in docs.items()})

    def write_meta(self, meta: IndexMeta) -> None:
        write_json(self.file(META), meta.to_json())
