"""Optional cross-encoder reranking of the fused candidates."""

from __future__ import annotations

from typing import Protocol

from assistant.retrieval.base import Passage
from ingest.embed import ModelUnavailable, load_sentence_transformer


class Reranker(Protocol):
    name: str

    def rerank(self, query: str, passages: list[Passage]) -> list[Passage]: ...


class CrossEncoderReranker:
    def __init__(self, name: str, model) -> None:
        self.name = name
        self._model = model

    def rerank(self, query: str, passages: list[Passage]) -> list[Passage]:
        scores = self._model.predict([(query, p.chunk.text) for p in passages], show_progress_bar=False)
        for passage, score in zip(passages, scores):
            passage.sources["rerank"] = float(score)
            passage.score = float(score)
        return sorted(passages, key=lambda p: -p.score)


class OverlapReranker:
    """A fake: orders by how many query characters each passage contains."""

    name = "overlap"

    def rerank(self, query: str, passages: list[Passage]) -> list[Passage]:
        chars = set(query)
        for passage in passages:
            passage.score = float(sum(ch in chars for ch in set(passage.chunk.text)))
        return sorted(passages, key=lambda p: -p.score)


def load_reranker(settings) -> tuple[Reranker | None, str | None]:
    """The configured reranker, or ``(None, one-line reason)``; ``(None, None)`` when none is set."""
    name = settings.rerank_model
    if not name:
        return None, None
    if name == "fake:overlap":
        return OverlapReranker(), None
    try:
        model = load_sentence_transformer(name, allow_download=settings.embed_allow_download, kind="reranker")
    except ModelUnavailable as exc:
        return None, (
            f"reranker '{name}' cannot be loaded offline ({exc}); reranking is off. "
            "Fix: set DOCQA_RERANK_MODEL to a local model folder."
        )
    return CrossEncoderReranker(name, model), None
