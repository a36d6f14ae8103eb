"""Bad input to ``docqa ingest``: every file is indexed or named in the summary, nothing hangs,
and the corpus indexed before answers exactly as it did.

The inputs and what each must become are the catalogue in ``eval.robustness.bad_inputs``;
the fast ones are ingested together in one ``docqa ingest`` subprocess (fixture
``bad_batch``), the heavy ones (1,000 pages, 50 MB) one by one behind DOCQA_SLOW_TESTS.
"""

from __future__ import annotations

import pytest

from eval.robustness import bad_inputs, runner
from ingest.index.store import DataDir
from ingest.pathnames import shown
from tests.ingest.robustness.conftest import heavy

pytestmark = pytest.mark.integration

FAST = [e for e in bad_inputs.CATALOGUE if not e.slow]
SLOW = [e for e in bad_inputs.CATALOGUE if e.slow]


def test_the_catalogue_covers_the_issue():
    names = {e.name for e in bad_inputs.CATALOGUE}
    assert {
        "zero_byte", "truncated_pdf", "broken_xref_pdf", "encrypted_pdf", "image_only_pdf",
        "decompression_bomb_pdf", "object_loop_pdf", "thousand_page_pdf", "random_bytes",
        "shift_jis_text", "euc_jp_text", "mixed_line_endings", "text_50mb", "html_scripts",
        "japanese_file_name", "symlink_loop", "word_and_excel", "office_zip_bombs", "office_entity_expansion",
        "truncated_docx", "truncated_xlsx", "old_and_locked_office",
    } <= names


def test_the_batch_ingest_finished_and_lost_nothing(bad_batch):
    assert not bad_batch["hung"]
    assert bad_batch["returncode"] == 3  # some files failed, the rest were indexed
    assert bad_batch["lost"] == []


@pytest.mark.parametrize("entry", FAST, ids=lambda e: e.name)
def test_bad_input_is_indexed_or_named(bad_batch, entry):
    record = bad_batch["records"][entry.name]
    assert record["problems"] == [], record["files"]
    assert record["status"] == "handled"
    assert set(record["files"]) == {shown(rel) for rel in entry.expect}


def test_ingest_never_reads_outside_the_given_folder(bad_batch):
    """Every indexed path is under the folder given (or the corpus indexed before), and the
    text behind the links that point out of it reached no chunk."""
    generation = DataDir(bad_batch["data_dir"]).current()
    docs = generation.read_documents()
    allowed = (f"{bad_batch['input']}/", f"{runner.CORPUS}/")
    assert all(d.path.startswith(allowed) for d in docs.values())
    chunks = generation.chunks_file().read_text(encoding="utf-8")
    assert "OUTSIDE-SECRET" not in chunks and "root:x:0:0" not in chunks


@pytest.mark.parametrize("entry", [pytest.param(e, marks=heavy, id=e.name) for e in SLOW])
def test_heavy_input_on_its_own(baseline, tmp_path, entry):
    record = runner.run_entry(entry, tmp_path, baseline)
    assert record["status"] == "handled", record["problems"]
    assert record["lost"] == []
    # Bounded memory: the 50 MB text is refused before it is chunked; 1,000 pages fit easily.
    assert record["peak_rss_mb"] < 1500, record
