"""The dense half of an ingest: embed new chunks, reuse vectors of unchanged ones."""

from __future__ import annotations

from dataclasses import dataclass, field

from ingest.core.errors import IndexError_
from ingest.core.models import Chunk
from ingest.embed import load_embedder
from ingest.index.records import IndexMeta
from ingest.index.store import DataDir
from ingest.index.vectors import (
    VectorStore,
    collection_name,
    delete_collections,
    open_client,
    owner_id,
)
from ingest.pipeline.context import IngestContext


@dataclass(frozen=True)
class VectorsBuilt:
    """The model and collection of the new generation's vectors (None: lexical only)."""

    embed_model: str | None = None
    collection: str | None = None
    warnings: list[str] = field(default_factory=list)


def build_vectors(ctx: IngestContext, generation: str, chunks: list[Chunk], previous: IndexMeta | None) -> VectorsBuilt:
    """Fill this generation's collection.

    Without a loadable model the index is lexical-only, with one warning saying why.
    Vectors are reused only from a previous generation built with the same model, so
    an index never mixes models.
    """
    settings, data = ctx.settings, ctx.data
    embedder, reason = (ctx.embedder_loader or load_embedder)(settings)
    if embedder is None:
        return VectorsBuilt(warnings=[reason] if reason else [])
    try:
        client = open_client(settings.chroma_url, data.chroma_path)
        store = VectorStore.create(client, collection_name(generation), owner_id(data.root))
        reusable: dict[str, list[float]] = {}
        if previous and previous.embed_model == embedder.name and previous.collection:
            try:
                old = VectorStore(client, previous.collection)
                reusable = old.get_vectors([c.chunk_id for c in chunks])
            except Exception:  # noqa: BLE001 - a missing old collection only costs re-embedding
                reusable = {}
        missing = [c for c in chunks if c.chunk_id not in reusable]
        ctx.progress.start("embedding", len(missing))
        batch = max(1, settings.embed_batch_size * 4)
        for i in range(0, len(missing), batch):
            part = missing[i : i + batch]
            for chunk, vec in zip(part, embedder.embed_documents([c.index_text for c in part])):
                reusable[chunk.chunk_id] = vec
            ctx.progress.advance(len(part))
        ids = [c.chunk_id for c in chunks]
        store.add(
            ids,
            [reusable[cid] for cid in ids],
            [c.text for c in chunks],
            [_metadata(c) for c in chunks],
        )
    except IndexError_:
        raise
    except Exception as exc:  # noqa: BLE001 - the lexical index is still built and published
        return VectorsBuilt(warnings=[f"dense index not built ({type(exc).__name__}: {exc}); lexical search only"])
    return VectorsBuilt(embedder.name, store.name)


def _metadata(chunk: Chunk) -> dict:
    published = chunk.meta.published or ""
    return {
        "doc_id": chunk.doc_id,
        "publisher": chunk.meta.publisher or "",
        "kind": chunk.meta.kind or "",
        "year": int(published[:4]) if published[:4].isdigit() else 0,
    }


def drop_stale_collections(settings, data: DataDir) -> None:
    """Delete the collections of generations that no longer exist."""
    try:
        client = open_client(settings.chroma_url, data.chroma_path)
    except Exception:  # noqa: BLE001 - best effort
        return
    live = data.finished_generations()
    delete_collections(client, {collection_name(g) for g in live}, owner_id(data.root))
