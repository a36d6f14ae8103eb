"""The dense half of an ingest: embed new chunks, reuse vectors of unchanged ones."""

from __future__ import annotations

from collections.abc import Callable

from ingest.embed import load_embedder
from ingest.core.errors import IndexError_
from ingest.index.store import DataDir
from ingest.index.vectors import VectorStore, collection_name, delete_collections, open_client, owner_id


def build_vectors(
    settings,
    data: DataDir,
    generation: str,
    records: list[dict],
    previous: dict | None,
    progress,
    embedder_loader: Callable | None = None,
) -> tuple[str | None, str | None, list[str]]:
    """Fill this generation's collection; return ``(model name, collection, warnings)``.

    Without a loadable model the index is lexical-only, with one warning saying why.
    Vectors are reused only from a previous generation built with the same model, so
    an index never mixes models.
    """
    embedder, reason = (embedder_loader or load_embedder)(settings)
    if embedder is None:
        return None, None, [reason] if reason else []
    try:
        client = open_client(settings.chroma_url, data.chroma_path)
        store = VectorStore.create(client, collection_name(generation), owner_id(data.root))
        reusable: dict[str, list[float]] = {}
        prev_meta = previous["meta"] if previous else None
        if prev_meta and prev_meta.embed_model == embedder.name and prev_meta.collection:
            try:
                old = VectorStore(client, prev_meta.collection)
                reusable = old.get_vectors([r["chunk_id"] for r in records])
            except Exception:  # noqa: BLE001 - a missing old collection only costs re-embedding
                reusable = {}
        missing = [r for r in records if r["chunk_id"] not in reusable]
        progress.start("embedding", len(missing))
        batch = max(1, settings.embed_batch_size * 4)
        for i in range(0, len(missing), batch):
            part = missing[i : i + batch]
            for rec, vec in zip(part, embedder.embed_documents([r["index_text"] for r in part])):
                reusable[rec["chunk_id"]] = vec
            progress.advance(len(part))
        ids = [r["chunk_id"] for r in records]
        store.add(
            ids,
            [reusable[cid] for cid in ids],
            [r["text"] for r in records],
            [_metadata(r) for r in records],
        )
    except IndexError_:
        raise
    except Exception as exc:  # noqa: BLE001 - the lexical index is still built and published
        return None, None, [f"dense index not built ({type(exc).__name__}: {exc}); lexical search only"]
    return embedder.name, store.name, []


def _metadata(record: dict) -> dict:
    published = record.get("published") or ""
    return {
        "doc_id": record["doc_id"],
        "publisher": record.get("publisher") or "",
        "kind": record.get("kind") or "",
        "year": int(published[:4]) if published[:4].isdigit() else 0,
    }


def drop_stale_collections(settings, data: DataDir) -> None:
    """Delete the collections of generations that no longer exist."""
    try:
        client = open_client(settings.chroma_url, data.chroma_path)
    except Exception:  # noqa: BLE001 - best effort
        return
    live = {p.name for p in data.generations.iterdir() if p.is_dir() and not p.name.startswith(".")}
    delete_collections(client, {collection_name(g) for g in live}, owner_id(data.root))
