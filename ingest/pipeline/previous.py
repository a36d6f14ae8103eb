"""The current generation, read back for incremental reuse by the next ingest.

Every file reused is checked against the checksum recorded when it was written. A
generation that cannot be read back completely stops the ingest: publishing without it
would drop every document it holds (``docqa ingest --rebuild`` repairs it).
"""

from __future__ import annotations

from dataclasses import dataclass

from ingest.core.errors import IndexCorruptError, IndexMismatchError
from ingest.core.models import Chunk
from ingest.facts import FACTS_VERSION, Fact
from ingest.index.generation import Generation
from ingest.index.records import ChunkUnits, DocumentRecord, IndexMeta
from ingest.index.store import DataDir
from ingest.ja.tokenize import Tokenizer
from ingest.units import UNITS_VERSION

#: How to repair an index that cannot be read back, said wherever that stops a command.
REPAIR = (
    "repair it with `docqa ingest --rebuild`, which rebuilds every document from its file, or from "
    "the text the index stored for it when the file is gone; `docqa ingest --check` verifies the index"
)


@dataclass(frozen=True)
class PreviousIndex:
    """What an unchanged file can take from the generation before: its record, chunks,
    tokens (when made by the same tokenizer), answer units and facts (when made by the same
    rules)."""

    generation: Generation
    meta: IndexMeta
    documents: dict[str, DocumentRecord]
    chunks: dict[str, Chunk]
    tokens: dict[str, list[str]]
    facts: dict[str, list[Fact]]
    units: dict[str, ChunkUnits]


def load_previous(data: DataDir, tokenizer: Tokenizer) -> PreviousIndex | None:
    """The current generation's contents, or None when there is none.

    ``IndexCorruptError`` when a file it needs is missing, damaged or disagrees with the
    others; ``IndexMismatchError`` when it has another format version. Both say how to repair.
    """
    name = data.current_generation()
    if name is None:
        return None
    generation = Generation(data.generations / name)
    try:
        meta = generation.read_meta()
        documents = generation.read_documents(verify=True)
        chunks = {c.chunk_id: c for c in generation.read_chunks(verify=True)}
        tokens = generation.read_tokens(verify=True) if meta.tokenizer == tokenizer.name else {}
        units = generation.read_units(verify=True) if meta.units_version == UNITS_VERSION else {}
        facts: dict[str, list[Fact]] = {}
        raw = generation.read_raw_facts(verify=True) if meta.facts_version == FACTS_VERSION else None
        if raw is not None:
            facts = {doc_id: [] for doc_id in documents}  # a document may state no relation at all
            for fact in raw:
                facts.setdefault(fact.doc, []).append(fact)
        _check_rows(generation, documents, chunks)
    except IndexMismatchError as exc:
        raise IndexMismatchError(f"{exc}. Nothing was changed: an ingest now would drop every document it holds") from exc
    except IndexCorruptError as exc:
        raise IndexCorruptError(
            f"the current index cannot be read back completely: {exc}. Nothing was changed (an ingest now "
            f"would drop the documents it holds); {REPAIR}"
        ) from exc
    return PreviousIndex(generation, meta, documents, chunks, tokens, facts, units)


def _check_rows(generation: Generation, documents: dict[str, DocumentRecord], chunks: dict[str, Chunk]) -> None:
    """Every chunk a document lists is in the chunk file (else the document would lose its rows)."""
    for record in documents.values():
        missing = [cid for cid in record.chunk_ids if cid not in chunks]
        if missing:
            raise IndexCorruptError(
                f"{generation.chunks_file()} lacks {len(missing)} chunks of {record.doc_id!r} (e.g. {missing[0]!r})"
            )
