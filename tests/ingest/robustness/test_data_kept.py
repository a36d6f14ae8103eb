"""Adding documents never changes what was indexed before, down to each document's stored text.

Bug shown here: ``_write_texts`` renumbered the text files in place on the previous
generation's own records (kept documents share them), so when a new file sorted before
the corpus documents, a kept document's stored text was copied from the wrong file:
``GET /api/documents/{doc}`` showed another document's text, or ingest crashed with
FileNotFoundError when the shifted number did not exist.
"""

from __future__ import annotations

import pytest

from ingest.index.store import DataDir
from ingest.pipeline import run_ingest
from tests.conftest import CORPUS, make_settings, write_docs

pytestmark = pytest.mark.integration


def stored_texts(settings) -> dict[str, str]:
    generation = DataDir(settings.data_dir).current()
    return {d: generation.read_text(doc) for d, doc in generation.read_documents().items()}


@pytest.mark.parametrize("names", [["aaa-first.txt"], ["aaa.txt", "bbb.txt", "zzz-last.txt"]])
def test_kept_documents_keep_their_own_text(tmp_path, names):
    settings = make_settings(tmp_path / "data")
    run_ingest([CORPUS], settings)
    before = stored_texts(settings)
    extra = write_docs(tmp_path / "extra", {n: f"{n} の本文です。公園の清掃日は毎月第一日曜日です。\n" for n in names})
    summary = run_ingest([extra], settings)
    assert summary.failed == [] and summary.added == len(names)
    after = stored_texts(settings)
    assert {d: after[d] for d in before} == before
    assert all(after[n].startswith(n) for n in names)
