"""An index that cannot be read back completely stops the next ingest; nothing is dropped.

Bug shown here (issue 15, defect 1): with the last line of ``tokens.jsonl`` (or
``facts_raw.jsonl``) cut short, ``docqa ingest other/folder`` treated the index as absent,
published a generation holding only the new document (exit 0, no warning), and two more
ingests pruned the old generation from disk. A format-version mismatch took the same path.
"""

from __future__ import annotations

import json
import shutil

import pytest

from assistant.cli import main
from eval.robustness import pdfgen
from ingest.core.errors import IndexCorruptError, IndexMismatchError, IngestError
from ingest.core.settings import get_settings
from ingest.index.generation import CHUNKS, DOCUMENTS, FACTS_RAW, META, TEXTS, TOKENS, Generation
from ingest.index.jsonio import read_json, write_json
from ingest.index.store import DataDir
from ingest.pipeline import run_ingest
from ingest.pipeline.assemble import check_nothing_dropped
from tests.conftest import CORPUS, make_settings, write_docs

pytestmark = pytest.mark.integration

NEW_DOC = {"notice.txt": "公民館の休館日は毎週月曜日です。\n"}


def _cut_last_line(path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 20])


def _respell(path) -> None:
    """A change that still parses: only the checksum can tell."""
    text = path.read_text(encoding="utf-8")
    assert "大阪" in text
    path.write_text(text.replace("大阪", "大坂", 1), encoding="utf-8")


def _other_version(path) -> None:
    meta = read_json(path)
    write_json(path, {**meta, "format_version": 99})


#: What is done to which file, and what the error must then say.
DAMAGE = {
    "tokens cut short": (TOKENS.name, _cut_last_line, TOKENS.name),
    "raw facts cut short": (FACTS_RAW.name, _cut_last_line, FACTS_RAW.name),
    "chunks cut short": (CHUNKS.name, _cut_last_line, CHUNKS.name),
    "chunks respelled": (CHUNKS.name, _respell, CHUNKS.name),
    "catalogue respelled": (DOCUMENTS.name, _respell, DOCUMENTS.name),
    "another format version": (META.name, _other_version, "format version 99"),
}


@pytest.fixture()
def indexed(tmp_path):
    settings = make_settings(tmp_path / "data")
    assert run_ingest([CORPUS], settings).failed == []
    return settings


def _state(settings) -> tuple:
    data = DataDir(settings.data_dir)
    return data.current_generation(), data.finished_generations(), data.builds()


@pytest.mark.parametrize("damage", list(DAMAGE), ids=list(DAMAGE))
def test_a_damaged_index_stops_the_next_ingest(indexed, tmp_path, damage):
    name, spoil, named = DAMAGE[damage]
    generation = DataDir(indexed.data_dir).current()
    spoil(generation.path / name)
    before = _state(indexed)
    with pytest.raises((IndexCorruptError, IndexMismatchError)) as caught:
        run_ingest([write_docs(tmp_path / "other", NEW_DOC)], indexed)
    message = str(caught.value)
    assert named in message and "docqa ingest --rebuild" in message and "\n" not in message
    assert _state(indexed) == before  # nothing published, nothing pruned, no build left


def test_a_damaged_stored_text_stops_the_ingest_and_leaves_no_build(indexed, tmp_path):
    generation = DataDir(indexed.data_dir).current()
    record = next(iter(generation.read_documents().values()))
    (generation.file(TEXTS) / record.text_file).write_text("書き換えられた本文", encoding="utf-8")
    before = _state(indexed)
    with pytest.raises(IndexCorruptError, match="docqa ingest --rebuild"):
        run_ingest([write_docs(tmp_path / "other", NEW_DOC)], indexed)
    assert _state(indexed) == before


def test_rebuild_repairs_from_the_files(indexed, tmp_path):
    generation = DataDir(indexed.data_dir).current()
    chunks = generation.read_chunks()
    _cut_last_line(generation.file(TOKENS))
    summary = run_ingest([write_docs(tmp_path / "other", NEW_DOC)], indexed, rebuild=True)
    assert (summary.documents, summary.failed) == (6, [])
    repaired = DataDir(indexed.data_dir).current()
    assert repaired.verify() == []
    assert [c for c in repaired.read_chunks() if c.doc_id != "notice.txt"] == chunks


def test_rebuild_uses_the_stored_texts_when_the_files_are_gone(tmp_path):
    """Pages too: a PDF rebuilt from its stored text keeps each chunk's page number."""
    folder = tmp_path / "docs"
    shutil.copytree(CORPUS, folder)
    pages = [[f"Minutes page {n}", "The road repair budget was approved."] * 30 for n in range(1, 4)]
    (folder / "minutes.pdf").write_bytes(pdfgen.text_pdf(pages))
    settings = make_settings(tmp_path / "data")
    assert run_ingest([folder], settings).failed == []
    generation = DataDir(settings.data_dir).current()
    chunks, texts = generation.read_chunks(), {d: generation.read_text(r) for d, r in generation.read_documents().items()}
    assert {c.page for c in chunks if c.doc_id == "minutes.pdf"} == {1, 2, 3}
    shutil.rmtree(folder)
    _cut_last_line(generation.file(TOKENS))
    summary = run_ingest([], settings, rebuild=True)
    assert (summary.documents, summary.failed) == (6, [])
    assert sum("rebuilt from the text the index stored" in w for w in summary.warnings) == 6
    rebuilt = DataDir(settings.data_dir).current()
    assert rebuilt.read_chunks() == chunks
    assert {d: rebuilt.read_text(r) for d, r in rebuilt.read_documents().items()} == texts


def test_rebuild_reports_a_document_it_cannot_make_again(tmp_path):
    folder = write_docs(tmp_path / "docs", {"a.txt": "大阪市は覚書を締結した。\n", "b.txt": "川崎市は議定書を結んだ。\n"})
    settings = make_settings(tmp_path / "data")
    run_ingest([folder], settings)
    generation = DataDir(settings.data_dir).current()
    record = generation.read_documents()["b.txt"]
    (folder / "b.txt").unlink()
    (generation.file(TEXTS) / record.text_file).unlink()
    summary = run_ingest([], settings, rebuild=True)
    assert summary.documents == 1
    assert [f.path for f in summary.failed] == [str(folder / "b.txt")]
    assert "cannot rebuild" in summary.failed[0].error


def test_a_document_dropped_unasked_stops_the_publish():
    with pytest.raises(IngestError, match="would drop 1 indexed documents"):
        check_nothing_dropped(["a.txt", "b.txt", "c.txt"], ["a.txt"], leaving={"c.txt"})
    check_nothing_dropped(["a.txt", "b.txt"], ["a.txt"], leaving={"b.txt"})


def test_an_index_from_before_checksums_still_reads_and_is_still_checked(indexed, tmp_path):
    generation = DataDir(indexed.data_dir).current()
    meta = read_json(generation.file(META))
    write_json(generation.file(META), {k: v for k, v in meta.items() if k != "checksums"})
    assert Generation(generation.path).verify() == []
    _cut_last_line(generation.file(TOKENS))
    assert [d.file for d in Generation(generation.path).verify()] == [TOKENS.name]
    with pytest.raises(IndexCorruptError, match=TOKENS.name):
        run_ingest([write_docs(tmp_path / "other", NEW_DOC)], indexed)


@pytest.fixture()
def cli_env(indexed, monkeypatch):
    monkeypatch.setenv("DOCQA_DATA_DIR", str(indexed.data_dir))
    monkeypatch.setenv("DOCQA_EMBED_MODEL", "none")
    get_settings.cache_clear()
    yield indexed
    get_settings.cache_clear()


def test_check_says_whole_or_names_the_damaged_file(cli_env, capsys):
    assert main(["ingest", "--check"]) == 0
    assert capsys.readouterr().out.startswith("ok: generation ")
    generation = DataDir(cli_env.data_dir).current()
    _respell(generation.file(CHUNKS))
    assert main(["ingest", "--check", "--json"]) == 1
    captured = capsys.readouterr()
    report = json.loads(captured.out)
    assert report["ok"] is False and [d["file"] for d in report["damaged"]] == [CHUNKS.name]
    assert "docqa ingest --rebuild" in captured.err


def test_rebuild_takes_the_catalogue_of_an_older_generation_when_the_current_one_is_damaged(tmp_path):
    settings = make_settings(tmp_path / "data")
    run_ingest([CORPUS], settings)
    run_ingest([write_docs(tmp_path / "other", NEW_DOC)], settings)
    current = DataDir(settings.data_dir).current()
    _cut_last_line(current.file(DOCUMENTS))
    summary = run_ingest([], settings, rebuild=True)
    assert (summary.documents, summary.failed) == (5, [])  # the older generation held the corpus
    assert any("trying an older one" in w for w in summary.warnings)


def test_rebuild_with_every_catalogue_damaged_says_so_in_failed(indexed):
    _cut_last_line(DataDir(indexed.data_dir).current().file(DOCUMENTS))
    summary = run_ingest([CORPUS], indexed, rebuild=True)
    assert summary.documents == 5 and [f.path for f in summary.failed] == [str(indexed.data_dir)]
    assert "holds only the files given now" in summary.failed[0].error


def test_a_document_whose_file_moved_is_rebuilt_from_its_new_place(tmp_path):
    old, new = tmp_path / "old", tmp_path / "new"
    write_docs(old, {"a.txt": "大阪市は覚書を締結した。\n"})
    settings = make_settings(tmp_path / "data")
    run_ingest([old], settings)
    new.mkdir()
    (old / "a.txt").rename(new / "a.txt")
    summary = run_ingest([new], settings, rebuild=True)
    assert (summary.documents, summary.failed) == (1, [])
    assert DataDir(settings.data_dir).current().read_documents()["a.txt"].path == str(new / "a.txt")
