"""One index generation on disk, and the only module that knows its file names.

A generation is a folder that ingest writes once and readers never change::

    meta.json         format version, tokenizer, embedding model, counts
    docs.json         per document: content hash, path, metadata, chunk ids, text file
    chunks.jsonl      one chunk record per line (row i = BM25 row i)
    facts_raw.jsonl   relation facts per document as extracted (reused for unchanged files)
    facts.jsonl       the same merged across documents: one name per partner
    tokens.jsonl      each chunk's index terms, reused by the next ingest
    units.jsonl       each chunk's answer units and mode-A morphemes (row i = chunk row i)
    texts/            each document's original text, for showing a passage in context
    originals/        the files uploaded through the API, as received, under their names
    bm25/             bm25s arrays (npy) and vocabulary (json), no pickle

Every file is listed once in :data:`FILES`; a new file joins there, with the methods that
write and read it below. Everything else (the pipeline, the reader, the API, the
evaluation) goes through :class:`Generation` and never spells a file name.

When a generation is written, the sha256 of every other file is recorded in its
``meta.json``. The next ingest reads the files it reuses with ``verify=True`` (a file
whose bytes differ, or that does not parse, raises :class:`IndexCorruptError` naming it),
and :meth:`Generation.verify` checks them all (``docqa ingest --check``).
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypeVar

from ingest.core.errors import IndexCorruptError, IndexError_, IndexMismatchError
from ingest.core.models import Chunk
from ingest.facts.merge import merge_facts
from ingest.facts.model import FACTS_VERSION, Fact
from ingest.index.jsonio import (
    check_digest,
    file_digest,
    read_json,
    read_jsonl,
    write_json,
    write_jsonl,
    write_lines,
)
from ingest.index.lexical import LexicalIndex
from ingest.index.records import ChunkUnits, DocumentRecord, GenerationContents, IndexMeta, UnitsLine
from ingest.units import UNITS_VERSION

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
UNITS = GenerationFile("units.jsonl", "each chunk's answer units and mode-A morphemes (row i = chunk row i)")
TEXTS = GenerationFile("texts", "each document's original text, for showing a passage in context", folder=True)
LEXICAL = GenerationFile("bm25", "bm25s arrays (npy) and vocabulary (json), no pickle", folder=True)
ORIGINALS = GenerationFile("originals", "the files uploaded through the API, as received, under their names", folder=True)

#: Every file of a generation.
FILES: tuple[GenerationFile, ...] = (META, DOCUMENTS, CHUNKS, FACTS_RAW, FACTS, TOKENS, UNITS, TEXTS, ORIGINALS, LEXICAL)

T = TypeVar("T")


@dataclass(frozen=True)
class Damage:
    """A file of a generation that is missing, or whose bytes or contents are not what was written."""

    file: str
    problem: str


class Generation:
    """Reads and writes the files of the generation folder ``path``."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._meta: IndexMeta | None = None

    def __repr__(self) -> str:
        return f"Generation({str(self.path)!r})"

    def file(self, item: GenerationFile) -> Path:
        return self.path / item.name

    # --- reading -------------------------------------------------------------------------

    def read_meta(self) -> IndexMeta:
        """The generation's metadata; ``IndexMismatchError`` when it has another format version."""
        if self._meta is not None:
            return self._meta
        path = self.file(META)
        try:
            meta = IndexMeta.from_json(read_json(path))
        except FileNotFoundError as exc:
            raise IndexCorruptError(f"{path} is missing") from exc
        except (OSError, ValueError, TypeError) as exc:
            raise IndexCorruptError(f"{path} is damaged: {exc}") from exc
        if meta.format_version != FORMAT_VERSION:
            raise IndexMismatchError(
                f"the index in {self.path.parent.parent} has format version {meta.format_version}, this docqa "
                f"reads version {FORMAT_VERSION}; rebuild it with `docqa ingest --rebuild`"
            )
        self._meta = meta
        return meta

    def _recorded(self, rel: str) -> str | None:
        """The sha256 recorded for the file ``rel`` (None: the generation records none)."""
        checksums = self.read_meta().checksums
        if checksums is None:
            return None
        if rel not in checksums:
            raise IndexCorruptError(f"{self.path / rel} is not among the files recorded when the index was written")
        return checksums[rel]

    def _read(self, rel: str, verify: bool, decode: Callable[[Path, str | None], T]) -> T:
        """``decode(path, sha256)``, with every way it can fail as an IndexCorruptError naming the file."""
        path = self.path / rel
        try:
            return decode(path, self._recorded(rel) if verify else None)
        except FileNotFoundError as exc:
            raise IndexCorruptError(f"{path} is missing") from exc
        except (OSError, ValueError, TypeError, KeyError, AttributeError) as exc:
            raise IndexCorruptError(f"{path} is damaged: {exc}") from exc

    def read_documents(self, *, verify: bool = False) -> dict[str, DocumentRecord]:
        """Every document's record, in row order (``verify``: against the recorded checksum)."""
        return self._read(
            DOCUMENTS.name, verify,
            lambda path, sha: {doc_id: DocumentRecord.from_json(d) for doc_id, d in read_json(path, sha).items()},
        )

    def read_chunks(self, *, verify: bool = False) -> list[Chunk]:
        """Every chunk record, decoded (a reader memory-maps :meth:`chunks_file` instead)."""
        return self._read(CHUNKS.name, verify, lambda path, sha: [Chunk.from_record(r) for r in read_jsonl(path, sha)])

    def chunks_file(self) -> Path:
        """The chunk records, one JSON object a line, for readers that map the file."""
        return self.file(CHUNKS)

    def read_tokens(self, *, verify: bool = False) -> dict[str, list[str]]:
        return self._read(
            TOKENS.name, verify, lambda path, sha: {r["chunk_id"]: r["tokens"] for r in read_jsonl(path, sha)}
        )

    def read_units(self, *, verify: bool = False) -> dict[str, ChunkUnits]:
        """Each chunk's answer units by chunk id; empty for a generation from before units existed."""
        if not self._holds(UNITS, verify):
            return {}
        return self._read(
            UNITS.name, verify,
            lambda path, sha: {u.chunk_id: u for u in (ChunkUnits.from_record(r) for r in read_jsonl(path, sha))},
        )

    def units_file(self) -> Path | None:
        """The answer units, one JSON object a line in chunk row order (None when the generation has none)."""
        path = self.file(UNITS)
        return path if path.exists() else None

    def read_facts(self, *, verify: bool = False) -> list[Fact]:
        """The merged fact table; empty for a generation from before facts existed."""
        if not self._holds(FACTS, verify):
            return []
        return self._read(FACTS.name, verify, lambda path, sha: [Fact.from_record(r) for r in read_jsonl(path, sha)])

    def read_raw_facts(self, *, verify: bool = False) -> list[Fact] | None:
        """The facts as extracted per document, or None when the generation has none stored."""
        if not self._holds(FACTS_RAW, verify):
            return None
        return self._read(FACTS_RAW.name, verify, lambda path, sha: [Fact.from_record(r) for r in read_jsonl(path, sha)])

    def _holds(self, item: GenerationFile, verify: bool) -> bool:
        """Whether an optional file is part of this generation (one recorded but gone is, and is damaged)."""
        if self.file(item).exists():
            return True
        checksums = self.read_meta().checksums if verify else None
        return bool(checksums) and item.name in checksums

    @staticmethod
    def _text_name(record: DocumentRecord) -> str | None:
        """The record's text file, when it is a plain file name inside the text folder."""
        name = record.text_file or ""
        if not name or Path(name).name != name or name in (".", ".."):
            return None
        return name

    def read_text(self, record: DocumentRecord) -> str | None:
        """The document's original text, or None when the generation does not hold it.

        Only a plain file name inside the text folder is followed, whatever the record says.
        """
        name = self._text_name(record)
        if name is None:
            return None
        try:
            return (self.file(TEXTS) / name).read_text(encoding="utf-8")
        except (OSError, UnicodeError):
            return None

    def read_text_verified(self, record: DocumentRecord) -> str:
        """The document's stored text, checked against its recorded checksum;
        IndexCorruptError when it is missing or damaged."""
        name = self._text_name(record)
        if name is None:
            raise IndexCorruptError(f"{self.file(DOCUMENTS)} names no stored text for {record.doc_id!r}")
        return self._read(
            f"{TEXTS.name}/{name}", True, lambda path, sha: _utf8(check_digest(path.read_bytes(), sha))
        )

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
        self.write_units(contents.units)
        docs = self.write_texts(contents.documents, contents.texts, previous, previous_docs)
        docs = self.write_originals(docs, self.path.parent / name)
        self.write_documents(docs)
        meta = IndexMeta(
            checksums=self.checksums(),
            format_version=FORMAT_VERSION,
            generation=name,
            tokenizer=tokenizer,
            embed_model=embed_model,
            embed_units=embed_units,
            collection=collection,
            facts_version=FACTS_VERSION,
            units_version=UNITS_VERSION,
            documents=len(docs),
            chunks=len(contents.chunks),
            created=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        )
        self.write_meta(meta)
        return meta

    def checksums(self) -> dict[str, str]:
        """The sha256 of every file of the folder but ``meta.json``, by path inside it."""
        out = {}
        for dirpath, dirnames, filenames in os.walk(self.path):
            dirnames.sort()
            for name in sorted(filenames):
                path = Path(dirpath) / name
                rel = path.relative_to(self.path).as_posix()
                if rel != META.name:
                    out[rel] = file_digest(path)
        return out

    def write_lexical(self, lexical: LexicalIndex) -> None:
        lexical.save(self.file(LEXICAL))

    def write_chunks(self, chunks: Iterable[Chunk]) -> None:
        write_jsonl(self.file(CHUNKS), (c.to_record() for c in chunks))

    def write_facts(self, raw: Iterable[Fact], merged: Iterable[Fact]) -> None:
        write_jsonl(self.file(FACTS_RAW), (f.to_record() for f in raw))
        write_jsonl(self.file(FACTS), (f.to_record() for f in merged))

    def write_tokens(self, tokens: Iterable[tuple[str, list[str]]]) -> None:
        write_jsonl(self.file(TOKENS), ({"chunk_id": cid, "tokens": terms} for cid, terms in tokens))

    def write_units(self, units: Iterable[UnitsLine]) -> None:
        write_lines(self.file(UNITS), (u.line for u in units))

    def write_texts(
        self,
        docs: dict[str, DocumentRecord],
        texts: dict[str, str],
        previous: Generation | None = None,
        previous_docs: dict[str, DocumentRecord] | None = None,
    ) -> dict[str, DocumentRecord]:
        """Store each document's original text; return the records naming their text files.

        A document in ``texts`` is written from it; any other is copied from ``previous``,
        the generation that holds it (``previous_docs`` are that generation's records),
        after checking it against its recorded checksum (IndexCorruptError otherwise).
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
                (folder / name).write_bytes(previous.read_text_verified(old).encode("utf-8"))
        return {doc_id: named[doc_id] for doc_id in docs}

    def write_originals(self, docs: dict[str, DocumentRecord], final: Path) -> dict[str, DocumentRecord]:
        """Keep the original of every uploaded document (its ``path``: the received file, or
        the copy an earlier generation kept) under its name; return the records pointing at
        the copy in ``final``, where this build will be published. Unchanged originals are
        hard links, so a generation costs no space for them. A document rebuilt from its
        stored text, its original lost, stays uploaded without one (``original_file`` None)."""
        folder = self.file(ORIGINALS)
        folder.mkdir()
        out: dict[str, DocumentRecord] = {}
        for doc_id, record in docs.items():
            if not record.uploaded:
                out[doc_id] = record
                continue
            name = Path(doc_id).name
            if name != doc_id or name in ("", ".", ".."):
                raise IndexError_(f"an uploaded document cannot be named {doc_id!r}")
            source, target = Path(record.path), folder / name
            if not source.is_file():
                out[doc_id] = replace(record, original_file=None)
                continue
            try:
                os.link(source, target)
            except OSError:
                shutil.copyfile(source, target)
            out[doc_id] = replace(record, path=str(final / ORIGINALS.name / name), original_file=name)
        return out

    def original(self, record: DocumentRecord) -> Path | None:
        """The uploaded file this generation keeps for ``record`` when it is there and matches
        its recorded checksum, else None."""
        name = record.original_file or ""
        if not record.uploaded or not name or Path(name).name != name or name in (".", ".."):
            return None
        path = self.file(ORIGINALS) / name
        try:
            recorded = self._recorded(f"{ORIGINALS.name}/{name}")
            return path if path.is_file() and (recorded is None or file_digest(path) == recorded) else None
        except (IndexError_, OSError):
            return None

    def write_documents(self, docs: dict[str, DocumentRecord]) -> None:
        write_json(self.file(DOCUMENTS), {doc_id: record.to_json() for doc_id, record in docs.items()})

    def write_meta(self, meta: IndexMeta) -> None:
        write_json(self.file(META), meta.to_json())

    # --- checking --------------------------------------------------------------------------

    def verify(self) -> list[Damage]:
        """Every file that is missing, differs from its recorded checksum or does not parse,
        and every disagreement between the records; empty when the generation is whole.

        A generation from before checksums were recorded is checked by parsing its files.
        """
        try:
            meta = self.read_meta()
        except IndexError_ as exc:
            return [Damage(META.name, str(exc))]
        damages = self._verify_checksums(meta) if meta.checksums is not None else self._verify_parsing()
        if damages:
            return damages
        docs = self.read_documents()
        rows = sum(len(d.chunk_ids) for d in docs.values())
        with open(self.file(CHUNKS), "rb") as fh:
            lines = sum(1 for line in fh if line.strip())
        if len(docs) != meta.documents or rows != meta.chunks or lines != meta.chunks:
            damages.append(Damage(DOCUMENTS.name, (
                f"lists {len(docs)} documents with {rows} chunks and {CHUNKS.name} has {lines}, "
                f"where {META.name} says {meta.documents} documents and {meta.chunks} chunks"
            )))
        for record in docs.values():
            name = self._text_name(record)
            if name is None or not (self.file(TEXTS) / name).is_file():
                damages.append(Damage(f"{TEXTS.name}/{record.text_file}", f"the stored text of {record.doc_id!r} is missing"))
        return damages

    def _verify_checksums(self, meta: IndexMeta) -> list[Damage]:
        damages = []
        recorded = meta.checksums or {}
        for rel, sha in sorted(recorded.items()):
            path = self.path / rel
            if not path.is_file():
                damages.append(Damage(rel, "missing"))
            elif file_digest(path) != sha:
                damages.append(Damage(rel, "its bytes do not match the checksum recorded when it was written"))
        for item in FILES:
            if item is UNITS and meta.units_version is None:
                continue  # a generation from before answer units existed
            recorded_here = any(rel == item.name or rel.startswith(f"{item.name}/") for rel in recorded)
            # a folder with nothing in it (no uploads; none in a generation from before them) holds no file to check
            empty_folder = item.folder and not (self.file(item).is_dir() and any(self.file(item).iterdir()))
            if item is not META and not recorded_here and not empty_folder:
                damages.append(Damage(item.name, "not among the files recorded when the index was written"))
        return damages

    def _verify_parsing(self) -> list[Damage]:
        damages = []
        for item, read in ((DOCUMENTS, self.read_documents), (CHUNKS, self.read_chunks), (TOKENS, self.read_tokens),
                           (FACTS_RAW, self.read_raw_facts), (FACTS, self.read_facts), (UNITS, self.read_units)):
            try:
                read()
            except IndexError_ as exc:
                damages.append(Damage(item.name, str(exc)))
        if not damages:
            try:
                self.open_lexical(self.read_meta().chunks, mmap=False)
            except IndexError_ as exc:
                damages.append(Damage(LEXICAL.name, str(exc)))
        return damages


def _utf8(data: bytes) -> str:
    return data.decode("utf-8")
