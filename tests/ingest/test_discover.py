"""Discovery: the data directory is never ingested, and hidden names are skipped with a word.

Bug shown here (issue 15): a data directory inside the folder being ingested had its own
stored texts ingested (5 → 10 → 15 documents on three runs), and names beginning with a
dot were skipped without a warning.
"""

from __future__ import annotations

import shutil

import pytest

from ingest.discover import DATA_DIR_SKIPPED, HIDDEN_SKIPPED, discover_files
from ingest.pipeline import run_ingest
from tests.conftest import CORPUS, make_settings, write_docs

pytestmark = pytest.mark.integration


def test_a_data_directory_inside_the_ingested_folder_is_skipped(tmp_path):
    folder = tmp_path / "docs"
    shutil.copytree(CORPUS, folder)
    settings = make_settings(folder / "index-data")
    counts = [run_ingest([folder], settings).documents for _ in range(3)]
    assert counts == [5, 5, 5]
    summary = run_ingest([folder], settings)
    assert f"{folder / 'index-data'}: {DATA_DIR_SKIPPED}" in summary.warnings


def test_giving_the_data_directory_itself_ingests_nothing_from_it(tmp_path):
    settings = make_settings(tmp_path / "data")
    run_ingest([CORPUS], settings)
    files, warnings = discover_files([settings.data_dir], exclude=[settings.data_dir])
    assert files == [] and warnings == [f"{settings.data_dir}: {DATA_DIR_SKIPPED}"]


def test_hidden_files_and_folders_are_skipped_with_a_warning(tmp_path):
    folder = write_docs(tmp_path / "docs", {"a.txt": "本文。\n", "._a.txt": "macOS の付随ファイル\n", ".DS_Store": "x"})
    write_docs(folder / ".git", {"notes.txt": "隠しフォルダの中\n"})
    files, warnings = discover_files([folder])
    assert [f.path.name for f in files] == ["a.txt"]
    assert sorted(warnings) == sorted([f"{folder / '.git'}: {HIDDEN_SKIPPED}", f"{folder / '._a.txt'}: {HIDDEN_SKIPPED}"])
