"""The dense half of an ingest: one vector per dense unit, no text in Chroma, reuse by model and scheme."""

from __future__ import annotations

import pytest

from ingest.dense_units import SCHEMES, dense_units
from ingest.embed import HashingEmbedder
from ingest.index.store import DataDir
from ingest.index.vectors import VectorStore, open_client
from ingest.pipeline import run_ingest
from tests.conftest import make_settings, write_docs

pytestmark = pytest.mark.integration

DOCS = {
    "a.txt": "北山市の国際協力\n\n北山市は1994年に南浜市と姉妹都市提携を締結した。両市は2016年に覚書を更新した。\n",
    "b.txt": "東川町の廃棄物対策\n\n東川町のごみ焼却施設は2005年に稼働した。処理能力は1日300トンである。\n",
}


class CountingEmbedder(HashingEmbedder):
    """The hashing fake, counting the texts it embeds."""

    def __init__(self) -> None:
        super().__init__()
        self.embedded: list[str] = []

    def embed_documents(self, texts):
        self.embedded += texts
        return super().embed_documents(texts)


def ingest(folder, settings, embedder):
    summary = run_ingest([folder], settings, embedder_loader=lambda _s: (embedder, None))
    assert summary.failed == [] and summary.warnings == []
    meta = DataDir(settings.data_dir).current().read_meta()
    return meta, VectorStore(open_client(None, DataDir(settings.data_dir).chroma_path), meta.collection)


def test_every_unit_is_one_vector_with_filter_metadata_and_no_text(tmp_path):
    folder = write_docs(tmp_path / "docs", DOCS)
    settings = make_settings(tmp_path / "data")
    embedder = CountingEmbedder()
    meta, store = ingest(folder, settings, embedder)
    chunks = DataDir(settings.data_dir).current().read_chunks()
    units = [u for c in chunks for u in dense_units(c, SCHEMES["sentences"])]
    assert meta.embed_units == SCHEMES["sentences"] and meta.embed_model == embedder.name
    assert store.count() == len(units) > len(chunks)
    assert sorted(embedder.embedded) == sorted(u.text for u in units)
    assert store.metadata() | {"docqa_owner": None} == {
        "hnsw:space": "cosine", "embed_model": embedder.name, "embed_dim": 64, "units": SCHEMES["sentences"],
        "docqa_owner": None,
    }
    collection = open_client(None, DataDir(settings.data_dir).chroma_path).get_collection(meta.collection, embedding_function=None)
    stored = collection.get(ids=[units[0].unit_id], include=["documents", "metadatas"])
    assert stored["documents"] == [None]
    assert stored["metadatas"][0]["chunk_id"] == units[0].chunk_id and stored["metadatas"][0]["doc_id"]


def test_re_ingest_embeds_only_the_units_of_changed_files(tmp_path):
    folder = write_docs(tmp_path / "docs", DOCS)
    settings = make_settings(tmp_path / "data")
    ingest(folder, settings, CountingEmbedder())
    again = CountingEmbedder()
    _, store = ingest(folder, settings, again)
    assert again.embedded == [] and store.count() > 0
    write_docs(folder, {"b.txt": DOCS["b.txt"].replace("300トン", "350トン")})
    changed = CountingEmbedder()
    _, store = ingest(folder, settings, changed)
    assert changed.embedded and all("東川町" in t or "350トン" in t or "廃棄物" in t for t in changed.embedded)
    assert not any("北山市" in t for t in changed.embedded)


def test_vectors_of_another_unit_scheme_are_not_reused(tmp_path):
    folder = write_docs(tmp_path / "docs", DOCS)
    settings = make_settings(tmp_path / "data", embed_units="chunks")
    meta, store = ingest(folder, settings, CountingEmbedder())
    assert meta.embed_units == SCHEMES["chunks"] and store.count() == meta.chunks
    sentences = CountingEmbedder()
    meta, store = ingest(folder, settings.model_copy(update={"embed_units": "sentences"}), sentences)
    assert meta.embed_units == SCHEMES["sentences"] and len(sentences.embedded) == store.count() > meta.chunks
