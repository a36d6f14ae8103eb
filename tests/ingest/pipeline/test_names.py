"""File names: one name is one document, and a name the index cannot hold is reported.

Bugs shown here (issue 15, defects 2 and 3): a Shift_JIS file name (what unzipping a
Windows archive leaves) aborted the whole ingest with a traceback from ``write_jsonl``
(exit 1, no ``--json`` summary, nothing indexed); a file of the same name in another
folder silently replaced the indexed document (``"updated": 1``) and changed the answers.
"""

from __future__ import annotations

import json
import os

import pytest

from assistant.cli import main
from ingest.core.settings import get_settings
from ingest.index.store import DataDir
from ingest.pathnames import shown
from ingest.pipeline import run_ingest
from tests.conftest import make_settings, write_docs

pytestmark = pytest.mark.integration

SJIS_NAME = "お知らせ.txt".encode("cp932")
GOOD = {"good.txt": "公民館の休館日は毎週月曜日です。\n"}


def _sjis_folder(tmp_path):
    folder = write_docs(tmp_path / "docs", GOOD)
    with open(os.path.join(os.fsencode(folder), SJIS_NAME), "wb") as fh:
        fh.write("図書館は午後八時まで開館します。\n".encode())
    return folder, folder / os.fsdecode(SJIS_NAME)


def test_a_name_that_is_not_utf8_is_reported_and_the_rest_indexed(tmp_path):
    folder, bad = _sjis_folder(tmp_path)
    summary = run_ingest([folder], make_settings(tmp_path / "data"))
    assert summary.documents == 1 and summary.added == 1
    assert [f.path for f in summary.failed] == [shown(bad)]
    assert "not valid UTF-8" in summary.failed[0].error and "お知らせ.txt" in summary.failed[0].error
    json.dumps(summary.to_json(), ensure_ascii=False).encode("utf-8")  # printable as the --json summary


def test_the_json_summary_is_printed_for_such_a_name(tmp_path, monkeypatch, capsys):
    folder, _bad = _sjis_folder(tmp_path)
    monkeypatch.setenv("DOCQA_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("DOCQA_EMBED_MODEL", "none")
    get_settings.cache_clear()
    try:
        assert main(["ingest", str(folder), "--json"]) == 3
    finally:
        get_settings.cache_clear()
    summary = json.loads(capsys.readouterr().out)
    assert summary["documents"] == 1 and len(summary["failed"]) == 1


OSAKA = "osaka.txt"
FIRST = "大阪市は2013年にホーチミン市と覚書を締結した。\n"


def test_a_same_named_file_in_another_folder_is_refused_across_runs(tmp_path):
    settings = make_settings(tmp_path / "data")
    first = write_docs(tmp_path / "first", {OSAKA: FIRST})
    run_ingest([first], settings)
    other = write_docs(tmp_path / "other", {OSAKA: "大阪市は何も締結していない。\n"})
    summary = run_ingest([other], settings)
    assert (summary.updated, summary.documents) == (0, 1)
    assert [f.path for f in summary.failed] == [str(other / OSAKA)]
    assert str(first / OSAKA) in summary.failed[0].error
    generation = DataDir(settings.data_dir).current()
    record = generation.read_documents()[OSAKA]
    assert record.path == str(first / OSAKA) and generation.read_text(record) == FIRST


def test_an_identical_copy_elsewhere_changes_nothing(tmp_path):
    settings = make_settings(tmp_path / "data")
    first = write_docs(tmp_path / "first", {OSAKA: FIRST})
    run_ingest([first], settings)
    copy = write_docs(tmp_path / "copy", {OSAKA: FIRST})
    summary = run_ingest([copy], settings)
    assert (summary.unchanged, summary.failed) == (1, [])
    assert any(w.startswith(f"{copy / OSAKA}: the same as {first / OSAKA}") for w in summary.warnings)
    assert DataDir(settings.data_dir).current().read_documents()[OSAKA].path == str(first / OSAKA)


def test_a_moved_file_is_the_same_document(tmp_path):
    settings = make_settings(tmp_path / "data")
    first = write_docs(tmp_path / "first", {OSAKA: FIRST})
    run_ingest([first], settings)
    moved = tmp_path / "moved"
    moved.mkdir()
    (first / OSAKA).rename(moved / OSAKA)
    (moved / OSAKA).write_text(FIRST + "追記。\n", encoding="utf-8")
    summary = run_ingest([moved], settings)
    assert (summary.updated, summary.failed) == (1, [])
    assert DataDir(settings.data_dir).current().read_documents()[OSAKA].path == str(moved / OSAKA)


def test_within_one_run_the_message_names_the_holder(tmp_path):
    a = write_docs(tmp_path / "a", {OSAKA: FIRST})
    b = write_docs(tmp_path / "b", {OSAKA: "別の本文。\n"})
    summary = run_ingest([a, b], make_settings(tmp_path / "data"))
    assert [f.path for f in summary.failed] == [str(b / OSAKA)] and str(a / OSAKA) in summary.failed[0].error
