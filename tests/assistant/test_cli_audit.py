"""``docqa audit export`` and ``docqa audit verify``; ``docqa users`` changes are recorded."""

from __future__ import annotations

import csv
import io
import json
import sqlite3

import pytest

from assistant.audit import AuditTrail
from assistant.cli import main
from ingest.core.settings import get_settings
from tests.assistant.auth import PASSWORD, cli_environment

pytestmark = pytest.mark.integration


@pytest.fixture()
def env(tmp_path, monkeypatch):
    cli_environment(tmp_path, monkeypatch)
    trail = AuditTrail(tmp_path / "audit.sqlite")
    trail.append("question", "suzuki", "127.0.0.1", question="下水道の料金は？", answer_type="passage",
                 documents=["a.txt", "b.txt"], passages=["a.txt#1", "b.txt#2"])
    trail.close()
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert main(["users", "add", "tanaka", "--group", "総務課"]) == 0
    yield tmp_path
    get_settings.cache_clear()


def test_export_prints_one_json_object_a_line_naming_user_question_and_documents(env, capsys):
    capsys.readouterr()
    assert main(["audit", "export"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    question, change = records
    assert (question["event"], question["user"], question["question"], question["documents"]) == (
        "question", "suzuki", "下水道の料金は？", ["a.txt", "b.txt"])
    assert change["event"] == "user_change" and change["account"] == "tanaka" and change["change"] == "add"
    assert change["user"].startswith("os:") and change["groups"] == ["総務課"]
    assert PASSWORD not in json.dumps(records, ensure_ascii=False)


def test_export_csv_and_since(env, capsys):
    capsys.readouterr()
    assert main(["audit", "export", "--csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["event"], r["documents"]) for r in rows] == [("question", "a.txt b.txt"), ("user_change", "")]
    assert main(["audit", "export", "--since", "2099-01-01"]) == 0
    assert capsys.readouterr().out == ""
    with pytest.raises(SystemExit):
        main(["audit", "export", "--since", "yesterday"])


def test_verify_finds_a_changed_record(env, capsys):
    assert main(["audit", "verify"]) == 0
    db = sqlite3.connect(env / "audit.sqlite")
    db.executescript("DROP TRIGGER events_append_only; UPDATE events SET user = 'mallory' WHERE seq = 1;")
    db.close()
    assert main(["audit", "verify"]) == 1
    assert "record 1: its contents were changed" in capsys.readouterr().err
