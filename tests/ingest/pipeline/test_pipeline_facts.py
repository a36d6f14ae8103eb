"""Facts in the index: written by ingest, reused for unchanged files, re-extracted when stale."""

from __future__ import annotations

import json

import pytest

import ingest.pipeline.assemble as assemble_stage
import ingest.pipeline.process as process_stage
from ingest.facts import FACTS_VERSION
from ingest.index.generation import FACTS, FACTS_RAW, META
from ingest.index.jsonio import read_jsonl, write_json
from ingest.index.store import DataDir
from ingest.pipeline import run_ingest
from tests.conftest import make_settings

pytestmark = pytest.mark.integration


def _facts(settings):
    generation = DataDir(settings.data_dir).current()
    return read_jsonl(generation.file(FACTS)), json.loads(generation.file(META).read_text())


def test_ingest_writes_facts_and_reuses_them(tmp_path, corpus_copy, monkeypatch):
    settings = make_settings(tmp_path / "data")
    run_ingest([corpus_copy], settings)
    facts, meta = _facts(settings)
    assert meta["facts_version"] == FACTS_VERSION
    assert {f["doc"] for f in facts} >= {"osaka-env-intl-cooperation-page-2024.txt"}

    def refuse(chunks, **_):
        raise AssertionError("an unchanged document was re-extracted")

    monkeypatch.setattr(process_stage, "extract_facts", refuse)
    monkeypatch.setattr(assemble_stage, "extract_facts", refuse)
    run_ingest([corpus_copy], settings)
    assert _facts(settings)[0] == facts


def test_changed_document_gets_new_facts(tmp_path, corpus_copy):
    settings = make_settings(tmp_path / "data")
    run_ingest([corpus_copy], settings)
    page = corpus_copy / "osaka-env-intl-cooperation-page-2024.txt"
    page.write_text(page.read_text(encoding="utf-8") + "\n\n大阪市とダナン市は、2025年4月に環境協力に関する覚書を締結しました。\n", encoding="utf-8")
    run_ingest([corpus_copy], settings)
    facts, _ = _facts(settings)
    assert any(f["partner"] == "ダナン市" and f["date"] == "2025-04" for f in facts)


def test_an_index_from_before_facts_is_re_extracted(tmp_path, corpus_copy):
    settings = make_settings(tmp_path / "data")
    run_ingest([corpus_copy], settings)
    generation = DataDir(settings.data_dir).current()
    meta = json.loads(generation.file(META).read_text())
    meta["facts_version"] = None
    write_json(generation.file(META), meta)
    generation.file(FACTS_RAW).unlink()
    generation.file(FACTS).unlink()
    summary = run_ingest([corpus_copy], settings)
    assert summary.unchanged == 5
    assert len(_facts(settings)[0]) > 20
