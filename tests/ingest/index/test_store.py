"""The data directory: generations published by a pointer swap, the newest kept."""

from __future__ import annotations

import pytest

from ingest.index.store import KEEP_GENERATIONS, DataDir

pytestmark = pytest.mark.unit


def test_generations_made_within_one_second_are_pruned_oldest_first(tmp_path):
    """Names had a resolution of one second, so three quick ingests pruned a random one."""
    data = DataDir(tmp_path)
    names = []
    for _ in range(KEEP_GENERATIONS + 2):
        name, build = data.new_generation()
        data.publish(name, build)
        names.append(name)
    assert data.finished_generations() == sorted(names) == names
    deleted = data.prune_generations()
    assert deleted == names[:2] and data.finished_generations() == names[-KEEP_GENERATIONS:]
    assert data.current_generation() == names[-1]
