"""No user ever receives text, a title, a count or a fact of a document outside their groups,
from any endpoint the API and the chat UI call, and a hidden document changes nothing a
viewer gets: a property test (Hypothesis, seeded) over random documents in random groups and
random users, each user's responses compared with those of an index of their documents alone."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.api import create_app
from assistant.api.fake import FakeDocument, build_index
from assistant.service import Assistant
from tests.assistant.auth import add_user, auth_settings, new_token
from tests.conftest import make_settings

pytestmark = [pytest.mark.integration, pytest.mark.slow]

WORDS = "水道 料金 協定 環境 覚書 防災 予算 下水 計画 交流".split()
GROUPS = ["総務課", "企画課", "hr"]


@st.composite
def documents(draw, index: int) -> FakeDocument:
    marker = f"marker{index}x"
    paragraphs = [
        " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=2, max_size=7)) + [marker])
        for _ in range(draw(st.integers(1, 3)))
    ]
    return FakeDocument(
        doc=f"doc{index}x.txt", title=f"title{index}x", text="\n\n".join(paragraphs), publisher=f"pub{index}x",
        groups=tuple(draw(st.lists(st.sampled_from(GROUPS), max_size=2, unique=True))),
    )


@st.composite
def worlds(draw):
    n = draw(st.integers(2, 5))
    docs = [draw(documents(i)) for i in range(n)]
    users = draw(st.lists(st.frozensets(st.sampled_from(GROUPS), max_size=2), min_size=1, max_size=3))
    questions = draw(st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=3).map(" ".join), min_size=1, max_size=2))
    return docs, users, questions


def visible(doc: FakeDocument, groups: frozenset[str]) -> bool:
    return not doc.groups or bool(groups & set(doc.groups))


def stable(body):
    """A response without what differs from run to run (timings, completion ids and times)."""
    if isinstance(body, dict):
        return {k: stable(v) for k, v in body.items() if k not in ("timings_ms", "id", "created")}
    if isinstance(body, list):
        return [stable(v) for v in body]
    return body


def calls(client, docs, questions, headers) -> dict[str, object]:
    """What the endpoints and the chat UI's data calls answer this user, by call."""
    out = {}
    for q in questions:
        out[f"ask {q}"] = stable(client.post("/api/ask", json={"question": q, "k": 5}, headers=headers).json())
        chat = client.post("/api/chat", json={"question": q}, headers=headers).text
        out[f"chat {q}"] = [stable(json.loads(line[5:])) for line in chat.splitlines() if line.startswith("data:")]
        completion = client.post("/v1/chat/completions", json={"model": "docqa", "messages": [{"role": "user", "content": q}]}, headers=headers)
        out[f"v1 {q}"] = stable(completion.json())["choices"]
    out["models"] = client.get("/v1/models", headers=headers).json()
    out["documents"] = client.get("/api/documents", headers=headers).json()
    for i, doc in enumerate(docs):  # by number: the keys must not name a document either
        out[f"document {i}"] = stable(client.get(f"/api/documents/{quote(doc.doc)}?start=0&end=5", headers=headers).json())
        for n in range(3):
            out[f"passage {i} {n}"] = client.get(f"/api/passages/{quote(doc.doc)}%23p{n:03d}", headers=headers).json()
    # Which passages of kept answers are gone, and whether a draft may cite one (issue 17): by
    # position, since the ids sent name the documents.
    ids = [f"{doc.doc}#p000" for doc in docs]
    missing = set(client.post("/api/passages/missing", json={"passage_ids": ids}, headers=headers).json()["missing"])
    out["missing"] = [i for i, passage in enumerate(ids) if passage in missing]
    for i, doc in enumerate(docs):
        citation = {"n": 1, "doc": doc.doc, "title": "", "passage_id": ids[i], "text": "x", "start": 0, "end": 1}
        out[f"draft {i}"] = client.post("/api/draft", json={"answer": "x [1]", "citations": [citation]}, headers=headers).status_code
    out["facts"] = client.get("/api/facts", headers=headers).json()
    out["facts.csv"] = client.get("/api/facts.csv", headers=headers).text
    out["feedback"] = client.get("/api/feedback", headers=headers).json()
    health = client.get("/health", headers=headers).json()["index"]
    out["health"] = {k: health[k] for k in ("documents", "chunks")}
    return out


def app_for(root: Path, docs: list[FakeDocument], **overrides):
    handle = build_index(root / "index", docs)
    settings_ = (auth_settings if overrides.pop("signed", True) else make_settings)(root / "data", **overrides)
    return create_app(settings_, Assistant(settings_, handle=handle)), settings_


@settings(max_examples=12, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(worlds())
def test_no_user_gets_anything_of_a_document_outside_their_groups(world):
    docs, users, questions = world
    root = Path(tempfile.mkdtemp(prefix="docqa-access-"))
    try:
        app, settings_ = app_for(root / "all", docs)
        for n, groups in enumerate(users):
            add_user(settings_, f"user{n}", groups=tuple(groups))
        add_user(settings_, "rater", groups=tuple(GROUPS))
        with TestClient(app) as client:
            rater = {"Authorization": f"Bearer {new_token(settings_, 'rater')}"}
            for d in docs:  # a rating citing each document, by a user who sees them all
                client.post("/api/feedback", json={"rating": "good", "question": d.title, "answer": d.title,
                                                   "citations": [{"doc": d.doc, "text": d.title}]}, headers=rater)
            assert len(client.get("/api/feedback", headers=rater).json()) == len(docs)
            for n, groups in enumerate(users):
                headers = {"Authorization": f"Bearer {new_token(settings_, f'user{n}')}"}
                seen = calls(client, docs, questions, headers)
                shown = [d for d in docs if visible(d, groups)]
                hidden = [d for d in docs if not visible(d, groups)]
                text = json.dumps(seen, ensure_ascii=False)
                for doc in hidden:
                    for secret in (doc.doc, doc.title, f"marker{docs.index(doc)}x", doc.publisher):
                        assert secret not in text, (groups, doc.groups, secret)
                assert len(seen["documents"]) == len(shown)
                assert seen["health"]["documents"] == len(shown)
                # The same calls to an index of the user's documents alone, with no access rule.
                alone_app, _ = app_for(root / f"alone{n}", shown, signed=False)
                with TestClient(alone_app) as alone:
                    expected = calls(alone, docs, questions, {})
                # Ratings live beside the index: the user gets those citing only documents they see.
                assert sorted(r["question"] for r in seen.pop("feedback")) == sorted(d.title for d in shown)
                expected.pop("feedback")
                assert seen == expected
    finally:
        shutil.rmtree(root, ignore_errors=True)
