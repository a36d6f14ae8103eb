"""Uploads, replacements and deletions through the ingest path: kept in the index, never
cited after they go, nothing lost when a replacement is bad."""

from __future__ import annotations

from pathlib import Path

import pytest

from eval import officegen
from ingest.core.models import DocumentMeta
from ingest.index.generation import ORIGINALS
from ingest.index.store import DataDir
from ingest.pipeline import run_ingest
from ingest.pipeline.uploads import Changes, Upload
from tests.conftest import make_settings, write_docs

pytestmark = pytest.mark.integration

PARK = [("第1章 開園時間", ["みどり公園の開園時間は午前9時から午後5時までです。"])]
PARK_NEW = [("第1章 開園時間", ["みどり公園の開園時間は午前8時から午後6時までです。"])]


def staged(folder: Path, name: str, data: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    return path


def upload(settings, path: Path, meta: DocumentMeta | None = None, replace: bool = False):
    return run_ingest([], settings, changes=Changes(uploads=(Upload(path, meta, replace),)))


def current(settings):
    data = DataDir(settings.data_dir)
    generation = data.current()
    return generation, generation.read_documents(), generation.read_chunks()


def test_an_upload_is_indexed_and_its_original_kept_in_the_index(tmp_path):
    settings = make_settings(tmp_path / "data")
    data = officegen.docx_bytes("公園の案内", PARK)
    path = staged(tmp_path / "in", "park.docx", data)
    summary = upload(settings, path, DocumentMeta("公園の案内", series="公園だより", edition="2024年度"))
    assert (summary.added, summary.failed) == (1, [])
    path.unlink()  # the received file is gone; the index keeps its own copy
    generation, docs, chunks = current(settings)
    record = docs["park.docx"]
    assert record.uploaded and record.format == "docx" and record.meta.edition == "2024年度"
    assert generation.original(record).read_bytes() == data
    assert any("午前9時" in c.text for c in chunks)
    rebuilt = run_ingest([], settings, rebuild=True)
    assert (rebuilt.documents, rebuilt.failed) == (1, [])
    generation, docs, _ = current(settings)
    assert docs["park.docx"].uploaded and generation.original(docs["park.docx"]) is not None


def test_a_replacement_is_the_only_version_cited(tmp_path):
    settings = make_settings(tmp_path / "data")
    upload(settings, staged(tmp_path / "1", "park.docx", officegen.docx_bytes("公園", PARK)))
    summary = upload(settings, staged(tmp_path / "2", "park.docx", officegen.docx_bytes("公園", PARK_NEW)), replace=True)
    assert (summary.updated, summary.failed) == (1, [])
    _, _, chunks = current(settings)
    text = "\n".join(c.text for c in chunks)
    assert "午前8時" in text and "午前9時" not in text


def test_a_bad_replacement_keeps_the_version_before_and_its_original(tmp_path):
    settings = make_settings(tmp_path / "data")
    good = officegen.docx_bytes("公園", PARK)
    upload(settings, staged(tmp_path / "1", "park.docx", good))
    bad = staged(tmp_path / "2", "park.docx", officegen.entity_bomb("docx"))
    summary = upload(settings, bad, replace=True)
    assert [f.error for f in summary.failed][0].startswith("the Word file declares XML entities")
    generation, docs, chunks = current(settings)
    assert any("午前9時" in c.text for c in chunks)
    assert generation.original(docs["park.docx"]).read_bytes() == good


def test_a_deletion_removes_the_document_its_chunks_and_facts(tmp_path):
    settings = make_settings(tmp_path / "data")
    text = "みどり市は2020年4月1日にひかり市と覚書を締結した。両市は環境分野で協力している。"
    upload(settings, staged(tmp_path / "1", "mou.txt", text.encode()))
    generation, _, _ = current(settings)
    assert any(f.doc == "mou.txt" for f in generation.read_facts())
    summary = run_ingest([], settings, changes=Changes(remove=("mou.txt",)))
    assert (summary.removed, summary.documents, summary.failed) == (1, 0, [])
    generation, docs, chunks = current(settings)
    assert docs == {} and chunks == [] and generation.read_facts() == []


def test_folder_documents_are_managed_in_their_folder(tmp_path):
    folder = write_docs(tmp_path / "docs", {"a.txt": "大阪市は2013年にホーチミン市と覚書を締結した。"})
    settings = make_settings(tmp_path / "data")
    run_ingest([folder], settings)
    refused = upload(settings, staged(tmp_path / "in", "a.txt", "別の文書です。".encode()))
    assert "is read from the folder" in refused.failed[0].error
    refused = run_ingest([], settings, changes=Changes(remove=("a.txt",)))
    assert "remove the file there" in refused.failed[0].error
    assert set(current(settings)[1]) == {"a.txt"}


def test_an_upload_survives_a_pruning_folder_ingest_and_blocks_a_same_named_file(tmp_path):
    settings = make_settings(tmp_path / "data")
    upload(settings, staged(tmp_path / "in", "park.docx", officegen.docx_bytes("公園", PARK)))
    folder = write_docs(tmp_path / "docs", {"b.txt": "川崎市は平成28年度にバンドン市と覚書を締結した。"})
    summary = run_ingest([folder], settings, prune=True)
    assert set(current(settings)[1]) == {"park.docx", "b.txt"} and summary.removed == 0
    (folder / "park.docx").write_bytes(officegen.docx_bytes("別", PARK_NEW))
    summary = run_ingest([folder], settings)
    assert "was uploaded through the API" in summary.failed[0].error


def test_uploading_an_existing_name_needs_replace(tmp_path):
    settings = make_settings(tmp_path / "data")
    upload(settings, staged(tmp_path / "1", "park.docx", officegen.docx_bytes("公園", PARK)))
    again = upload(settings, staged(tmp_path / "2", "park.docx", officegen.docx_bytes("公園", PARK_NEW)))
    assert "already indexed; replace it" in again.failed[0].error
    missing = upload(settings, staged(tmp_path / "3", "other.docx", officegen.docx_bytes("公園", PARK)), replace=True)
    assert "no uploaded document named other.docx" in missing.failed[0].error


def test_a_rebuild_with_a_damaged_original_makes_the_upload_again_from_its_stored_text(tmp_path):
    settings = make_settings(tmp_path / "data")
    upload(settings, staged(tmp_path / "in", "park.docx", officegen.docx_bytes("公園", PARK)))
    generation, docs, _ = current(settings)
    original = generation.original(docs["park.docx"])
    original.unlink()  # the hard link of the received file, not the file itself
    original.write_bytes(b"PK damaged")
    assert generation.original(docs["park.docx"]) is None  # no longer what its checksum says
    summary = run_ingest([], settings, rebuild=True)
    assert (summary.documents, summary.failed) == (1, [])
    assert any("rebuilt from the text the index stored for it" in w for w in summary.warnings)
    generation, docs, chunks = current(settings)
    record = docs["park.docx"]
    assert record.uploaded and record.original_file is None and generation.original(record) is None
    assert any("午前9時" in c.text for c in chunks)
    assert generation.verify() == []
    run_ingest([], settings, changes=Changes(remove=("park.docx",)))  # still deleted through the API
    assert "park.docx" not in current(settings)[1]


def test_a_generation_from_before_uploads_has_no_originals_and_checks_whole(tmp_path):
    settings = make_settings(tmp_path / "data")
    run_ingest([write_docs(tmp_path / "docs", {"a.txt": "公園は午前9時に開きます。\n"})], settings)
    generation = DataDir(settings.data_dir).current()
    generation.file(ORIGINALS).rmdir()
    assert generation.verify() == []


def test_a_deletion_counts_as_removed_and_passes_the_last_guard(tmp_path):
    """The guard before publishing (issue 15) stops an ingest that drops a document it did not
    mean to; a deletion through the API is meant."""
    settings = make_settings(tmp_path / "data")
    upload(settings, staged(tmp_path / "in", "park.docx", officegen.docx_bytes("公園", PARK)))
    summary = run_ingest([], settings, changes=Changes(remove=("park.docx",)))
    assert (summary.removed, summary.failed, summary.documents) == (1, [], 0)
