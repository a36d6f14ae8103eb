"""What an ingest keeps is frozen out of the collector's scans until it ends; the chunk
analyses run with the collector paused, and it is back on afterwards."""

from __future__ import annotations

import gc

import pytest

from ingest.pipeline import heap

@pytest.mark.unit
def test_settled_objects_are_exempt_until_the_release():
    kept = [[n] for n in range(1000)]
    try:
        heap.settle()
        assert gc.get_freeze_count() >= len(kept)
    finally:
        heap.release()
    assert gc.get_freeze_count() == 0


@pytest.mark.unit
def test_a_pause_restores_the_collector_as_it_was():
    assert gc.isenabled()
    with heap.paused():
        assert not gc.isenabled()
        with heap.paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with heap.paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


@pytest.mark.integration
def test_an_ingest_leaves_nothing_frozen_and_the_collector_on(tmp_path):
    from tests.conftest import make_settings, write_docs

    from ingest.pipeline import run_ingest

    folder = write_docs(tmp_path / "docs", {"a.txt": "第1章 概要\n\n本市はスラバヤ市と覚書を締結した。\n"})
    summary = run_ingest([folder], make_settings(tmp_path / "data"))
    assert summary.documents == 1
    assert gc.get_freeze_count() == 0 and gc.isenabled()
