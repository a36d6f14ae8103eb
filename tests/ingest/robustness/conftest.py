"""Fixtures of the robustness suite: a baseline index of the corpus, and one ingest of every
fast bad input plus the external edge-case PDFs into a copy of it (session-scoped: it is
the expensive part, and every test here reads from it)."""

from __future__ import annotations

import os

import pytest

from eval.robustness import bad_inputs, runner

HEAVY = os.environ.get("DOCQA_SLOW_TESTS") == "1"
#: For tests too slow for `make test`: `DOCQA_SLOW_TESTS=1` runs them (`make robustness` runs the same inputs).
heavy = [
    pytest.mark.slow,
    pytest.mark.skipif(not HEAVY, reason="heavy: set DOCQA_SLOW_TESTS=1, or run `make robustness`"),
]


@pytest.fixture(scope="session")
def baseline(tmp_path_factory) -> runner.Baseline:
    return runner.build_baseline(tmp_path_factory.mktemp("robustness"))


@pytest.fixture(scope="session")
def bad_batch(baseline, tmp_path_factory) -> dict:
    entries = list(bad_inputs.select(slow=False, external=True))
    return runner.run_batch(entries, tmp_path_factory.mktemp("bad-batch"), baseline)
