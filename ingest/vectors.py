"""Chunk vectors in Chroma: embedded ``PersistentClient`` or a ``chroma run`` server.

Each index generation gets its own collection, so that publishing a generation
swaps vectors and lexical index together and a reader never sees a mix.
"""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import urlparse

from ingest.errors import ConfigError, IndexError_

_MAX_BATCH = 1000


def collection_name(generation: str) -> str:
    return f"docqa_{generation}"


def open_client(chroma_url: str | None, path: Path):
    """A Chroma client: HTTP when ``chroma_url`` is set, embedded in ``path`` otherwise."""
    logging.getLogger("chromadb").setLevel(logging.ERROR)
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if chroma_url:
        url = urlparse(chroma_url)
        if url.scheme not in ("http", "https") or not url.hostname:
            raise ConfigError(f"DOCQA_CHROMA_URL must look like http://host:port, not {chroma_url!r}")
        try:
            return chromadb.HttpClient(
                host=url.hostname,
                port=url.port or (443 if url.scheme == "https" else 8000),
                ssl=url.scheme == "https",
                settings=chroma_settings,
            )
        except Exception as exc:  # noqa: BLE001 - connection errors vary by version
            raise IndexError_(f"cannot reach the Chroma server at {chroma_url}: {exc}") from exc
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=chroma_settings)


class VectorStore:
    """One generation's collection."""

    def __init__(self, client, name: str) -> None:
        self._client = client
        self.name = name

    @classmethod
    def create(cls, client, name: str) -> VectorStore:
        client.get_or_create_collection(name, metadata={"hnsw:space": "cosine"})
        return cls(client, name)

    @property
    def _collection(self):
        return self._client.get_collection(self.name)

    def add(self, ids: list[str], vectors: list[list[float]], documents: list[str], metadatas: list[dict]) -> None:
        collection = self._collection
        for i in range(0, len(ids), _MAX_BATCH):
            collection.add(
                ids=ids[i : i + _MAX_BATCH],
                embeddings=vectors[i : i + _MAX_BATCH],
                documents=documents[i : i + _MAX_BATCH],
                metadatas=metadatas[i : i + _MAX_BATCH],
            )

    def get_vectors(self, ids: list[str]) -> dict[str, list[float]]:
        found: dict[str, list[float]] = {}
        collection = self._collection
        for i in range(0, len(ids), _MAX_BATCH):
            got = collection.get(ids=ids[i : i + _MAX_BATCH], include=["embeddings"])
            for cid, vec in zip(got["ids"], got["embeddings"]):
                found[cid] = [float(x) for x in vec]
        return found

    def query(self, vector: list[float], k: int, where: dict | None = None) -> list[tuple[str, float]]:
        """``(chunk_id, cosine similarity)`` of the ``k`` nearest chunks."""
        result = self._collection.query(
            query_embeddings=[vector], n_results=k, where=where or None, include=["distances"]
        )
        return [(cid, 1.0 - float(d)) for cid, d in zip(result["ids"][0], result["distances"][0])]

    def count(self) -> int:
        return self._collection.count()


def delete_collections(client, keep: set[str]) -> None:
    """Drop docqa collections of generations that are gone."""
    for collection in client.list_collections():
        name = collection if isinstance(collection, str) else collection.name
        if name.startswith("docqa_") and name not in keep:
            try:
                client.delete_collection(name)
            except Exception:  # noqa: BLE001 - best effort cleanup; the next ingest retries
                pass
