"""The scenarios of ``make robustness`` that are not a bad file, run as the report runs them:
a damaged index repaired by ``--rebuild``, the data directory inside the input, a full disk.
The server floods take half a minute each and run behind DOCQA_SLOW_TESTS (their
mechanisms are tested in ``tests/assistant/api/test_server.py`` and ``test_feedback.py``)."""

from __future__ import annotations

import pytest

from eval.robustness import scenarios, server_attacks
from tests.ingest.robustness.conftest import heavy

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def _assert_handled(result: dict) -> None:
    if result["status"] == "not run":
        pytest.skip(result["outcome"])
    assert result["status"] == "handled", result["outcome"]
    assert result["lost"] == []


@pytest.mark.parametrize("damage", ["tokens cut short", "catalogue cut short", "another format version"])
def test_a_damaged_generation_stops_the_ingest_and_rebuild_repairs_it(baseline, tmp_path, damage):
    _assert_handled(scenarios.damaged_generation(tmp_path, baseline, damage))


def test_rebuild_from_the_stored_texts(baseline, tmp_path):
    _assert_handled(scenarios.rebuilt_from_stored_texts(tmp_path, baseline))


def test_the_data_directory_inside_the_input(baseline, tmp_path):
    _assert_handled(scenarios.data_dir_inside_input(tmp_path, baseline))


def test_a_full_disk(baseline, tmp_path):
    _assert_handled(scenarios.full_disk(tmp_path, baseline))


@pytest.mark.parametrize("attack", [server_attacks.feedback_flood, server_attacks.slow_connections], ids=lambda f: f.__name__)
@pytest.mark.parametrize("_heavy", [pytest.param(None, marks=heavy)])
def test_server_attacks(baseline, tmp_path, attack, _heavy):
    _assert_handled(attack(tmp_path, baseline))
