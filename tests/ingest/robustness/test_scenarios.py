"""The scenarios of ``make robustness`` that are not a bad file, run as the report runs them
(a few of them, so that the report's code cannot rot unseen): a damaged index repaired by
``--rebuild``, from the files and from the stored texts, and a full disk. The other kinds of
damage and the data directory inside the input are tested in-process in
``tests/ingest/pipeline/test_damaged_index.py`` and ``tests/ingest/test_discover.py``; the
server floods take half a minute each and run behind DOCQA_SLOW_TESTS (their mechanisms are
tested in ``tests/assistant/api/test_server.py`` and ``test_feedback.py``)."""

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


def test_a_damaged_generation_stops_the_ingest_and_rebuild_repairs_it(baseline, tmp_path):
    _assert_handled(scenarios.damaged_generation(tmp_path, baseline, "tokens cut short"))


def test_rebuild_from_the_stored_texts(baseline, tmp_path):
    _assert_handled(scenarios.rebuilt_from_stored_texts(tmp_path, baseline))


def test_a_full_disk(baseline, tmp_path):
    _assert_handled(scenarios.full_disk(tmp_path, baseline))


@pytest.mark.parametrize("attack", [server_attacks.feedback_flood, server_attacks.slow_connections], ids=lambda f: f.__name__)
@pytest.mark.parametrize("_heavy", [pytest.param(None, marks=heavy)])
def test_server_attacks(baseline, tmp_path, attack, _heavy):
    _assert_handled(attack(tmp_path, baseline))
