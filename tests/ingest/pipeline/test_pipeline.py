"""Ingest end to end: counts, idempotence, incremental updates, failures that cost nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from ingest.core.errors import ConfigError, IngestLockedError
from ingest.index.generation import CHUNKS
from ingest.index.jsonio import read_jsonl
from ingest.index.store import DataDir
from ingest.pipeline import run_ingest
from tests.conftest import CORPUS, make_settings, write_docs

pytestmark = pytest.mark.integration

DOC_A = "大阪市は2013年にホーチミン市と覚書を締結した。両市は環境分野で協力している。\n"
DOC_B = "川崎市は平成28年度にバンドン市と覚書を締結した。\n"


def _chunks(settings):
    data = DataDir(settings.data_dir)
    return read_jsonl(data.current().chunks_file())


def test_corpus_twice_is_idempotent(tmp_path):
    settings = make_settings(tmp_path / "data")
    first = run_ingest([CORPUS], settings)
    assert (first.documents, first.added, first.failed) == (5, 5, [])
    assert first.chunks > 50
    before = _chunks(settings)
    second = run_ingest([CORPUS], settings)
    assert (second.added, second.updated, second.unchanged, second.removed) == (0, 0, 5, 0)
    assert second.chunks == first.chunks
    assert _chunks(settings) == before


def test_every_chunk_has_metadata_and_original_span(corpus_settings):
    originals = {p.name: p.read_text(encoding="utf-8") for p in CORPUS.glob("*.txt")}
    for record in _chunks(corpus_settings):
        assert record["title"] and record["publisher"] and record["published"]
        original = originals[record["doc_id"]][record["start"] : record["end"]]
        # The span covers the chunk's text in the original (modulo normalisation).
        assert original.strip()
        assert record["chunk_id"].startswith(record["doc_id"] + "#")


def test_era_years_are_indexed(corpus_settings):
    texts = [r["index_text"] for r in _chunks(corpus_settings)]
    assert any("平成24年度(2012年度)" in t for t in texts)


def test_changed_file_is_updated_and_prune_removes(tmp_path):
    folder = write_docs(tmp_path / "docs", {"a.txt": DOC_A, "b.txt": DOC_B})
    settings = make_settings(tmp_path / "data")
    assert run_ingest([folder], settings).added == 2
    (folder / "a.txt").write_text(DOC_A + "追記の文。\n", encoding="utf-8")
    summary = run_ingest([folder], settings)
    assert (summary.updated, summary.unchanged) == (1, 1)
    (folder / "b.txt").unlink()
    kept = run_ingest([folder], settings)
    assert kept.documents == 2 and kept.removed == 0
    pruned = run_ingest([folder], settings, prune=True)
    assert pruned.documents == 1 and pruned.removed == 1


def test_failed_file_keeps_previous_version(tmp_path):
    folder = write_docs(tmp_path / "docs", {"a.txt": DOC_A, "b.txt": DOC_B})
    settings = make_settings(tmp_path / "data")
    run_ingest([folder], settings)
    (folder / "b.txt").write_bytes(os.urandom(4096))
    summary = run_ingest([folder], settings)
    assert [f.path.endswith("b.txt") for f in summary.failed] == [True]
    assert summary.documents == 2
    assert any("バンドン市" in r["text"] for r in _chunks(settings))


def test_missing_path_is_a_usage_error(tmp_path):
    with pytest.raises(ConfigError):
        run_ingest([tmp_path / "nope"], make_settings(tmp_path / "data"))


def test_second_ingest_is_refused_while_locked(tmp_path):
    folder = write_docs(tmp_path / "docs", {"a.txt": DOC_A})
    settings = make_settings(tmp_path / "data")
    lock = DataDir(settings.data_dir).lock(0)
    try:
        with pytest.raises(IngestLockedError):
            run_ingest([folder], settings)
    finally:
        lock.release()


def test_abandoned_build_leaves_current_index(tmp_path):
    folder = write_docs(tmp_path / "docs", {"a.txt": DOC_A})
    settings = make_settings(tmp_path / "data")
    run_ingest([folder], settings)
    data = DataDir(settings.data_dir)
    current = data.current_generation()
    name, build = data.new_generation()  # what a killed ingest leaves behind
    build.file(CHUNKS).write_text("garbage", encoding="utf-8")
    assert data.current_generation() == current
    assert _chunks(settings)
    run_ingest([folder], settings)
    assert not build.path.exists()


def test_file_outside_given_folder_via_link_is_skipped(tmp_path):
    outside = write_docs(tmp_path / "outside", {"secret.txt": DOC_B})
    folder = write_docs(tmp_path / "docs", {"a.txt": DOC_A})
    (folder / "link.txt").symlink_to(outside / "secret.txt")
    (folder / "loop").symlink_to(folder, target_is_directory=True)
    summary = run_ingest([folder], make_settings(tmp_path / "data"))
    assert summary.documents == 1
    assert any("outside" in w for w in summary.warnings)


def _cli(args, env_extra):
    env = {**os.environ, **env_extra}
    return subprocess.run([sys.executable, "-m", "assistant.cli", *args], capture_output=True, text=True, env=env, timeout=120)


def test_cli_json_summary_and_exit_codes(tmp_path):
    folder = write_docs(tmp_path / "docs", {"a.txt": DOC_A})
    env = {"DOCQA_DATA_DIR": str(tmp_path / "data"), "DOCQA_EMBED_MODEL": "none"}
    ok = _cli(["ingest", str(folder), "--json"], env)
    assert ok.returncode == 0, ok.stderr
    summary = json.loads(ok.stdout)
    assert set(summary) == {"documents", "chunks", "added", "updated", "unchanged", "removed", "failed", "warnings", "seconds"}
    (folder / "bad.txt").write_bytes(b"\x00\x01\x02" * 1000)
    partial = _cli(["ingest", str(folder), "--json"], env)
    assert partial.returncode == 3
    assert json.loads(partial.stdout)["failed"][0]["path"].endswith("bad.txt")
    usage = _cli(["ingest", str(tmp_path / "missing")], env)
    assert usage.returncode == 2 and "no such file" in usage.stderr
