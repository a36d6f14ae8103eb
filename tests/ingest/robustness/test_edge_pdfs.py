"""The 23 edge-case PDFs of ``../shared/external/pdfs`` through ``docqa ingest`` (referenced
there, copied only into a temporary folder): each is indexed or named in the summary, and
the three positive controls yield their Japanese text. They ride in the same ingest as the
catalogue (fixture ``bad_batch``)."""

from __future__ import annotations

import pytest

from eval.robustness import bad_inputs

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(
        not bad_inputs.EXTERNAL_PDFS.is_dir(), reason=f"edge-case PDFs not found at {bad_inputs.EXTERNAL_PDFS}"
    ),
]

EXTERNAL = bad_inputs.external_inputs()


def test_all_23_are_there():
    assert len(EXTERNAL) == 23


@pytest.mark.parametrize("entry", EXTERNAL, ids=lambda e: e.name.removeprefix("external:"))
def test_edge_pdf_is_indexed_or_named(bad_batch, entry):
    record = bad_batch["records"][entry.name]
    assert record["problems"] == [], record["files"]
    assert record["status"] == "handled"


def test_positive_controls_are_indexed_with_their_text(bad_batch):
    controls = [e for e in EXTERNAL if next(iter(e.expect.values())).outcome == "indexed"]
    assert len(controls) == 3
    for entry in controls:
        assert [f["got"] for f in bad_batch["records"][entry.name]["files"].values()] == ["indexed"]
