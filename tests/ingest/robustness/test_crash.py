"""SIGKILL ``docqa ingest`` at five seeded random moments spread over a whole ingest: the index
always loads and answers the dev questions exactly as before (or as a clean index of the same
documents, when the kill came after the publish), and the next ingest completes and clears the
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
    # Seeded kills after taking the lock (reading), then after the build folder appeared
    # (writing): at least one run must have been killed in each phase.
    assert sum(r["killed"] for r in runs) >= 3, runs
    phases = {r["phase"] for r in runs if r["killed"]}
    assert "before writing" in phases and phases & {"writing", "published"}, runs
    final = result["final"]
    assert final["returncode"] == 0 and final["lost"] == [] and final["abandoned_builds"] == 0
    assert final["documents"] == len(baseline.texts) + 4
