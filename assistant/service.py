"""The one code path from a question to a response, used by the CLI, the API and the evaluation."""

from __future__ import annotations

import sys
import time
from functools import cached_property

from assistant.access import Access
from assistant.answer import editions
from assistant.answer.base import Answer, Answerer
from assistant.answer.followup import resolve_followup
from assistant.answer.understand import PASSAGES, retrieval_depth, understand
from assistant.index import IndexHandle, LoadedIndex
from assistant.retrieval.base import Filters, Passage, Retriever, search
from assistant.retrieval.failsoft import FailSoft
from assistant.retrieval.hybrid import HybridRetriever
from assistant.retrieval.lexical import LexicalRetriever
from assistant.schemas import AskResponse, DenseState, EmbedderHealth, Health, IndexHealth, Timings
from assistant.wire import passage_out
from ingest.core.settings import Settings


class Assistant:
    def __init__(
        self,
        settings: Settings,
        *,
        handle: IndexHandle | None = None,
        retriever: Retriever | None = None,
        answerer: Answerer | None = None,
        notices: list[str] | None = None,
    ) -> None:
        self.settings = settings
        self.handle = handle or IndexHandle(settings.data_dir)
        self._retriever = retriever
        self._answerer = answerer
        self.notices = list(notices or [])
        self.degraded: list[str] = []

    @classmethod
    def from_settings(cls, settings: Settings, *, with_models: bool = True) -> Assistant:
        """An assistant with the configured models; unavailable models are reported in one line each."""
        assistant = cls(settings)
        handle = assistant.handle
        lexical = LexicalRetriever(handle)
        dense = None
        reranker = None
        if with_models:
            dense = assistant._dense_retriever()
            from assistant.retrieval.rerank import load_reranker

            reranker, reason = load_reranker(settings)
            if reason:
                assistant._say(reason, "reranker")
        assistant._retriever = HybridRetriever(
            lexical,
            dense,
            fusion=settings.fusion,
            dense_weight=settings.dense_weight,
            dense_weight_en=settings.dense_weight_en,
            reranker=reranker,
            rerank_top_n=settings.rerank_top_n,
        )
        return assistant

    def _dense_retriever(self):
        if not self.settings.dense_enabled:
            return None
        index = self.handle.get()
        if index.meta.embed_model is None:
            self._say("the index has no vectors; lexical search only (run `docqa ingest` with an embedding model)", "dense")
            return None
        from ingest.embed import load_embedder

        embedder, reason = load_embedder(self.settings)
        if embedder is None:
            self._say(reason or "no embedding model", "dense")
            return None
        from assistant.retrieval.dense import DenseRetriever
        from ingest.core.errors import VectorsUnavailableError
        from ingest.dense_units import scheme_name
        from ingest.index.vectors import open_client

        def connect():
            return open_client(self.settings.chroma_url, self.handle.data.chroma_path)

        retriever = DenseRetriever(self.handle, embedder, connect=connect, units=scheme_name(self.settings.embed_units))
        retriever.check()
        try:
            retriever.ping()  # an index whose vectors are in another Chroma is refused (IndexMismatchError)
        except VectorsUnavailableError as exc:
            # A Chroma server that is down costs dense retrieval until it is back, not the service.
            line = f"{exc}; lexical search only until it can be reached"
            print(f"docqa: {line}", file=sys.stderr)
            return FailSoft(retriever, self.settings.dense_retry_s, reason=line)
        return FailSoft(retriever, self.settings.dense_retry_s)

    def _say(self, line: str, component: str) -> None:
        self.notices.append(line)
        self.degraded.append(component)
        print(f"docqa: {line}", file=sys.stderr)

    @property
    def retriever(self) -> Retriever:
        if self._retriever is None:
            self._retriever = HybridRetriever(LexicalRetriever(self.handle), None)
        return self._retriever

    @cached_property
    def answerer(self) -> Answerer:
        if self._answerer is not None:
            return self._answerer
        from assistant.answer.extractive import ExtractiveAnswerer

        extractive = ExtractiveAnswerer(self.handle, self.retriever)
        if self.settings.llm_base_url:
            from assistant.answer.llm import GenerativeAnswerer, OpenAICompatibleClient

            client = OpenAICompatibleClient(
                self.settings.llm_base_url, self.settings.llm_model or "", self.settings.llm_api_key,
                timeout=self.settings.llm_timeout_s,
            )
            return GenerativeAnswerer(client, fallback=extractive)
        return extractive

    def retrieve(self, query: str, k: int, filters: Filters | None = None) -> list[Passage]:
        return self.retriever.retrieve(query, k, filters)

    def ask(
        self,
        question: str,
        history: list[dict] | None = None,
        k: int | None = None,
        filters: dict | Filters | None = None,
        id: str | None = None,  # noqa: A002 - the request field is called id
        access: Access | None = None,
    ) -> AskResponse:
        """The answer from the documents ``access`` sees (:mod:`assistant.access`; None: all)."""
        with self.handle.scoped(access):
            started = time.perf_counter()
            k = k or self.settings.top_k
            flt = filters if isinstance(filters, Filters) else Filters.from_dict(filters)
            resolved = understand(resolve_followup(question, history or []))
            found = search(self.retriever, resolved.retrieval_query, retrieval_depth(resolved, k), flt)
            passages = found.passages
            retrieved = time.perf_counter()
            choice = editions.choose(resolved.question, passages)  # one edition of each series
            answer: Answer = editions.annotate(self.answerer.answer(resolved, choice.chosen, flt), choice, resolved.language)
            done = time.perf_counter()
            timings = Timings(
                retrieve=round((retrieved - started) * 1000, 2),
                answer=round((done - retrieved) * 1000, 2),
                total=round((done - started) * 1000, 2),
            )
            degraded = self.degraded + list(found.unavailable)
            return ask_response(question, id, answer, passages[: max(k, PASSAGES)], timings, degraded)

    def _dense(self) -> FailSoft | None:
        dense = getattr(self.retriever, "dense", None)
        return dense if isinstance(dense, FailSoft) else None

    def health(self, access: Access | None = None) -> Health:
        """The report of ``GET /health``, its counts of the documents ``access`` sees (None: all);
        a dense retriever's Chroma is checked now."""
        retrievers = ["lexical"]
        hybrid = self.retriever
        unavailable = list(self.degraded)
        notices = list(self.notices)
        dense = self._dense()
        state = "off" if "dense" in self.degraded or getattr(hybrid, "dense", None) is None else "ok"
        if dense is not None and dense.probe() == "unavailable":
            state = "unavailable"
            unavailable.append("dense")
            notices.append(dense.reason)
        elif state == "ok":
            retrievers.append("dense")
        if getattr(hybrid, "reranker", None) is not None:
            retrievers.append("rerank")
        with self.handle.scoped(access):
            index = self.handle.get()
        return health_report(
            index, retrievers, getattr(self.answerer, "name", "extractive"), notices,
            embedder=self._embedder_health(), unavailable=unavailable, dense=state,
        )

    def _embedder_health(self) -> EmbedderHealth | None:
        dense = self._dense()
        embedder = getattr(dense.inner, "embedder", None) if dense else None
        if embedder is None:
            return None
        dense = dense.inner
        return EmbedderHealth(
            name=embedder.name, dim=embedder.dim, units=dense.units, threads=embedder.threads,
            version=getattr(embedder, "version", None),
        )


def ask_response(
    question: str, id: str | None, answer: Answer, passages: list[Passage], timings: Timings, degraded: list[str]  # noqa: A002
) -> AskResponse:
    """The response to one question: the answer, its citations and the passages shown."""
    return AskResponse(
        id=id,
        question=question,
        answer=answer.text,
        short_answer=answer.short_answer,
        answerable=answer.answerable,
        citations=answer.citations,
        passages=[passage_out(p) for p in passages],
        degraded=sorted(set(degraded) | set(answer.degraded)),
        timings_ms=timings,
        answer_type=answer.answer_type,
        notice=answer.notice,
    )


def health_report(
    index: LoadedIndex, retrievers: list[str], answerer: str, notices: list[str], *,
    embedder: EmbedderHealth | None = None, unavailable: list[str] | None = None,
    dense: DenseState = "off",
) -> Health:
    """What ``GET /health`` says of an assistant: its index, retrievers, embedder and answerer."""
    return Health(
        index=IndexHealth(
            generation=index.generation,
            documents=len(index.docs),
            chunks=len(index.chunks),
            tokenizer=index.meta.tokenizer,
            embed_model=index.meta.embed_model,
            embed_units=index.meta.embed_units,
            created=index.meta.created,
        ),
        retrievers=retrievers,
        embedder=embedder,
        answerer=answerer,
        notices=list(notices),
        unavailable=sorted(set(unavailable or [])),
        dense=dense,
    )
