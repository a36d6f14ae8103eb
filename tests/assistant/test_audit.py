"""The audit trail: append-only, a hash chain that shows tampering, retention, CSV."""

from __future__ import annotations

import csv
import io
import sqlite3

import pytest

from assistant.audit import AuditTrail, csv_rows

pytestmark = pytest.mark.integration

DAY = 86400


class Clock:
    def __init__(self) -> None:
        self.now = 1_780_000_000.0  # 2026-05-28

    def __call__(self) -> float:
        return self.now


@pytest.fixture()
def trail(tmp_path):
    clock = Clock()
    trail = AuditTrail(tmp_path / "audit.sqlite", clock=clock)
    trail.clock = clock
    yield trail
    trail.close()


def fill(trail, n=3):
    for i in range(n):
        trail.append("question", f"user{i}", "127.0.0.1", question=f"q{i}", documents=[f"d{i}.txt"], passages=[f"d{i}.txt#p0"])


def test_records_are_chained_and_verify(trail):
    fill(trail)
    records = list(trail.records())
    assert [r.seq for r in records] == [1, 2, 3]
    assert records[1].prev == records[0].hash and records[2].prev == records[1].hash
    assert trail.verify() is None


def test_updates_and_deletions_are_refused(trail):
    fill(trail)
    db = sqlite3.connect(trail.path)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("UPDATE events SET user = 'mallory' WHERE seq = 2")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("DELETE FROM events WHERE seq = 2")
    db.close()


@pytest.mark.parametrize("tamper", [
    "DROP TRIGGER events_append_only; UPDATE events SET detail = '{\"question\": \"x\"}' WHERE seq = 2",
    "DROP TRIGGER events_kept; DELETE FROM events WHERE seq = 2",
    "INSERT INTO events (seq, time, event, user, address, detail, prev, hash) VALUES (10, '2026', 'question', 'x', '', '{}', 'a', 'b')",
])
def test_tampering_around_the_triggers_shows_in_the_chain(trail, tamper):
    fill(trail)
    db = sqlite3.connect(trail.path)
    db.executescript(tamper)
    db.close()
    assert trail.verify() is not None


def test_retention_removes_old_records_and_the_chain_still_verifies(trail):
    fill(trail, 2)
    trail.clock.now += 10 * DAY
    fill(trail, 2)
    removed = trail.prune(list(trail.records())[2].time)
    assert removed == 2 and [r.seq for r in trail.records()] == [3, 4]
    assert trail.verify() is None
    trail.append("signin", "user0")
    assert trail.verify() is None


def test_the_retention_setting_prunes_on_the_first_write_of_a_day(tmp_path):
    clock = Clock()
    trail = AuditTrail(tmp_path / "audit.sqlite", retention_days=5, clock=clock)
    fill(trail, 2)
    clock.now += 6 * DAY
    trail.append("signin", "user0")
    assert [r.event for r in trail.records()] == ["signin"] and trail.verify() is None
    trail.close()


def test_export_by_date_range_as_csv(trail):
    fill(trail, 1)
    trail.clock.now += 2 * DAY
    fill(trail, 1)
    first, second = (r.time[:10] for r in trail.records())
    assert [r.time[:10] for r in trail.records(since=second)] == [second]
    assert [r.time[:10] for r in trail.records(until=first)] == [first]
    rows = list(csv.DictReader(io.StringIO("".join(csv_rows(trail.records(), bom=False)))))
    assert [(r["user"], r["question"], r["documents"]) for r in rows] == [("user0", "q0", "d0.txt"), ("user0", "q0", "d0.txt")]
    assert "".join(csv_rows([])).startswith("\ufeffseq,time,event")
