"""The lexical configuration on the dev set stays within 0.02 of the committed baseline."""

import json

import pytest

from eval import cli, runner

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def test_dev_set_lexical_is_not_below_the_baseline():
    if not cli.BASELINE.is_file():
        pytest.skip(f"{cli.BASELINE} is not committed yet (create it with `docqa eval --write-baseline`)")
    baseline = json.loads(cli.BASELINE.read_text(encoding="utf-8"))
    report = runner.run_eval([cli.DEFAULT_QA[0]], [baseline.get("config", runner.BASELINE_CONFIG)])
    current = runner.baseline_numbers(report, baseline.get("config", runner.BASELINE_CONFIG))
    for _, key in runner.BASELINE_METRICS:
        assert current[key] >= baseline[key] - runner.TOLERANCE, (key, current[key], baseline[key])
