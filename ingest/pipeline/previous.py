"""The current generation, read back for incremental reuse by the next ingest."""

from __future__ import annotations

from dataclasses import dataclass

from ingest.core.models import Chunk
from ingest.facts import FACTS_VERSION, Fact
from ingest.index.generation import Generation
from ingest.index.records import DocumentRecord, IndexMeta
from ingest.index.store import DataDir
from ingest.ja.tokenize import Tokenizer


@dataclass(frozen=True)
class PreviousIndex:
    """What an unchanged file can take from the generation before: its record, chunks,
    tokens (when made by the same tokenizer) and facts (when made by the same rules)."""

    generation: Generation
    meta: IndexMeta
    documents: dict[str, DocumentRecord]
    chunks: dict[str, Chunk]
    tokens: dict[str, list[str]]
    facts: dict[str, list[Fact]]


def load_previous(data: DataDir, tokenizer: Tokenizer) -> PreviousIndex | None:
    """The current generation's contents, or None when there is none (or it cannot be read)."""
    name = data.current_generation()
    if name is None:
        return None
    generation = Generation(data.generations / name)
    try:
        meta = generation.read_meta()
        documents = generation.read_documents()
        chunks = {c.chunk_id: c for c in generation.read_chunks()}
        tokens = generation.read_tokens() if meta.tokenizer == tokenizer.name else {}
        facts: dict[str, list[Fact]] = {}
        raw = generation.read_raw_facts() if meta.facts_version == FACTS_VERSION else None
        if raw is not None:
            facts = {doc_id: [] for doc_id in documents}  # a document may state no relation at all
            for fact in raw:
                facts.setdefault(fact.doc, []).append(fact)
    except Exception:  # noqa: BLE001 - an unreadable old index is rebuilt from the files
        return None
    return PreviousIndex(generation, meta, documents, chunks, tokens, facts)
