"""The corpus with two documents in a group: a reader outside it gets, for every question of
the QA sets and from the agreements table, exactly what an index of the other three documents
alone gives (scores, passages, answers, declines, facts), and nothing of the two."""

from __future__ import annotations

import json
import shutil

import pytest
from fastapi.testclient import TestClient

from assistant.api import create_app
from assistant.service import Assistant
from ingest.pipeline import run_ingest
from tests.assistant.api.test_access_properties import stable
from tests.assistant.auth import add_user, auth_settings, new_token
from tests.conftest import CORPUS, REPO, make_settings

pytestmark = [pytest.mark.integration, pytest.mark.slow]

HIDDEN = ["osaka-env-intl-cooperation-page-2024.txt", "kawasaki-env-yearbook-ch3-intl-contribution-fy2023.txt"]
QA_SETS = ["dev.jsonl", "extra.jsonl", "relations.jsonl", "english.jsonl", "holdout_a.jsonl", "holdout_b.jsonl"]


def questions() -> list[str]:
    out = []
    for name in QA_SETS:
        for line in (REPO / "eval" / "qa" / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                out.append(json.loads(line)["question"])
    return out


@pytest.fixture(scope="module")
def apps(tmp_path_factory):
    root = tmp_path_factory.mktemp("access-corpus")
    grouped = root / "grouped"
    shutil.copytree(CORPUS, grouped)
    manifest = json.loads((grouped / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest["documents"]:
        if entry["file"] in HIDDEN:
            entry["groups"] = ["国際課"]
    (grouped / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    alone = root / "alone"
    shutil.copytree(CORPUS, alone)
    for name in HIDDEN:
        (alone / name).unlink()
    signed = auth_settings(root / "data-grouped")
    plain = make_settings(root / "data-alone")
    assert run_ingest([grouped], signed).failed == []
    assert run_ingest([alone], plain).failed == []
    add_user(signed, "reader")
    add_user(signed, "member", groups=("国際課",))
    return signed, plain


def ask_all(client, headers) -> dict:
    out = {q: stable(client.post("/api/ask", json={"question": q}, headers=headers).json()) for q in questions()}
    out["facts"] = client.get("/api/facts", headers=headers).json()
    out["facts.csv"] = client.get("/api/facts.csv", headers=headers).text
    out["documents"] = client.get("/api/documents", headers=headers).json()
    return out


def test_a_reader_outside_the_group_gets_what_an_index_without_its_documents_gives(apps):
    signed, plain = apps
    with TestClient(create_app(signed, Assistant.from_settings(signed, with_models=False))) as client:
        reader = {"Authorization": f"Bearer {new_token(signed, 'reader')}"}
        seen = ask_all(client, reader)
        member = {"Authorization": f"Bearer {new_token(signed, 'member')}"}
        assert len(client.get("/api/documents", headers=member).json()) == 5
    with TestClient(create_app(plain, Assistant.from_settings(plain, with_models=False))) as client:
        expected = ask_all(client, {})
    assert len(seen) == 329 + 3  # the distinct questions of the QA sets, and three tables
    differing = [key for key in expected if seen[key] != expected[key]]
    assert differing == []
    text = json.dumps(seen, ensure_ascii=False)
    for name in HIDDEN:
        assert name not in text
