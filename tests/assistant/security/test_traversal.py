"""``GET /api/documents/{doc}`` over the real corpus index refuses path traversal in every
spelling: relative and absolute paths, percent-encoded (once, twice), overlong UTF-8, full-width
and other NFKC look-alikes, backslashes, NUL bytes; through the ASGI client and as raw bytes on
a live uvicorn socket, where no client tidies the path first."""

from __future__ import annotations

import socket
from dataclasses import replace
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from assistant.api import create_app
from assistant.api.deps import ApiError
from assistant.api.fake import OSAKA, build_index
from assistant.api.routes.documents import original_text
from ingest.index.generation import DOCUMENTS, META, TEXTS
from tests.assistant.api import AUTH, TOKEN, assert_error, live_server
from tests.conftest import REPO

pytestmark = pytest.mark.integration

DOC = "osaka-env-intl-cooperation-page-2024.txt"
#: Text that must never be in a refusal: /etc/passwd, pyproject.toml, the index's own files.
SECRETS = ("root:x:0:0", "[project]", "format_version", '"chunk_ids"', "tokenizer")


@pytest.fixture(scope="module")
def app(corpus_settings, corpus_assistant):
    return create_app(corpus_settings.model_copy(update={"api_token": TOKEN}), corpus_assistant)


@pytest.fixture(scope="module")
def client(app):
    with TestClient(app) as client:
        yield client


@pytest.fixture(scope="module")
def index(corpus_assistant):
    return corpus_assistant.handle.get()


def assert_refused(response) -> None:
    assert_error(response, 404, "not_found")
    assert not any(secret in response.text for secret in SECRETS), response.text[:200]


def traversals(index) -> list[str]:
    meta = index.docs[DOC]
    texts = index.source.file(TEXTS)
    return [
        "../../../../../../etc/passwd",
        "..%2F..%2F..%2F..%2Fetc%2Fpasswd",
        "%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "%2E%2E%2F%2E%2E%2Fpyproject.toml",
        "%252e%252e%252fpyproject.toml",
        "%25252e%25252e%25252fpyproject.toml",
        "%c0%ae%c0%ae%c0%afpyproject.toml",
        "%e0%80%ae%e0%80%ae/pyproject.toml",
        "..%5c..%5cpyproject.toml",
        "..\\..\\pyproject.toml",
        "....//....//pyproject.toml",
        "..;/..;/pyproject.toml",
        quote("．．／．．／pyproject.toml"),  # full-width dots and slash: NFKC gives ../../
        quote("‥/‥/pyproject.toml"),  # TWO DOT LEADER: NFKC gives ..
        quote("︰/pyproject.toml"),
        quote(meta.path, safe=""),  # the absolute path of the real corpus file
        meta.path.lstrip("/"),
        quote(str(texts / meta.text_file), safe=""),  # the absolute path of the stored text
        f"{TEXTS.name}/{meta.text_file}",
        meta.text_file,
        META.name,
        DOCUMENTS.name,
        f"../corpus/{DOC}",
        f"corpus/{DOC}",
        f"%2E%2F{DOC}",  # ./DOC: written plainly, the client would tidy it (see RAW_TARGETS)
        f"{DOC}/",
        f"{DOC}%2F%2E",
        f"{DOC}%2F%2E%2E",
        f"{DOC}%00",
        f"{DOC}%00.pdf",
        f"{quote(DOC)}%2F..%2F{quote(DOC)}",
        quote(DOC.upper()),
        quote(unicodedata_fullwidth(DOC)),
        f"file:{quote(meta.path)}",
        "~%2F.ssh%2Fid_rsa",
        "%2F%2Fetc%2Fpasswd",
    ]


def unicodedata_fullwidth(text: str) -> str:
    """ASCII letters as their full-width forms (NFKC maps them back)."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def test_the_real_document_is_served(client, index):
    response = client.get(f"/api/documents/{DOC}", headers=AUTH)
    assert response.status_code == 200 and response.json()["doc"] == DOC
    assert response.json()["text"] == (index.source.file(TEXTS) / index.docs[DOC].text_file).read_text(
        encoding="utf-8")


def test_traversal_spellings_are_refused(client, index):
    for path in traversals(index):
        assert_refused(client.get(f"/api/documents/{path}", headers=AUTH))
        assert_refused(client.get(f"/api/passages/{path}", headers=AUTH))


def raw_get(base_url: str, target: bytes) -> tuple[int, bytes]:
    """Send ``GET target`` as raw bytes (no client normalisation); (status, body)."""
    host, port = base_url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as sock:
        sock.sendall(b"GET " + target + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                     + TOKEN.encode() + b"\r\nConnection: close\r\n\r\n")
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split(b" ")[1]), body


RAW_TARGETS = [
    b"/api/documents/../../../../etc/passwd",
    b"/api/documents/..%2f..%2f..%2f..%2fetc%2fpasswd",
    b"/api/documents/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    b"/api/documents//etc/passwd",
    b"/api/documents/..\\..\\..\\pyproject.toml",
    b"/api/documents/./../../pyproject.toml",
    b"/api/documents/" + DOC.encode() + b"/../../../pyproject.toml",
    b"/api/documents/%00/../etc/passwd",
    b"/api/documents/./" + DOC.encode(),
    b"/api/documents/" + DOC.encode() + b"/.",
    b"/api/documents/" + DOC.encode() + b"/..",
    b"/api/passages/../../../../etc/passwd",
    b"/static/../../../pyproject.toml",
    b"/static/..%2f..%2f..%2fpyproject.toml",
    b"/static/%2e%2e/%2e%2e/api/app.py",
    b"/../../../../etc/passwd",
]


def test_raw_traversal_on_a_live_socket_is_refused(app):
    with live_server(app) as base_url:
        status, body = raw_get(base_url, b"/api/documents/" + DOC.encode())
        assert status == 200 and b'"doc"' in body
        for target in RAW_TARGETS:
            status, body = raw_get(base_url, target)
            assert status == 404, (target, status)
            assert body.startswith(b'{"error":{"code":"not_found"'), (target, body[:100])
            assert not any(secret.encode() in body for secret in SECRETS), target


@seed(20261201)
@settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(min_size=1, max_size=40))
def test_anything_but_a_catalogue_key_is_404(client, index, name):
    response = client.get(f"/api/documents/{quote(name, safe='')}", headers=AUTH)
    if name in index.docs:
        assert response.status_code == 200
    elif name.strip("/") in index.docs and "/" in name:
        assert response.status_code in (200, 404)
    else:
        assert_refused(response)


@pytest.mark.unit
@pytest.mark.parametrize("text_file", [
    "../../pyproject.toml", "../secret.txt", str(REPO / "pyproject.toml"), f"{TEXTS.name}/000000.txt", "", "..",
])
def test_a_catalogue_entry_naming_a_path_is_not_followed(tmp_path, text_file):
    """Defence in depth: even a tampered index cannot make the route read outside the text folder."""
    (tmp_path / "secret.txt").write_text("root:x:0:0", encoding="utf-8")
    index = build_index(tmp_path / "index", [OSAKA]).get()
    index.docs[OSAKA.doc] = replace(index.docs[OSAKA.doc], text_file=text_file)
    with pytest.raises(ApiError) as refused:
        original_text(index, OSAKA.doc)
    assert refused.value.status_code == 404
