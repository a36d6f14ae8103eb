"""Dense-unit vectors in Chroma: embedded ``PersistentClient`` or a ``chroma run`` server.

Each index generation gets its own collection, so that publishing a generation
swaps vectors and lexical index together and a reader never sees a mix. A collection
holds vectors and filter metadata only (the text is in the generation's chunk file),
declares no embedding function (docqa embeds; Chroma must never load or fetch a model
of its own) and records the model, dimension and unit scheme that made its vectors.

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

from ingest.core.errors import ConfigError, IndexMismatchError, VectorsUnavailableError

#: Vectors per ``add``/``get`` call (Chroma's own limit, about 5,400 here, is respected too):
#: inserting 5,000 at a time was 20% faster than 1,000.
_MAX_BATCH = 5000


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
            raise VectorsUnavailableError(f"cannot reach the Chroma server at {chroma_url}: {exc}") from exc
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
        raise VectorsUnavailableError(f"{describe_client(client)} cannot be reached: {exc}") from exc


class VectorStore:
    """One generation's collection."""

    def __init__(self, client, name: str) -> None:
        self._client = client
        self.name = name

    @classmethod
    def create(cls, client, name: str, owner: str | None = None, about: dict | None = None) -> VectorStore:
        """The collection ``name``, made if needed; ``about`` (model, dimension, units) is
        recorded in its metadata."""
        metadata = {"hnsw:space": "cosine", **(about or {})}
        if owner:
            metadata["docqa_owner"] = owner
        with _chroma_errors(client, name):
            client.get_or_create_collection(name, metadata=metadata, embedding_function=None)
        return cls(client, name)

    @property
    def _collection(self):
        with _chroma_errors(self._client, self.name):
            return self._client.get_collection(self.name, embedding_function=None)

    def _batch(self) -> int:
        try:
            return max(1, min(_MAX_BATCH, int(self._client.get_max_batch_size())))
        except Exception:  # noqa: BLE001 - older clients do not say; 1,000 is always accepted
            return 1000

    def metadata(self) -> dict:
        return dict(self._collection.metadata or {})

    def check(self) -> None:
        """Raise ``IndexMismatchError`` when the collection is not in this client's Chroma."""
        self._collection  # noqa: B018 - the lookup is the check

    def add(self, ids: list[str], vectors, metadatas: list[dict]) -> None:
        """Vectors (a sequence of rows, or a 2-D array) with their ids and filter metadata."""
        collection = self._collection
        batch = self._batch()
        with _chroma_errors(self._client, self.name):
            for i in range(0, len(ids), batch):
                collection.add(
                    ids=ids[i : i + batch],
                    embeddings=vectors[i : i + batch],
                    metadatas=metadatas[i : i + batch],
                )

    def get_vectors(self, ids: list[str]) -> dict:
        """The stored vector (a 1-D array) of each of ``ids`` that the collection holds."""
        found: dict = {}
        collection = self._collection
        batch = self._batch()
        with _chroma_errors(self._client, self.name):
            for i in range(0, len(ids), batch):
                got = collection.get(ids=ids[i : i + batch], include=["embeddings"])
                found.update(zip(got["ids"], got["embeddings"]))
        return found

    def query(self, vector: list[float], k: int, where: dict | None = None) -> list[tuple[str, float]]:
        """``(id, cosine similarity)`` of the ``k`` nearest vectors (distances only: asking
        Chroma for metadata too cost 3-5 ms per query at 150 results)."""
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
