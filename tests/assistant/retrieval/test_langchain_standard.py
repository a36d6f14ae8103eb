"""LangChain's own standard tests for retrievers (``langchain-tests``), run as they are.

Before, ``invoke(query, k=1)`` returned ten documents (``test_invoke_with_k_kwarg`` failed).
The retriever is docqa's hybrid retriever over the five corpus documents (lexical; the
session's corpus index).
"""

from __future__ import annotations

import pytest
from langchain_tests.integration_tests import RetrieversIntegrationTests

from assistant.retrieval.langchain import DocqaRetriever

pytestmark = pytest.mark.integration


class TestDocqaRetrieverStandard(RetrieversIntegrationTests):
    @pytest.fixture(autouse=True)
    def _corpus(self, corpus_assistant) -> None:
        self._inner = corpus_assistant.retriever

    @property
    def retriever_constructor(self) -> type[DocqaRetriever]:
        return DocqaRetriever

    @property
    def retriever_constructor_params(self) -> dict:
        return {"retriever": self._inner}

    @property
    def retriever_query_example(self) -> str:
        return "大阪市はどの都市と覚書を締結していますか"


def test_per_call_filters_and_a_clear_error_for_no_query(corpus_assistant):
    retriever = DocqaRetriever(retriever=corpus_assistant.retriever, k=5)
    osaka = next(d for d in corpus_assistant.handle.get().docs if d.startswith("osaka"))
    docs = retriever.invoke("覚書", filters={"documents": [osaka]}, k=2)
    assert len(docs) == 2 and {d.metadata["doc"] for d in docs} == {osaka}
    assert len(retriever.invoke("覚書")) == 5  # the call's arguments did not stick
    with pytest.raises(TypeError, match="query as a str, not NoneType"):
        retriever.invoke(None)
    with pytest.raises(ValueError, match="k must be a positive integer"):
        retriever.invoke("覚書", k=0)
