"""SIGKILL ``docqa ingest`` at five seeded random moments: the previous index always loads and
answers the dev questions exactly as before, and the next ingest completes and clears the
abandoned build (``eval.robustness.crash``)."""

from __future__ import annotations

import pytest

from eval.robustness import crash

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def test_killed_ingests_never_cost_the_index(baseline, tmp_path):
    result = crash.kill_runs(tmp_path, baseline, runs=5, seed=20261201)
    runs = result["runs"]
    assert len(runs) == 5
    assert [r["lost"] for r in runs] == [[]] * 5
    # The seeded delays (1.1 s to 6 s) land both before and during the writing of a build.
    assert sum(r["killed"] for r in runs) >= 3, runs
    final = result["final"]
    assert final["returncode"] == 0 and final["lost"] == [] and final["abandoned_builds"] == 0
    assert final["documents"] == len(baseline.texts) + 4
