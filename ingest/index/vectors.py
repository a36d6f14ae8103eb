"""Chunk vectors in Chroma: embedded ``PersistentClient`` or a ``chroma run`` server.

Each index generation gets its own collection, so that publishing a generation
swaps vectors and lexical index together and a reader never sees a mix.

One Chroma server may hold the collections of several data directories (several
departments, a test and a production index). Every collection records the data
directory that made it (``docqa_owner`` in its metadata, the id in the data
directory's ``chroma-owner`` file), and an ingest only ever deletes its own.
"""

from __future__ import annotations

import logging
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

from ingest.core.errors import ConfigError, IndexError_, IndexMismatchError

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


def describe_client(client) -> str:
    """Where a client's collections live, for messages."""
    settings = client.get_settings()
    if settings.chroma_server_host:
        return f"the Chroma server at {settings.chroma_server_host}:{settings.chroma_server_http_port}"
    return f"the embedded Chroma in {settings.persist_directory}"


def is_server(client) -> bool:
    return bool(client.get_settings().chroma_server_host)


def owner_id(data_root: Path) -> str:
    """This data directory's id on a shared Chroma, created on first use."""
    path = Path(data_root) / "chroma-owner"
    try:
        return path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(uuid.uuid4().hex, encoding="utf-8")
        return path.read_text(encoding="utf-8").strip()


@contextmanager
def _chroma_errors(client, name: str):
    """Chroma failures as docqa errors: a missing collection or an unreachable server is not a crash."""
    import httpx
    from chromadb.errors import NotFoundError

    try:
        yield
    except NotFoundError as exc:
        raise IndexMismatchError(
            f"the vectors of this index (collection {name}) are not in {describe_client(client)}: the index "
            "was built with another DOCQA_CHROMA_URL. Use the DOCQA_CHROMA_URL that `docqa ingest` used, "
            "or run `docqa ingest --rebuild`."
        ) from exc
    except (httpx.TransportError, ConnectionError) as exc:
        raise IndexError_(f"{describe_client(client)} cannot be reached: {exc}") from exc


class VectorStore:
    """One generation's collection."""

    def __init__(self, client, name: str) -> None:
        self._client = client
        self.name = name

    @classmethod
    def create(cls, client, name: str, owner: str | None = None) -> VectorStore:
        metadata = {"hnsw:space": "cosine"}
        if owner:
            metadata["docqa_owner"] = owner
        with _chroma_errors(client, name):
            client.get_or_create_collection(name, metadata=metadata)
        return cls(client, name)

    @property
    def _collection(self):
        with _chroma_errors(self._client, self.name):
            return self._client.get_collection(self.name)

    def check(self) -> None:
        """Raise ``IndexMismatchError`` when the collection is not in this client's Chroma."""
        self._collection  # noqa: B018 - the lookup is the check

    def add(self, ids: list[str], vectors: list[list[float]], documents: list[str], metadatas: list[dict]) -> None:
        collection = self._collection
        with _chroma_errors(self._client, self.name):
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
        with _chroma_errors(self._client, self.name):
            for i in range(0, len(ids), _MAX_BATCH):
                got = collection.get(ids=ids[i : i + _MAX_BATCH], include=["embeddings"])
                for cid, vec in zip(got["ids"], got["embeddings"]):
                    found[cid] = [float(x) for x in vec]
        return found

    def query(self, vector: list[float], k: int, where: dict | None = None) -> list[tuple[str, float]]:
        """``(chunk_id, cosine similarity)`` of the ``k`` nearest chunks."""
        collection = self._collection
        with _chroma_errors(self._client, self.name):
            result = collection.query(
                query_embeddings=[vector], n_results=k, where=where or None, include=["distances"]
            )
        return [(cid, 1.0 - float(d)) for cid, d in zip(result["ids"][0], result["distances"][0])]

    def count(self) -> int:
        collection = self._collection
        with _chroma_errors(self._client, self.name):
            return collection.count()


def delete_collections(client, keep: set[str], owner: str | None = None) -> list[str]:
    """Drop this data directory's collections of generations that are gone; return their names.

    Only collections whose ``docqa_owner`` is ``owner`` are deleted; on an embedded
    client (which no one else uses) collections made before owners were recorded too.
    """
    embedded = not is_server(client)
    deleted = []
    for collection in client.list_collections():
        name = collection if isinstance(collection, str) else collection.name
        if not name.startswith("docqa_") or name in keep:
            continue
        recorded = None if isinstance(collection, str) else (collection.metadata or {}).get("docqa_owner")
        if recorded != owner and not (embedded and recorded is None):
            continue
        try:
            client.delete_collection(name)
            deleted.append(name)
        except Exception:  # noqa: BLE001 - best effort cleanup; the next ingest retries
            pass
    return deleted
